package org.parley.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one channel hands over at once, committed in one transaction: the interactions, the payloads
 * it could not map, and the cursor position that covers them. A restart resumes from that cursor,
 * so a batch is never half-stored and a channel neither re-reads nor skips.
 *
 * @param channel      the channel
 * @param account      the account, or null for a single-account channel
 * @param interactions valid interactions to store if not already stored
 * @param deadLetters  payloads refused while mapping or validating
 * @param cursor       the new cursor, or null to leave it where it is
 * @param assessments  the ingest pipeline's assessment of some of the interactions (stored with them); channels
 *                     leave it empty
 */
public record IngestBatch(String channel, String account, List<Interaction> interactions,
                          List<DeadLetter.New> deadLetters, String cursor, Map<InteractionKey, Assessment> assessments) {

    public IngestBatch {
        Objects.requireNonNull(channel, "channel");
        interactions = List.copyOf(interactions);
        deadLetters = List.copyOf(deadLetters);
        assessments = Map.copyOf(assessments);
    }

    /** A batch as a channel hands it over: nothing assessed yet. */
    public IngestBatch(String channel, String account, List<Interaction> interactions,
                       List<DeadLetter.New> deadLetters, String cursor) {
        this(channel, account, interactions, deadLetters, cursor, Map.of());
    }

    /** The same batch with the pipeline's assessments. */
    public IngestBatch assessed(Map<InteractionKey, Assessment> byKey) {
        return new IngestBatch(channel, account, interactions, deadLetters, cursor, byKey);
    }
}
