package org.parley.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Payloads that could not be stored, kept until a person replays them. */
public interface DeadLetterStore {

    long add(DeadLetter.New deadLetter);

    /** Newest first; {@code channel} null for all; only pending ones unless {@code includeReplayed}. */
    List<DeadLetter> list(String channel, boolean includeReplayed, int limit);

    Optional<DeadLetter> find(long id);

    long countPending();

    /** A replay went through: keeps the row for the audit, marks it done. */
    void markReplayed(long id, Instant at);

    /** A replay was refused again: counts the attempt and keeps the newest reason. */
    void recordFailedReplay(long id, String reason);
}
