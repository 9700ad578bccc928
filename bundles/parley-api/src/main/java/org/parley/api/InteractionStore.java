package org.parley.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parley's record of what was said. Implemented by parley-store over JDBC. */
public interface InteractionStore {

    /**
     * Commits a batch in one transaction: interactions not yet stored, one CRM outbox row for each of them,
     * the dead letters, and the channel's cursor. Interactions already stored are skipped, never updated.
     */
    StoreResult store(IngestBatch batch);

    /** Which of these keys are stored already. */
    Set<InteractionKey> existing(Collection<InteractionKey> keys);

    Optional<Interaction> find(InteractionKey key);

    /** The sentiment stored with each of these interactions; absent for one stored without an assessment. */
    Map<InteractionKey, Double> sentiments(Collection<InteractionKey> keys);

    /** Newest first. */
    List<Interaction> find(InteractionQuery query);

    long count();
}
