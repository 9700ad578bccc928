package org.parley.api;

import java.util.Objects;

/**
 * The identity of an interaction: the channel it came from and the id the channel gave it.
 * Unique in the store, carried into the CRM, so that at-least-once delivery stores effectively once.
 */
public record InteractionKey(String channel, String externalId) {

    public InteractionKey {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(externalId, "externalId");
    }

    /** {@code channel:externalId}, the form shown to people and written into the CRM. */
    @Override
    public String toString() {
        return channel + ":" + externalId;
    }

    /** Parses {@link #toString()}; the external id may itself contain colons. */
    public static InteractionKey parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not an interaction key of the form channel:externalId");
        }
        return new InteractionKey(text.substring(0, colon), text.substring(colon + 1));
    }
}
