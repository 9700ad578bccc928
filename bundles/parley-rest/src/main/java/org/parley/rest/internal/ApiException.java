package org.parley.rest.internal;

import jakarta.ws.rs.WebApplicationException;

/**
 * A request the API answers with an error: its {@link ErrorCode} and a message fit to show to the caller (never a
 * secret, a token or a stack trace). {@link ErrorMapper} turns it into {@code {"code": ..., "message": ...}}.
 */
final class ApiException extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    /** A WWW-Authenticate challenge for 401s; null otherwise. */
    private final String challenge;

    ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    ApiException(ErrorCode code, String message, String challenge) {
        super(message, null, code.status());
        this.code = code;
        this.challenge = challenge;
    }

    ErrorCode code() {
        return code;
    }

    String challenge() {
        return challenge;
    }

    static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }

    static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message);
    }
}
