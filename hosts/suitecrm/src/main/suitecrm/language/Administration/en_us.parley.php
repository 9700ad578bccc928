<?php
/* Parley for SuiteCRM: Administration labels (en_us). */

$mod_strings['LBL_PARLEY_ADMIN_TITLE'] = 'Parley';
$mod_strings['LBL_PARLEY_ADMIN_DESC'] = 'The Social panel on contacts: Parley\'s address and the secret shared with it.';
$mod_strings['LBL_PARLEY_SETTINGS'] = 'Parley settings';
$mod_strings['LBL_PARLEY_SETTINGS_DESC'] = 'Parley\'s URL, the shared secret and the token lifetime';
$mod_strings['LBL_PARLEY_URL'] = 'Parley URL';
$mod_strings['LBL_PARLEY_URL_HELP'] = 'The address the browser reaches Parley at, for example https://parley.example.com. The panel shows <URL>/parley/tab.';
$mod_strings['LBL_PARLEY_SECRET'] = 'Shared secret';
$mod_strings['LBL_PARLEY_SECRET_HELP'] = 'The same value as tabSecret in Parley\'s etc/org.parley.rest.cfg, at least 32 bytes (openssl rand -hex 32). It is never shown again; leave the field empty to keep the current one.';
$mod_strings['LBL_PARLEY_SECRET_SET'] = 'A secret is set.';
$mod_strings['LBL_PARLEY_SECRET_UNSET'] = 'No secret is set.';
$mod_strings['LBL_PARLEY_LIFETIME'] = 'Token lifetime (seconds)';
$mod_strings['LBL_PARLEY_LIFETIME_HELP'] = '1 to 900; no longer than maxTokenLifetime in Parley\'s etc/org.parley.rest.cfg (PT15M by default).';
$mod_strings['LBL_PARLEY_HEIGHT'] = 'Panel height (pixels)';
$mod_strings['LBL_PARLEY_SAVED'] = 'Parley\'s settings are saved.';
$mod_strings['LBL_PARLEY_EXPIRED_FORM'] = 'The form was too old or came from elsewhere: nothing was saved. Please try again.';
