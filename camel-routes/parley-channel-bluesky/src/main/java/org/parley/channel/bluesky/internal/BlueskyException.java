package org.parley.channel.bluesky.internal;

/**
 * A call to Bluesky that failed: recorded by {@code parley:poll} (or retried by the reply desk) with this message,
 * which names the call and what Bluesky said, never a token or the password.
 */
public class BlueskyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BlueskyException(String message) {
        super(message);
    }

    public BlueskyException(String message, Throwable cause) {
        super(message, cause);
    }
}
