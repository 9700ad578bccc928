package org.parley.channel.feeds.internal;

/** A poll that failed: recorded through {@code parley:poll} with this message, retried at the next poll. */
public class FeedPollException extends Exception {

    public FeedPollException(String message) {
        super(message);
    }

    public FeedPollException(String message, Throwable cause) {
        super(message, cause);
    }
}
