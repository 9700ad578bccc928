package org.parley.rest.internal;

import java.util.Locale;

/**
 * The stable codes of the API's errors, each with its HTTP status. The JSON form is the lower-case name
 * ({@code not_found}); the OpenAPI document lists every one of them, which OpenApiContractTest checks.
 */
enum ErrorCode {
    INVALID_REQUEST(400),
    UNAUTHENTICATED(401),
    TOKEN_EXPIRED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    INTERNAL_ERROR(500);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    int status() {
        return status;
    }

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code for a status Jersey or the container chose (unknown 4xx: invalid_request; 5xx: internal_error). */
    static ErrorCode forStatus(int status) {
        for (ErrorCode code : values()) {
            if (code.status == status && code != TOKEN_EXPIRED) {
                return code;
            }
        }
        return status >= 400 && status < 500 ? INVALID_REQUEST : INTERNAL_ERROR;
    }
}
