package org.parley.channel.meta.internal;

/**
 * A delivery that cannot be mapped now but will be later: the Graph API is down or throttling while a mention's words
 * are read. Not an {@link IllegalArgumentException}, so the ingress keeps the delivery and maps it again with backoff
 * instead of turning it into a dead letter.
 */
final class RetryLater extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    RetryLater(String message, Throwable cause) {
        super(message, cause);
    }
}
