package org.parley.rules.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionQuery;
import org.parley.api.InteractionStore;
import org.parley.api.StoreResult;

/** Test double: interactions in a list, found newest first like the real store; writing is refused (a dry run never writes). */
class InMemoryInteractionStore implements InteractionStore {

    final List<Interaction> interactions = new ArrayList<>();
    final List<InteractionQuery> queries = new CopyOnWriteArrayList<>();

    InMemoryInteractionStore add(Interaction interaction) {
        interactions.add(interaction);
        return this;
    }

    @Override
    public StoreResult store(IngestBatch batch) {
        throw new AssertionError("a dry run must not store");
    }

    @Override
    public Set<InteractionKey> existing(Collection<InteractionKey> keys) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Interaction> find(InteractionKey key) {
        return interactions.stream().filter(i -> i.key().equals(key)).findFirst();
    }

    @Override
    public List<Interaction> find(InteractionQuery query) {
        queries.add(query);
        return interactions.stream()
                .filter(i -> query.channel() == null || query.channel().equals(i.channel()))
                .filter(i -> query.account() == null || query.account().equals(i.account()))
                .filter(i -> query.author() == null || (i.author() != null && query.author().equals(i.author().handle())))
                .sorted(Comparator.comparing(Interaction::occurredAt).reversed())
                .limit(query.limit())
                .toList();
    }

    @Override
    public long count() {
        return interactions.size();
    }

    @Override
    public Map<InteractionKey, Double> sentiments(Collection<InteractionKey> keys) {
        return Map.of();
    }
}
