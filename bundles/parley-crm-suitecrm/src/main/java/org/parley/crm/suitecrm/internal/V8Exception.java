package org.parley.crm.suitecrm.internal;

import java.time.Duration;

import org.parley.api.CrmException;

/**
 * A failed V8 call, with the HTTP status and the CRM's own {@code errors.detail} kept apart so that the connector can
 * tell a missing record (400 "... is not found") from other refusals. Never carries a credential.
 */
final class V8Exception extends CrmException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String detail;

    V8Exception(String message, boolean retryable, Duration retryAfter, Throwable cause, int status, String detail) {
        super(message, retryable, retryAfter, cause);
        this.status = status;
        this.detail = detail == null ? "" : detail;
    }

    /** The HTTP status, or 0 when no answer came. */
    int status() {
        return status;
    }

    /** The CRM's {@code errors.detail}, or empty. */
    String detail() {
        return detail;
    }

    /** SuiteCRM answers a missing record with 400 and "{Module} module with id {id} is not found". */
    boolean isRecordNotFound() {
        return status == 400 && detail.contains(" with id ") && detail.endsWith("is not found");
    }
}
