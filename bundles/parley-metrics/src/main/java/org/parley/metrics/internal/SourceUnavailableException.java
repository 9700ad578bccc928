package org.parley.metrics.internal;

/** A metric's source is not running (an optional service is absent, or the store is down): nothing to read. */
public final class SourceUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    SourceUnavailableException(String message) {
        super(message);
    }
}
