<?php
/* Parley for SuiteCRM: the "Parley" section of the Admin page. */

$admin_option_defs = array();
$admin_option_defs['Administration']['parley_settings'] = array(
    'Administration',
    'LBL_PARLEY_SETTINGS',
    'LBL_PARLEY_SETTINGS_DESC',
    './index.php?module=Administration&action=ParleySettings',
);
$admin_group_header[] = array('LBL_PARLEY_ADMIN_TITLE', '', false, $admin_option_defs, 'LBL_PARLEY_ADMIN_DESC');
