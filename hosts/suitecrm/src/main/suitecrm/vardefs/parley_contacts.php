<?php
/*
 * Parley for SuiteCRM: the Contacts field behind the Social panel. Not stored: SuiteCRM calls parley_social_field()
 * when it shows a record, and prints the HTML it returns.
 */

$dictionary['Contact']['fields']['parley_social'] = array(
    'name' => 'parley_social',
    'vname' => 'LBL_PARLEY_SOCIAL',
    'type' => 'function',
    'source' => 'non-db',
    'function' => array(
        'name' => 'parley_social_field',
        'returns' => 'html',
        'include' => 'custom/parley/ParleySocialField.php',
    ),
    'studio' => array('detailview' => true, 'editview' => false, 'quickcreate' => false, 'listview' => false,
        'searchview' => false, 'popupsearch' => false, 'dashlet' => false),
    'massupdate' => false,
    'importable' => 'false',
    'reportable' => false,
    'inline_edit' => false,
    'duplicate_merge' => 'disabled',
    'audited' => false,
);
