package org.parley.channel.telegram.internal;

import java.time.Duration;

/**
 * A Bot API call that did not give a result: Telegram's error ({@code {"ok":false,"error_code":...,"description":...,
 * "parameters":{...}}}), or no usable answer at all. The message is built by {@link BotApi} from the method name and
 * Telegram's description, with the token scrubbed: it can go into a log, {@code parley:status} or a reply's error.
 */
public class BotApiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** No HTTP answer at all (connection refused, timed out, cut off). */
    public static final int NO_ANSWER = 0;

    private final String method;
    private final int errorCode;
    private final Duration retryAfter;
    private final Long migrateToChatId;
    private final boolean maybeDelivered;
    private final boolean abandoned;

    BotApiException(String message, String method, int errorCode, Duration retryAfter, Long migrateToChatId,
                    boolean maybeDelivered, boolean abandoned) {
        super(message);
        this.method = method;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
        this.migrateToChatId = migrateToChatId;
        this.maybeDelivered = maybeDelivered;
        this.abandoned = abandoned;
    }

    /** The Bot API method called, e.g. {@code getUpdates}. */
    public String method() {
        return method;
    }

    /** Telegram's error_code (the HTTP status), or {@link #NO_ANSWER}. */
    public int errorCode() {
        return errorCode;
    }

    /** How long Telegram asked to wait (429, {@code parameters.retry_after}); null when it did not. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The supergroup a group was upgraded to ({@code parameters.migrate_to_chat_id}); null when none. */
    public Long migrateToChatId() {
        return migrateToChatId;
    }

    /** Telegram refused the token: 401, or 404 for a token of the right shape that names no bot. */
    public boolean tokenRefused() {
        return errorCode == 401 || errorCode == 404;
    }

    /** The request may have reached Telegram and been carried out, but no answer came back. */
    public boolean maybeDelivered() {
        return maybeDelivered;
    }

    /** The call was given up because its route is stopping: not a failure of the channel. */
    public boolean abandoned() {
        return abandoned;
    }
}
