package org.parley.channel.telegram.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * The secret a bot's webhook is registered with ({@code setWebhook secret_token}); Telegram sends it back verbatim in
 * {@code X-Telegram-Bot-Api-Secret-Token} with every update. Compared in constant time, handed out only to
 * setWebhook, masked in {@link #toString()}.
 */
public final class WebhookSecret {

    /** Telegram's rule for secret_token: 1 to 256 characters, A-Z, a-z, 0-9, '_' and '-'. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private final byte[] value;

    private WebhookSecret(byte[] value) {
        this.value = value;
    }

    /** @throws IllegalArgumentException without repeating the value when it does not have Telegram's shape */
    static WebhookSecret of(String value) {
        String v = value == null ? "" : value.trim();
        if (!SHAPE.matcher(v).matches()) {
            throw new IllegalArgumentException("is not a Telegram webhook secret: 1 to 256 letters, digits, '_' or '-'");
        }
        return new WebhookSecret(v.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether a presented header value is this secret; constant time whatever the value. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(value, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The secret itself: only for setWebhook's parameters. */
    String reveal() {
        return new String(value, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "****";
    }
}
