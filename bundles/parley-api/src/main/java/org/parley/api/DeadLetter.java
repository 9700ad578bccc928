package org.parley.api;

import java.time.Instant;

/**
 * A payload that reached Parley but could not be stored as an interaction, kept with the reason so that
 * nothing is lost: a person fixes the cause and replays it.
 *
 * @param id          the store's id
 * @param channel     channel it came from
 * @param account     account it came from, when known
 * @param reason      why it was refused, precise enough to act on
 * @param payload     the raw payload as it arrived
 * @param replayUri   the Camel endpoint a replay sends the payload to
 * @param createdAt   when it was first refused
 * @param attempts    how often it was refused (1 + failed replays)
 * @param replayedAt  when a replay succeeded; null while pending
 */
public record DeadLetter(long id, String channel, String account, String reason, String payload,
                         String replayUri, Instant createdAt, int attempts, Instant replayedAt) {

    public boolean pending() {
        return replayedAt == null;
    }

    /** A dead letter not yet stored. */
    public record New(String channel, String account, String reason, String payload, String replayUri) {
    }
}
