package org.parley.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A CRM call that failed. {@link #retryable()} says whether the same call may succeed later (timeouts, 429, 5xx,
 * a CRM that is down) or never will as it is (a 4xx the CRM explained): the latter becomes a dead letter with the
 * CRM's message. Messages never contain credentials.
 */
public class CrmException extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;

    public CrmException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static CrmException retryable(String message, Duration retryAfter, Throwable cause) {
        return new CrmException(message, true, retryAfter, cause);
    }

    public static CrmException permanent(String message) {
        return new CrmException(message, false, null, null);
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the CRM asked us to wait (429 Retry-After), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
