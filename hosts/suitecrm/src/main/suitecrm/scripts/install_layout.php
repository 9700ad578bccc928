<?php
/*
 * Parley for SuiteCRM, run by the Module Loader after the package's files are copied ($installdefs['post_execute']):
 * puts the Social panel on the Contacts detail view, keeping the site's own layout (custom/ first, else the stock one).
 */

if (!defined('sugarEntry') || !sugarEntry) {
    die('Not A Valid Entry Point');
}

require_once 'custom/parley/ParleyLayout.php';
require_once 'include/utils/array_utils.php';

function parley_install_layout($module)
{
    $custom = "custom/modules/$module/metadata/detailviewdefs.php";
    $source = file_exists($custom) ? $custom : "modules/$module/metadata/detailviewdefs.php";
    $viewdefs = array();
    include $source;
    $viewdefs = ParleyLayout::withSocialPanel($viewdefs, $module);
    mkdir_recursive(dirname($custom));
    if (!write_array_to_file('viewdefs', $viewdefs, $custom)) {
        $GLOBALS['log']->fatal("Parley: could not write $custom; add the field parley_social to the $module detail view in Studio");
        return;
    }
    $GLOBALS['log']->info("Parley: the Social panel is on the $module detail view ($custom)");
}

parley_install_layout('Contacts');
