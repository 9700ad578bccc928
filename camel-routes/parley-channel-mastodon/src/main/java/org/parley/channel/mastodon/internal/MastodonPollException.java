package org.parley.channel.mastodon.internal;

/** A poll that failed: recorded through {@code parley:poll} with this message; the cursor stays where it was. */
public class MastodonPollException extends Exception {

    private static final long serialVersionUID = 1L;

    public MastodonPollException(String message, Throwable cause) {
        super(message, cause);
    }
}
