<?php
/* Parley for SuiteCRM: Contacts labels (en_us). */

$mod_strings['LBL_PARLEY_SOCIAL_PANEL'] = 'Social';
$mod_strings['LBL_PARLEY_SOCIAL'] = 'Social';
$mod_strings['LBL_PARLEY_NOT_CONFIGURED'] = 'The Social panel is not set up yet: an administrator sets Parley\'s URL and shared secret in Admin → Parley.';
$mod_strings['LBL_PARLEY_MISCONFIGURED'] = 'The Social panel cannot be shown: Parley\'s settings in Admin → Parley are not valid (see the SuiteCRM log).';
$mod_strings['LBL_PARLEY_UNAVAILABLE'] = 'The Social panel cannot be shown for this record (see the SuiteCRM log).';
$mod_strings['LBL_MASTODON_HANDLE'] = 'Mastodon';
$mod_strings['LBL_BLUESKY_HANDLE'] = 'Bluesky';
$mod_strings['LBL_TELEGRAM_HANDLE'] = 'Telegram';
$mod_strings['LBL_META_HANDLE'] = 'Facebook / Instagram / WhatsApp';
$mod_strings['LBL_WECHAT_HANDLE'] = 'WeChat';
$mod_strings['LBL_X_HANDLE'] = 'X';
$mod_strings['LBL_PARLEY_ENGAGEMENT'] = 'Social engagement (0–100)';
$mod_strings['LBL_PARLEY_SENTIMENT'] = 'Social sentiment (−1 to 1)';
