package org.parley.channel.mastodon.internal;

import java.time.Instant;

/**
 * The instance did not give what was asked: an HTTP error, an answer that is not what the API documents, or no
 * answer at all. The message says which request and why; it never holds the token nor message content.
 */
final class MastodonApiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** No HTTP status: the request did not get an answer (connect failure, timeout). */
    static final int NO_ANSWER = 0;

    private final int status;
    private final String serverError;
    private final transient Instant retryAt;

    MastodonApiException(String message, int status, String serverError, Instant retryAt, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.serverError = serverError;
        this.retryAt = retryAt;
    }

    /** The HTTP status, or {@link #NO_ANSWER}. */
    int status() {
        return status;
    }

    /** Mastodon's own words ({@code {"error": "..."}}), or null. */
    String serverError() {
        return serverError;
    }

    /** For a 429: when the rate limit resets. */
    Instant retryAt() {
        return retryAt;
    }
}
