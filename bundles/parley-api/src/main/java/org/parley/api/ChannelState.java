package org.parley.api;

import java.time.Instant;

/**
 * What Parley knows of one channel account: where its cursor stands and how its last poll went.
 * Kept in the store, so it survives restarts and is the same on every node.
 */
public record ChannelState(String channel, String account, String cursor, Instant lastPollAt,
                           Instant lastSuccessAt, String lastError, Instant lastErrorAt, long interactions) {
}
