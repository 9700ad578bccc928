<?php
/* Parley for SuiteCRM: Leads labels (en_us). */

$mod_strings['LBL_MASTODON_HANDLE'] = 'Mastodon';
$mod_strings['LBL_BLUESKY_HANDLE'] = 'Bluesky';
$mod_strings['LBL_TELEGRAM_HANDLE'] = 'Telegram';
$mod_strings['LBL_META_HANDLE'] = 'Facebook / Instagram / WhatsApp';
$mod_strings['LBL_WECHAT_HANDLE'] = 'WeChat';
$mod_strings['LBL_X_HANDLE'] = 'X';
$mod_strings['LBL_PARLEY_ENGAGEMENT'] = 'Social engagement (0–100)';
$mod_strings['LBL_PARLEY_SENTIMENT'] = 'Social sentiment (−1 to 1)';
