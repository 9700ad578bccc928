<?php
/*
 * Parley for SuiteCRM: Admin → Parley settings (index.php?module=Administration&action=ParleySettings), installed as
 * custom/modules/Administration/ParleySettings.php. Stores $sugar_config['parley'] through the Configurator (that is,
 * in config_override.php). The secret is write-only: the form never shows it, an empty field keeps the stored one.
 */

if (!defined('sugarEntry') || !sugarEntry) {
    die('Not A Valid Entry Point');
}

global $current_user, $sugar_config, $mod_strings;
if (!is_admin($current_user)) {
    sugar_die('Unauthorized access to administration.');
}

require_once 'modules/Configurator/Configurator.php';
require_once 'custom/parley/ParleyPanel.php';

$parleyText = function ($key) use ($mod_strings) {
    return ParleyPanel::escape(isset($mod_strings[$key]) ? $mod_strings[$key] : $key);
};
$stored = (isset($sugar_config['parley']) && is_array($sugar_config['parley'])) ? $sugar_config['parley'] : array();
$errors = array();
$saved = false;
$form = array(
    'url' => isset($stored['url']) ? (string) $stored['url'] : '',
    'token_lifetime' => isset($stored['token_lifetime']) ? (string) $stored['token_lifetime']
        : (string) ParleyPanel::DEFAULT_LIFETIME,
    'height' => isset($stored['height']) ? (string) $stored['height'] : (string) ParleyPanel::DEFAULT_HEIGHT,
);

if ($_SERVER['REQUEST_METHOD'] === 'POST') {
    // The form as posted: SuiteCRM's XSS filter rewrites $_POST (quotes, '<', 'javascript:'), and the secret must stay
    // exactly as typed. Every value is checked below and escaped when shown.
    $posted = array();
    parse_str((string) file_get_contents('php://input'), $posted);
    $field = function ($name) use ($posted) {
        return (isset($posted[$name]) && is_string($posted[$name])) ? $posted[$name] : '';
    };
    // A form token of this session, besides SuiteCRM's Referer check: a page elsewhere cannot change the secret.
    $expected = isset($_SESSION['parley_form_token']) ? (string) $_SESSION['parley_form_token'] : '';
    if ($expected === '' || !hash_equals($expected, $field('parley_form_token'))) {
        $errors[] = $parleyText('LBL_PARLEY_EXPIRED_FORM');
    } else {
        $form['url'] = trim($field('parley_url'));
        $form['token_lifetime'] = $field('parley_token_lifetime');
        $form['height'] = $field('parley_height');
        $secret = $field('parley_secret');
        $new = $stored;
        $checks = array(
            'url' => function () use ($form) { return ParleyPanel::normaliseUrl($form['url']); },
            'token_lifetime' => function () use ($form) { return ParleyPanel::lifetime($form['token_lifetime']); },
            'height' => function () use ($form) { return ParleyPanel::height($form['height']); },
        );
        foreach ($checks as $key => $check) {
            try {
                $new[$key] = $check();
            } catch (InvalidArgumentException $e) {
                $errors[] = ParleyPanel::escape($e->getMessage());
            }
        }
        if ($secret !== '') {
            try {
                $new['secret'] = ParleyPanel::checkSecret($secret);
            } catch (InvalidArgumentException $e) {
                $errors[] = ParleyPanel::escape($e->getMessage());
            }
        }
        if (empty($errors)) {
            $configurator = new Configurator();
            $configurator->config['parley'] = $new;
            $configurator->handleOverride();
            $stored = $new;
            $form['url'] = $new['url'];
            $saved = true;
            $GLOBALS['log']->info('Parley: settings changed by ' . $current_user->user_name
                . ($secret !== '' ? ' (new shared secret)' : ''));
        }
    }
}

$_SESSION['parley_form_token'] = bin2hex(random_bytes(32));

echo getClassicModuleTitle('Administration', array(
    "<a href='index.php?module=Administration&action=index'>" . ParleyPanel::escape(translate('LBL_MODULE_NAME', 'Administration')) . '</a>',
    $parleyText('LBL_PARLEY_SETTINGS'),
), false);

if ($saved) {
    echo '<p class="msg" role="status">' . $parleyText('LBL_PARLEY_SAVED') . '</p>';
}
foreach ($errors as $error) {
    echo '<p class="error" role="alert">' . $error . '</p>';
}
$secretState = empty($stored['secret']) ? 'LBL_PARLEY_SECRET_UNSET' : 'LBL_PARLEY_SECRET_SET';
?>
<form method="post" action="index.php?module=Administration&amp;action=ParleySettings" autocomplete="off">
  <input type="hidden" name="parley_form_token" value="<?php echo ParleyPanel::escape($_SESSION['parley_form_token']); ?>">
  <table class="edit view" role="presentation">
    <tr>
      <td scope="row"><label for="parley_url"><?php echo $parleyText('LBL_PARLEY_URL'); ?></label></td>
      <td><input type="url" id="parley_url" name="parley_url" size="60" required
                 value="<?php echo ParleyPanel::escape($form['url']); ?>"
                 aria-describedby="parley_url_help">
        <div id="parley_url_help"><?php echo $parleyText('LBL_PARLEY_URL_HELP'); ?></div></td>
    </tr>
    <tr>
      <td scope="row"><label for="parley_secret"><?php echo $parleyText('LBL_PARLEY_SECRET'); ?></label></td>
      <td><input type="password" id="parley_secret" name="parley_secret" size="60" value="" autocomplete="new-password"
                 aria-describedby="parley_secret_help">
        <div id="parley_secret_help"><?php echo $parleyText($secretState) . ' ' . $parleyText('LBL_PARLEY_SECRET_HELP'); ?></div></td>
    </tr>
    <tr>
      <td scope="row"><label for="parley_token_lifetime"><?php echo $parleyText('LBL_PARLEY_LIFETIME'); ?></label></td>
      <td><input type="number" id="parley_token_lifetime" name="parley_token_lifetime" min="1" max="900" required
                 value="<?php echo ParleyPanel::escape($form['token_lifetime']); ?>" aria-describedby="parley_lifetime_help">
        <div id="parley_lifetime_help"><?php echo $parleyText('LBL_PARLEY_LIFETIME_HELP'); ?></div></td>
    </tr>
    <tr>
      <td scope="row"><label for="parley_height"><?php echo $parleyText('LBL_PARLEY_HEIGHT'); ?></label></td>
      <td><input type="number" id="parley_height" name="parley_height" min="200" max="4000" required
                 value="<?php echo ParleyPanel::escape($form['height']); ?>"></td>
    </tr>
  </table>
  <input type="submit" class="button primary" value="<?php echo ParleyPanel::escape(translate('LBL_SAVE_BUTTON_LABEL')); ?>">
</form>
