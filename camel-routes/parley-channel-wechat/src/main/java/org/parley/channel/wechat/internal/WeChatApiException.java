package org.parley.channel.wechat.internal;

/**
 * A WeChat API call that did not succeed: WeChat's {@code {"errcode":N,"errmsg":"..."}}, an HTTP error, or no usable
 * answer at all. The message names the call and says what WeChat said; it never holds the AppSecret or a token.
 */
final class WeChatApiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The status of a call that got no HTTP answer. */
    static final int NO_ANSWER = -1;

    /** {@code -1}: 系统繁忙 (busy), try again later. */
    static final int BUSY = -1;
    /** {@code 40001}: the access token (or, at {@code /cgi-bin/token}, the AppSecret) is invalid. */
    static final int INVALID_CREDENTIAL = 40001;
    /** {@code 40014}: not a valid access token. */
    static final int INVALID_ACCESS_TOKEN = 40014;
    /** {@code 42001}: the access token expired. */
    static final int ACCESS_TOKEN_EXPIRED = 42001;
    /** {@code 45009}: the daily quota of this API is used up. */
    static final int QUOTA = 45009;
    /** {@code 45015}: the reply window (48 hours after the person's last message) is closed. */
    static final int REPLY_WINDOW_CLOSED = 45015;
    /** {@code 45047}: the customer-service messages allowed since the person's last action are used up. */
    static final int TOO_MANY_MESSAGES = 45047;
    /** {@code 43004}: the person does not follow the account (any more). */
    static final int NOT_FOLLOWING = 43004;
    /** {@code 45002}: the content is too long. */
    static final int CONTENT_TOO_LONG = 45002;
    /** {@code 40003}: not an OpenID of this account. */
    static final int INVALID_OPENID = 40003;
    /** {@code 40164}: the calling IP address is not on the account's whitelist. */
    static final int IP_NOT_WHITELISTED = 40164;

    private final int httpStatus;
    private final int errcode;
    private final String errmsg;
    private final boolean maybeDelivered;

    /**
     * @param message        the whole message, for logs and the reply's error
     * @param httpStatus     the HTTP status, or {@link #NO_ANSWER}
     * @param errcode        WeChat's {@code errcode}, or 0 when it gave none
     * @param errmsg         WeChat's {@code errmsg}, or null
     * @param maybeDelivered the call may have been carried out though no answer said so (cut off after sending)
     */
    WeChatApiException(String message, int httpStatus, int errcode, String errmsg, boolean maybeDelivered) {
        super(message);
        this.httpStatus = httpStatus;
        this.errcode = errcode;
        this.errmsg = errmsg;
        this.maybeDelivered = maybeDelivered;
    }

    int httpStatus() {
        return httpStatus;
    }

    int errcode() {
        return errcode;
    }

    /** What WeChat said, or null. */
    String errmsg() {
        return errmsg;
    }

    boolean maybeDelivered() {
        return maybeDelivered;
    }

    /** The access token is no good any more: fetch a new one and try once more. */
    boolean tokenRefused() {
        return errcode == INVALID_CREDENTIAL || errcode == ACCESS_TOKEN_EXPIRED || errcode == INVALID_ACCESS_TOKEN;
    }

    /** Worth trying again later: WeChat busy, a server error, or no answer before anything was sent. */
    boolean retryable() {
        return errcode == BUSY || httpStatus == NO_ANSWER || httpStatus >= 500;
    }
}
