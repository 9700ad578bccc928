package org.parley.channel.meta.internal;

import java.time.Duration;
import java.util.Set;

/**
 * A Graph API call that did not succeed: Meta's error ({@code {"error":{"message","type","code","error_subcode"}}})
 * or no usable answer at all. The message names the call and says what Meta said; it never holds a token.
 */
public final class GraphApiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The status of a call that got no HTTP answer. */
    public static final int NO_ANSWER = -1;

    /**
     * Graph error codes that mean "too many calls": 4 (app), 17 (user), 32 (Page), 613 (custom), 80001-80014
     * (business use case limits of Pages, Instagram, WhatsApp ...), WhatsApp 130429 (throughput) and 131056 (pair
     * rate limit).
     */
    private static final Set<Integer> RATE_LIMIT_CODES = Set.of(4, 17, 32, 613, 130429, 131056);

    private final int httpStatus;
    private final int code;
    private final int subcode;
    private final String metaMessage;
    private final Duration retryAfter;
    private final boolean metaTransient;
    private final boolean maybeDelivered;

    /**
     * @param message        the whole message, for logs and the reply's error
     * @param httpStatus     the HTTP status, or {@link #NO_ANSWER}
     * @param code           Meta's {@code error.code}, or 0
     * @param subcode        Meta's {@code error.error_subcode}, or 0
     * @param metaMessage    Meta's {@code error.message} (or {@code error_user_msg}), or null
     * @param retryAfter     the wait Meta's usage headers asked for, or null
     * @param metaTransient  Meta flagged the error {@code is_transient}
     * @param maybeDelivered the call may have been carried out though no answer said so (cut off after sending)
     */
    GraphApiException(String message, int httpStatus, int code, int subcode, String metaMessage, Duration retryAfter,
                      boolean metaTransient, boolean maybeDelivered) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
        this.subcode = subcode;
        this.metaMessage = metaMessage;
        this.retryAfter = retryAfter;
        this.metaTransient = metaTransient;
        this.maybeDelivered = maybeDelivered;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int code() {
        return code;
    }

    public int subcode() {
        return subcode;
    }

    /** What Meta said, or null when it said nothing readable. */
    public String metaMessage() {
        return metaMessage;
    }

    /** The wait from Meta's usage headers, or null when they named none. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean maybeDelivered() {
        return maybeDelivered;
    }

    /** Meta throttles the app, the Page, the account or the phone number. */
    public boolean rateLimited() {
        return httpStatus == 429 || RATE_LIMIT_CODES.contains(code) || (code >= 80001 && code <= 80014);
    }

    /** Meta refused the access token (expired, revoked, password changed ...). */
    public boolean tokenRefused() {
        return code == 190;
    }

    /** Worth trying again later: Meta's own trouble, or no answer before anything was sent. */
    public boolean retryable() {
        return httpStatus == NO_ANSWER || httpStatus >= 500 || metaTransient || code == 1 || code == 2;
    }
}
