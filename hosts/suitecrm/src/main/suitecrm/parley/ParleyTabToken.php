<?php
/*
 * Parley for SuiteCRM: the Social tab token. No SuiteCRM dependency, so that it can be tested by itself.
 *
 *   token   = base64url(payload) "." base64url(HMAC-SHA256(payload, secret))
 *   payload = "v1|" contactType "|" contactId "|" crmUser "|" expiryEpochSeconds
 *
 * base64url without padding (RFC 4648 section 5); the payload is UTF-8; the secret is the UTF-8 bytes of Parley's
 * tabSecret (at least 32 bytes). Fields contain no '|' and no control characters. This mirrors Parley's Java
 * org.parley.rest.TabToken; the vectors in the package's tests hold both sides to the same bytes.
 */

final class ParleyTabToken
{
    const VERSION = 'v1';
    const MIN_SECRET_BYTES = 32;
    const MAX_TOKEN_LENGTH = 2048;
    /** Parley's default maxTokenLifetime is PT15M: a longer-lived token would be refused. */
    const MAX_LIFETIME_SECONDS = 900;

    /** Field name => longest length, counted like Java's String.length() (UTF-16 code units). */
    private static $FIELDS = array('contactType' => 64, 'contactId' => 255, 'crmUser' => 255);

    private function __construct()
    {
    }

    /**
     * The token for one contact and one CRM user, valid until $expiresAt (seconds since 1970).
     *
     * @throws InvalidArgumentException when a field or the secret is not acceptable (the message never holds the secret)
     */
    public static function sign($secret, $contactType, $contactId, $crmUser, $expiresAt)
    {
        self::checkSecret($secret);
        $payload = self::payload($contactType, $contactId, $crmUser, $expiresAt);
        return self::base64url($payload) . '.' . self::base64url(hash_hmac('sha256', $payload, $secret, true));
    }

    /**
     * A token that expires $lifetimeSeconds after $now: the CRM signs one per page view.
     *
     * @throws InvalidArgumentException when the lifetime is not 1 to MAX_LIFETIME_SECONDS, or as sign()
     */
    public static function issue($secret, $contactType, $contactId, $crmUser, $now, $lifetimeSeconds)
    {
        if (!is_int($lifetimeSeconds) || $lifetimeSeconds < 1 || $lifetimeSeconds > self::MAX_LIFETIME_SECONDS) {
            throw new InvalidArgumentException('a tab token lives 1 to ' . self::MAX_LIFETIME_SECONDS . ' seconds');
        }
        return self::sign($secret, $contactType, $contactId, $crmUser, $now + $lifetimeSeconds);
    }

    /** The signed text: v1|contactType|contactId|crmUser|expiryEpochSeconds. */
    public static function payload($contactType, $contactId, $crmUser, $expiresAt)
    {
        if (!is_int($expiresAt) || $expiresAt < 0 || $expiresAt > 999999999999) {
            throw new InvalidArgumentException('expiresAt must be whole seconds since 1970');
        }
        $values = array('contactType' => $contactType, 'contactId' => $contactId, 'crmUser' => $crmUser);
        foreach (self::$FIELDS as $name => $maxLength) {
            self::checkField($name, $values[$name], $maxLength);
        }
        return self::VERSION . '|' . $contactType . '|' . $contactId . '|' . $crmUser . '|' . $expiresAt;
    }

    /**
     * Checks a token as Parley does: shape, signature (constant time), payload, expiry, lifetime (with 30 s of clock
     * skew). Parley is the side that enforces this; the CRM uses it in its own tests.
     *
     * @return array contactType, contactId, crmUser, expiresAt
     * @throws InvalidArgumentException saying why the token is refused (never repeating the token or the secret)
     */
    public static function verify($token, $secret, $now, $maxLifetimeSeconds)
    {
        self::checkSecret($secret);
        if (!is_string($token) || $token === '' || strlen($token) > self::MAX_TOKEN_LENGTH) {
            throw new InvalidArgumentException('a tab token is 1 to ' . self::MAX_TOKEN_LENGTH . ' characters long');
        }
        $parts = explode('.', $token);
        if (count($parts) !== 2 || !preg_match('/^[A-Za-z0-9_-]+$/', $parts[0])
            || !preg_match('/^[A-Za-z0-9_-]+$/', $parts[1])) {
            throw new InvalidArgumentException('a tab token is base64url(payload).base64url(signature)');
        }
        $payload = self::unbase64url($parts[0]);
        $signature = self::unbase64url($parts[1]);
        if (!hash_equals(hash_hmac('sha256', $payload, $secret, true), $signature)) {
            throw new InvalidArgumentException('the tab token\'s signature does not match');
        }
        $fields = explode('|', $payload);
        if (count($fields) !== 5 || $fields[0] !== self::VERSION || !preg_match('/^[0-9]{1,12}$/', $fields[4])) {
            throw new InvalidArgumentException('the tab token\'s payload is not v1|contactType|contactId|crmUser|expiry');
        }
        $expiresAt = (int) $fields[4];
        // Rebuilding the payload re-checks every field (UTF-8, no control characters, lengths).
        self::payload($fields[1], $fields[2], $fields[3], $expiresAt);
        if ($now >= $expiresAt) {
            throw new InvalidArgumentException('the tab token expired');
        }
        if ($expiresAt - $now > $maxLifetimeSeconds + 30) {
            throw new InvalidArgumentException('the tab token lives longer than allowed');
        }
        return array('contactType' => $fields[1], 'contactId' => $fields[2], 'crmUser' => $fields[3],
            'expiresAt' => $expiresAt);
    }

    private static function checkSecret($secret)
    {
        if (!is_string($secret) || strlen($secret) < self::MIN_SECRET_BYTES) {
            throw new InvalidArgumentException('a tab secret has at least ' . self::MIN_SECRET_BYTES . ' bytes');
        }
    }

    private static function checkField($name, $value, $maxLength)
    {
        // preg with /u refuses invalid UTF-8; \x00-\x1F and \x7F are the control characters Java's \p{Cntrl} means.
        if (!is_string($value) || $value === '' || preg_match('/^[^|\x00-\x1F\x7F]+$/u', $value) !== 1
            || self::utf16Length($value) > $maxLength) {
            throw new InvalidArgumentException($name . ' must be 1 to ' . $maxLength
                . ' characters of UTF-8 without \'|\' or control characters');
        }
    }

    /** Length in UTF-16 code units, as Java counts it: characters beyond U+FFFF count twice. */
    private static function utf16Length($utf8)
    {
        $codePoints = preg_match_all('/./us', $utf8);
        $astral = preg_match_all('/[\x{10000}-\x{10FFFF}]/u', $utf8);
        return $codePoints + $astral;
    }

    private static function base64url($bytes)
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    private static function unbase64url($text)
    {
        if (strlen($text) % 4 === 1) {
            throw new InvalidArgumentException('the tab token is not base64url');
        }
        $bytes = base64_decode(strtr($text, '-_', '+/'), true);
        if ($bytes === false) {
            throw new InvalidArgumentException('the tab token is not base64url');
        }
        return $bytes;
    }
}
