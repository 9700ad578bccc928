package org.parley.rest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The short-lived token with which the CRM opens the Social tab for one contact and one CRM user:
 * <pre>
 *   token   = base64url(payload) "." base64url(HMAC-SHA256(payload, secret))
 *   payload = "v1|" contactType "|" contactId "|" crmUser "|" expiryEpochSeconds
 * </pre>
 * base64url without padding (RFC 4648 section 5); the payload is UTF-8; the secret is the UTF-8 bytes of the
 * configured {@code tabSecret} (at least {@value #MIN_SECRET_BYTES} bytes). The fields contain no {@code |} and no
 * control characters. The CRM package signs tokens the same way (its PHP mirrors {@link #sign}).
 *
 * @param contactType the CRM record type, for example {@code Contacts}
 * @param contactId   the CRM record id
 * @param crmUser     the CRM user the tab is shown to; replies and tags are recorded as {@code crm:<crmUser>}
 * @param expiresAt   when the token stops being accepted (whole seconds)
 */
public record TabToken(String contactType, String contactId, String crmUser, Instant expiresAt) {

    public static final String VERSION = "v1";
    public static final int MIN_SECRET_BYTES = 32;
    /** Longer tokens are refused before any decoding. */
    public static final int MAX_TOKEN_LENGTH = 2048;
    /** How far the CRM's clock may run ahead of Parley's when the lifetime is checked. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private static final Pattern FIELD = Pattern.compile("[^|\\p{Cntrl}]+");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,12}");

    public TabToken {
        contactType = field("contactType", contactType, 64);
        contactId = field("contactId", contactId, 255);
        crmUser = field("crmUser", crmUser, 255);
        Objects.requireNonNull(expiresAt, "expiresAt");
        expiresAt = Instant.ofEpochSecond(expiresAt.getEpochSecond());
    }

    /** The signed text: {@code v1|contactType|contactId|crmUser|expiryEpochSeconds}. */
    public String payload() {
        return VERSION + "|" + contactType + "|" + contactId + "|" + crmUser + "|" + expiresAt.getEpochSecond();
    }

    /** The token for this payload, signed with {@code secret}. */
    public String sign(byte[] secret) {
        byte[] payload = payload().getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        return base64url.encodeToString(payload) + "." + base64url.encodeToString(hmac(secret, payload));
    }

    /**
     * Checks a token: its shape, then its signature (in constant time), then its payload, then its expiry and that it
     * expires no later than {@code maxLifetime} (plus {@link #CLOCK_SKEW}) from {@code now}. Messages never repeat the
     * token.
     *
     * @throws TabTokenException saying why it is refused
     */
    public static TabToken verify(String token, byte[] secret, Instant now, Duration maxLifetime) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new TabTokenException(TabTokenException.Reason.MALFORMED,
                    "a tab token is 1 to " + MAX_TOKEN_LENGTH + " characters long");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.') || dot == token.length() - 1
                || !BASE64URL.matcher(token.substring(0, dot)).matches()
                || !BASE64URL.matcher(token.substring(dot + 1)).matches()) {
            throw new TabTokenException(TabTokenException.Reason.MALFORMED,
                    "a tab token is base64url(payload).base64url(signature)");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new TabTokenException(TabTokenException.Reason.MALFORMED, "the tab token is not base64url");
        }
        if (!MessageDigest.isEqual(hmac(secret, payload), signature)) {
            throw new TabTokenException(TabTokenException.Reason.BAD_SIGNATURE,
                    "the tab token's signature does not match: it was not signed with this Parley's tabSecret");
        }
        TabToken parsed = parse(payload);
        if (!now.isBefore(parsed.expiresAt())) {
            throw new TabTokenException(TabTokenException.Reason.EXPIRED,
                    "the tab token expired at " + parsed.expiresAt() + ": reload the contact's page");
        }
        if (Duration.between(now, parsed.expiresAt()).compareTo(maxLifetime.plus(CLOCK_SKEW)) > 0) {
            throw new TabTokenException(TabTokenException.Reason.LIFETIME_TOO_LONG,
                    "the tab token expires at " + parsed.expiresAt() + ", further away than the allowed lifetime of "
                            + maxLifetime);
        }
        return parsed;
    }

    private static TabToken parse(byte[] payloadBytes) {
        String payload;
        try {
            payload = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payloadBytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TabTokenException(TabTokenException.Reason.MALFORMED, "the tab token's payload is not UTF-8");
        }
        String[] fields = payload.split("\\|", -1);
        if (fields.length != 5 || !VERSION.equals(fields[0])) {
            throw new TabTokenException(TabTokenException.Reason.MALFORMED,
                    "the tab token's payload is not v1|contactType|contactId|crmUser|expiry");
        }
        if (!EPOCH_SECONDS.matcher(fields[4]).matches()) {
            throw new TabTokenException(TabTokenException.Reason.MALFORMED,
                    "the tab token's expiry is not a number of seconds since 1970");
        }
        try {
            return new TabToken(fields[1], fields[2], fields[3], Instant.ofEpochSecond(Long.parseLong(fields[4])));
        } catch (IllegalArgumentException e) {
            throw new TabTokenException(TabTokenException.Reason.MALFORMED, "the tab token's " + e.getMessage());
        }
    }

    private static byte[] hmac(byte[] secret, byte[] payload) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a tab secret has at least " + MIN_SECRET_BYTES + " bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static String field(String name, String value, int maxLength) {
        if (value == null || value.isEmpty() || value.length() > maxLength || !FIELD.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 1 to " + maxLength
                    + " characters without '|' or control characters");
        }
        return value;
    }
}
