package org.parley.api;

import java.time.Instant;

/**
 * What Parley knows of one channel account: where its cursor stands and how its last poll went.
 * Kept in the store, so it survives restarts and is the same on every node.
 *
 * @param backfill how the import of the account's recent history stands (for example "running: 340 imported, back to
 *                 2026-11-02"), or null when the channel did none
 */
public record ChannelState(String channel, String account, String cursor, Instant lastPollAt,
                           Instant lastSuccessAt, String lastError, Instant lastErrorAt, long interactions,
                           String backfill) {
}
