package org.parley.rest;

/** Why a tab token was refused. The message never repeats the token. */
public final class TabTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Not a token of the documented shape. */
        MALFORMED,
        /** Signed with another secret, or changed after signing. */
        BAD_SIGNATURE,
        /** Its expiry has passed: the CRM must sign a new one (reload the page). */
        EXPIRED,
        /** It expires further away than the configured maxTokenLifetime allows. */
        LIFETIME_TOO_LONG,
        /** This Parley has no tabSecret configured: it accepts no tab token. */
        NOT_ENABLED
    }

    private final Reason reason;

    public TabTokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
