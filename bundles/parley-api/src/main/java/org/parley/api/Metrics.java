package org.parley.api;

/** Engagement counts the channel reported when the interaction was read. */
public record Metrics(long likes, long shares, long replies) {

    public static final Metrics NONE = new Metrics(0, 0, 0);
}
