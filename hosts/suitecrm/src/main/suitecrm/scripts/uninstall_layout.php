<?php
/*
 * Parley for SuiteCRM, run by the Module Loader before the package is removed ($installdefs['pre_uninstall']): takes
 * the Social panel off the Contacts detail view, so that the layout does not name a field that no longer exists.
 */

if (!defined('sugarEntry') || !sugarEntry) {
    die('Not A Valid Entry Point');
}

require_once 'custom/parley/ParleyLayout.php';
require_once 'include/utils/array_utils.php';

function parley_uninstall_layout($module)
{
    $custom = "custom/modules/$module/metadata/detailviewdefs.php";
    if (!file_exists($custom)) {
        return;
    }
    $viewdefs = array();
    include $custom;
    if (!write_array_to_file('viewdefs', ParleyLayout::withoutSocialPanel($viewdefs, $module), $custom)) {
        $GLOBALS['log']->fatal("Parley: could not write $custom; remove the Social panel in Studio");
    }
}

parley_uninstall_layout('Contacts');
