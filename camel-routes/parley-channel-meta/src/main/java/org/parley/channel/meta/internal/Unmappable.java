package org.parley.channel.meta.internal;

/** An item that can never become an interaction as it is; its message is the dead letter's reason. */
final class Unmappable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Unmappable(String reason) {
        // A reason, not a bug: no stack trace to fill.
        super(reason, null, false, false);
    }
}
