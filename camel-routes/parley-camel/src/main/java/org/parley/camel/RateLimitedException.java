package org.parley.camel;

import java.time.Duration;
import java.util.Objects;

/**
 * The channel answered "too many requests" and said how long to wait ({@code Retry-After}, {@code X-RateLimit-Reset},
 * Telegram's {@code retry_after}). A poll stops and records it; a reply waits that long and is not counted as a
 * failed attempt. Nothing is dropped.
 */
public class RateLimitedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter").isNegative() ? Duration.ZERO : retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
