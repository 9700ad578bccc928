package org.parley.store.internal;

/** A store operation failed for a reason other than bad input; callers (the Camel routes) may retry it. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
