package org.parley.api.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A configured secret (an app secret, a verify token, an access token, a password). Its {@link #toString()} is a mask,
 * so it can sit in records and log lines without leaking; {@link #reveal()} is for the few places that must use it
 * (a signature key, an Authorization header), never for a message. Comparisons with what a caller sent are
 * constant-time.
 */
public final class Secret {

    private static final String MASK = "****";

    private final String value;
    private final byte[] bytes;

    private Secret(String value) {
        this.value = value;
        this.bytes = value.getBytes(StandardCharsets.UTF_8);
    }

    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value"));
    }

    /** The secret itself: for a signature key or an API call, never for a message. */
    public String reveal() {
        return value;
    }

    /** Its UTF-8 bytes, a copy: for an HMAC key. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether {@code candidate} is this secret, in time that does not depend on where they differ. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(bytes, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The text with every occurrence of the secret masked: for texts that came back from the network. */
    public String redact(String text) {
        return text == null || value.isEmpty() ? text : text.replace(value, MASK);
    }

    @Override
    public String toString() {
        return MASK;
    }
}
