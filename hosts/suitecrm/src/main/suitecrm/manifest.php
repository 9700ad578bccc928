<?php
/*
 * Parley for SuiteCRM: the Module Loader manifest (Admin → Module Loader). Built by hosts/suitecrm (Maven); see its
 * README. The custom fields are those Parley's SuiteCRM connector reads and writes (etc/org.parley.crm.suitecrm.cfg:
 * handleFields, noteKeyField, engagementField, sentimentField).
 */

$manifest = array(
    'name' => 'Parley',
    'description' => 'Social channels on the contact page: the Social panel (Parley\'s tab in a frame, opened with a '
        . 'short-lived signed token), social handle fields, engagement and sentiment fields, and the Parley settings.',
    'author' => 'Parley',
    'version' => '@project.version@',
    'type' => 'module',
    'is_uninstallable' => true,
    // SuiteCRM 7 checks this against $sugar_version, which is 6.5.x on every SuiteCRM 7 (6.5.25 on 7.14).
    'acceptable_sugar_versions' => array('regex_matches' => array('^6\\.5\\.')),
    // SuiteCRM 7.10 to 7.14, and 8.x through its legacy Module Loader (see the README for what 8.x shows).
    'acceptable_suitecrm_versions' => array('regex_matches' => array('^7\\.1[0-4]\\.', '^8\\.')),
    'readme' => '',
    'icon' => '',
    'key' => 'parley',
    'remove_tables' => 'prompt',
);

$parleyHandles = array(
    // channel => label; the field is <channel>_handle_c, as the connector's handleFields names it.
    'mastodon' => 'LBL_MASTODON_HANDLE',
    'bluesky' => 'LBL_BLUESKY_HANDLE',
    'telegram' => 'LBL_TELEGRAM_HANDLE',
    'meta' => 'LBL_META_HANDLE',
    'wechat' => 'LBL_WECHAT_HANDLE',
    'x' => 'LBL_X_HANDLE',
);
$parleyFields = array();
foreach (array('Contacts', 'Leads') as $parleyModule) {
    foreach ($parleyHandles as $parleyChannel => $parleyLabel) {
        $parleyFields[] = array(
            'name' => $parleyChannel . '_handle_c',
            'label' => $parleyLabel,
            'type' => 'varchar',
            'max_size' => 255,
            'require_option' => 'optional',
            'default_value' => '',
            'help' => 'The person\'s handle on ' . $parleyChannel . ', as Parley sees it',
            'comment' => 'Parley: handle on ' . $parleyChannel,
            'audited' => 1,
            'mass_update' => 0,
            'duplicate_merge' => 1,
            'reportable' => 1,
            'importable' => 'true',
            'module' => $parleyModule,
        );
    }
    // Written by Parley (CrmConnector.setScores): engagement 0 to 100, sentiment -1 to 1, four decimals.
    $parleyFields[] = array(
        'name' => 'parley_engagement_c',
        'label' => 'LBL_PARLEY_ENGAGEMENT',
        'type' => 'decimal',
        'max_size' => 7,
        'precision' => 4,
        'require_option' => 'optional',
        'default_value' => '',
        'comment' => 'Parley: engagement score, 0 to 100',
        'audited' => 0,
        'mass_update' => 0,
        'duplicate_merge' => 0,
        'reportable' => 1,
        'importable' => 'false',
        'module' => $parleyModule,
    );
    $parleyFields[] = array(
        'name' => 'parley_sentiment_c',
        'label' => 'LBL_PARLEY_SENTIMENT',
        'type' => 'decimal',
        'max_size' => 5,
        'precision' => 4,
        'require_option' => 'optional',
        'default_value' => '',
        'comment' => 'Parley: sentiment trend, -1 to 1',
        'audited' => 0,
        'mass_update' => 0,
        'duplicate_merge' => 0,
        'reportable' => 1,
        'importable' => 'false',
        'module' => $parleyModule,
    );
}
// The key of the interaction a Note records: the connector looks it up before writing, so a retry writes no duplicate.
$parleyFields[] = array(
    'name' => 'parley_key_c',
    'label' => 'LBL_PARLEY_KEY',
    'type' => 'varchar',
    'max_size' => 255,
    'require_option' => 'optional',
    'default_value' => '',
    'comment' => 'Parley: interaction key',
    'audited' => 0,
    'mass_update' => 0,
    'duplicate_merge' => 0,
    'reportable' => 0,
    'importable' => 'false',
    'module' => 'Notes',
);

$installdefs = array(
    'id' => 'parley',
    'copy' => array(
        array('from' => '<basepath>/parley/ParleyTabToken.php', 'to' => 'custom/parley/ParleyTabToken.php'),
        array('from' => '<basepath>/parley/ParleyPanel.php', 'to' => 'custom/parley/ParleyPanel.php'),
        array('from' => '<basepath>/parley/ParleyLayout.php', 'to' => 'custom/parley/ParleyLayout.php'),
        array('from' => '<basepath>/parley/ParleySocialField.php', 'to' => 'custom/parley/ParleySocialField.php'),
        array('from' => '<basepath>/parley/ParleySettingsPage.php',
            'to' => 'custom/modules/Administration/ParleySettings.php'),
    ),
    'custom_fields' => $parleyFields,
    'vardefs' => array(
        array('from' => '<basepath>/vardefs/parley_contacts.php', 'to_module' => 'Contacts'),
    ),
    'language' => array(
        array('from' => '<basepath>/language/Contacts/en_us.parley.php', 'to_module' => 'Contacts', 'language' => 'en_us'),
        array('from' => '<basepath>/language/Leads/en_us.parley.php', 'to_module' => 'Leads', 'language' => 'en_us'),
        array('from' => '<basepath>/language/Notes/en_us.parley.php', 'to_module' => 'Notes', 'language' => 'en_us'),
        array('from' => '<basepath>/language/Administration/en_us.parley.php', 'to_module' => 'Administration',
            'language' => 'en_us'),
    ),
    'administration' => array(
        array('from' => '<basepath>/administration/parley_admin.php'),
    ),
    // After the files are in place: the Social panel joins the Contacts detail view. Before removal: it leaves.
    'post_execute' => array('<basepath>/scripts/install_layout.php'),
    'pre_uninstall' => array('<basepath>/scripts/uninstall_layout.php'),
);
