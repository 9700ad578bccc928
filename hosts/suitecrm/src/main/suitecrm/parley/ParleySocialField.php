<?php
/*
 * Parley for SuiteCRM: the function behind the Contacts field parley_social (non-db), which prints the Social panel.
 * SuiteCRM calls it with the record being shown; see vardefs/parley_contacts.php.
 */

if (!defined('sugarEntry') || !sugarEntry) {
    die('Not A Valid Entry Point');
}

require_once __DIR__ . '/ParleyPanel.php';

/**
 * @param SugarBean $focus the Contact on the page
 * @param string    $name  the field's name
 * @param mixed     $value the field's value (none: it is not stored)
 * @param string    $view  DetailView, EditView, QuickCreate, ...
 * @return string HTML: the iframe on a saved record's detail view, else nothing
 */
function parley_social_field($focus, $name, $value, $view)
{
    global $current_user, $sugar_config;
    // Only a saved record's detail view shows the panel (SuiteCRM also calls this for edit views and lists).
    if ($view !== 'DetailView' || empty($focus->id) || empty($current_user->user_name)) {
        return '';
    }
    try {
        $settings = ParleyPanel::settings($sugar_config);
    } catch (InvalidArgumentException $e) {
        $GLOBALS['log']->error('Parley: the Social panel is misconfigured: ' . $e->getMessage());
        return ParleyPanel::notice(translate('LBL_PARLEY_MISCONFIGURED', 'Contacts'));
    }
    if ($settings === null) {
        return ParleyPanel::notice(translate('LBL_PARLEY_NOT_CONFIGURED', 'Contacts'));
    }
    try {
        return ParleyPanel::render($settings, $focus->module_dir, $focus->id, $current_user->user_name, time(),
            translate('LBL_PARLEY_SOCIAL', 'Contacts'));
    } catch (InvalidArgumentException $e) {
        // A user name or record id Parley's token cannot carry ('|' or control characters).
        $GLOBALS['log']->error('Parley: no Social panel for ' . $focus->module_dir . ' ' . $focus->id . ': '
            . $e->getMessage());
        return ParleyPanel::notice(translate('LBL_PARLEY_UNAVAILABLE', 'Contacts'));
    }
}
