<?php
/*
 * Parley for SuiteCRM: the Social panel's settings and HTML. No SuiteCRM dependency, so that it can be tested by itself.
 *
 * Settings live in SuiteCRM's configuration ($sugar_config['parley'], written to config_override.php by the admin
 * page): url (Parley's base URL), secret (Parley's tabSecret), token_lifetime (seconds, 1 to 900) and height (pixels).
 */

require_once __DIR__ . '/ParleyTabToken.php';

final class ParleyPanel
{
    const DEFAULT_LIFETIME = 300;
    const DEFAULT_HEIGHT = 720;
    /** What the iframe may do: the tab runs its own scripts, calls Parley's API and opens the original posts. */
    const SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-forms';

    private function __construct()
    {
    }

    /**
     * Parley's base URL, checked: http or https, a host, no credentials, query or fragment; without a trailing slash.
     *
     * @throws InvalidArgumentException naming what is wrong
     */
    public static function normaliseUrl($url)
    {
        $url = is_string($url) ? trim($url) : '';
        if ($url === '') {
            throw new InvalidArgumentException('Parley\'s URL is missing: set it, for example https://parley.example.com');
        }
        if (preg_match('/[\x00-\x20\x7F"<>\\\\^`{|}]/', $url)) {
            throw new InvalidArgumentException('Parley\'s URL must not contain spaces, quotes or control characters');
        }
        $parts = parse_url($url);
        if ($parts === false || !isset($parts['scheme'], $parts['host'])
            || !in_array(strtolower($parts['scheme']), array('http', 'https'), true)) {
            throw new InvalidArgumentException('Parley\'s URL must be an http or https URL, such as https://parley.example.com');
        }
        if (isset($parts['user']) || isset($parts['pass'])) {
            throw new InvalidArgumentException('Parley\'s URL must not carry a user name or password');
        }
        if (isset($parts['query']) || isset($parts['fragment'])) {
            throw new InvalidArgumentException('Parley\'s URL must not have a query or fragment');
        }
        return rtrim($url, '/');
    }

    /**
     * @throws InvalidArgumentException when the secret is shorter than Parley accepts (never repeating it)
     */
    public static function checkSecret($secret)
    {
        if (!is_string($secret) || strlen($secret) < ParleyTabToken::MIN_SECRET_BYTES) {
            throw new InvalidArgumentException('The shared secret must have at least ' . ParleyTabToken::MIN_SECRET_BYTES
                . ' bytes, the same as tabSecret in Parley\'s etc/org.parley.rest.cfg (openssl rand -hex 32 makes one)');
        }
        if (preg_match('/[\x00-\x1F\x7F]/', $secret) || trim($secret) !== $secret) {
            throw new InvalidArgumentException('The shared secret must not start or end with spaces or contain control '
                . 'characters: Karaf would not read it back the same');
        }
        return $secret;
    }

    /** @throws InvalidArgumentException when not a whole number of seconds from 1 to 900 */
    public static function lifetime($seconds)
    {
        if (is_string($seconds) && preg_match('/^\s*[0-9]{1,6}\s*$/', $seconds)) {
            $seconds = (int) $seconds;
        }
        if (!is_int($seconds) || $seconds < 1 || $seconds > ParleyTabToken::MAX_LIFETIME_SECONDS) {
            throw new InvalidArgumentException('The token lifetime must be 1 to ' . ParleyTabToken::MAX_LIFETIME_SECONDS
                . ' seconds (Parley refuses tokens that live longer than its maxTokenLifetime, PT15M by default)');
        }
        return $seconds;
    }

    /** @throws InvalidArgumentException when not a whole number of pixels from 200 to 4000 */
    public static function height($pixels)
    {
        if (is_string($pixels) && preg_match('/^\s*[0-9]{1,5}\s*$/', $pixels)) {
            $pixels = (int) $pixels;
        }
        if (!is_int($pixels) || $pixels < 200 || $pixels > 4000) {
            throw new InvalidArgumentException('The panel height must be 200 to 4000 pixels');
        }
        return $pixels;
    }

    /**
     * The settings from $sugar_config['parley'], checked; null when Parley is not configured (no URL or no secret).
     *
     * @throws InvalidArgumentException when a value is present but wrong
     */
    public static function settings($config)
    {
        $parley = (is_array($config) && isset($config['parley']) && is_array($config['parley'])) ? $config['parley'] : array();
        if (empty($parley['url']) || empty($parley['secret'])) {
            return null;
        }
        return array(
            'url' => self::normaliseUrl($parley['url']),
            'secret' => self::checkSecret($parley['secret']),
            'token_lifetime' => isset($parley['token_lifetime']) ? self::lifetime($parley['token_lifetime'])
                : self::DEFAULT_LIFETIME,
            'height' => isset($parley['height']) ? self::height($parley['height']) : self::DEFAULT_HEIGHT,
        );
    }

    /**
     * The Social panel for one record: an iframe of Parley's tab page with a fresh token in the URL's fragment (a
     * fragment is not sent to servers or in Referer headers). Every value is HTML-escaped; the secret is not in it.
     */
    public static function render(array $settings, $contactType, $contactId, $crmUser, $now, $title)
    {
        $token = ParleyTabToken::issue($settings['secret'], $contactType, $contactId, $crmUser, $now,
            $settings['token_lifetime']);
        $src = $settings['url'] . '/parley/tab#token=' . $token;
        return '<iframe class="parley-social" src="' . self::escape($src) . '" title="' . self::escape($title)
            . '" sandbox="' . self::SANDBOX . '" referrerpolicy="no-referrer" loading="lazy"'
            . ' style="display:block;width:100%;height:' . (int) $settings['height'] . 'px;border:0"></iframe>';
    }

    /** A message in place of the panel (not configured, misconfigured), escaped. */
    public static function notice($text)
    {
        return '<p class="parley-social-notice">' . self::escape($text) . '</p>';
    }

    public static function escape($text)
    {
        return htmlspecialchars((string) $text, ENT_QUOTES | ENT_HTML5 | ENT_SUBSTITUTE, 'UTF-8');
    }
}
