package org.parley.camel.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.parley.api.ChannelState;
import org.parley.api.ChannelStateStore;
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterStore;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionQuery;
import org.parley.api.InteractionStore;
import org.parley.api.StoreResult;

/** Test double of the three stores, with a switch to fail the next N stores as a restarting database would. */
final class InMemoryStore implements InteractionStore, ChannelStateStore, DeadLetterStore {

    final Map<InteractionKey, Interaction> interactions = new LinkedHashMap<>();
    final Map<String, ChannelState> states = new LinkedHashMap<>();
    final Map<Long, DeadLetter> deadLetters = new LinkedHashMap<>();
    final AtomicInteger failNextStores = new AtomicInteger();
    final AtomicInteger storeCalls = new AtomicInteger();

    /** The last batch handed to {@link #store}, with its assessments. */
    volatile IngestBatch lastBatch;

    @Override
    public synchronized StoreResult store(IngestBatch batch) {
        storeCalls.incrementAndGet();
        lastBatch = batch;
        if (failNextStores.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("database is restarting");
        }
        List<InteractionKey> stored = new ArrayList<>();
        List<InteractionKey> duplicates = new ArrayList<>();
        for (Interaction in : batch.interactions()) {
            if (interactions.putIfAbsent(in.key(), in) == null) {
                stored.add(in.key());
            } else {
                duplicates.add(in.key());
            }
        }
        List<Long> ids = batch.deadLetters().stream().map(this::add).toList();
        String key = batch.channel() + "/" + batch.account();
        ChannelState old = states.get(key);
        String cursor = batch.cursor() != null ? batch.cursor() : old == null ? null : old.cursor();
        states.put(key, new ChannelState(batch.channel(), batch.account(), cursor, Instant.now(), Instant.now(), null, null, 0, null));
        return new StoreResult(stored, duplicates, ids);
    }

    @Override
    public synchronized Set<InteractionKey> existing(Collection<InteractionKey> keys) {
        return keys.stream().filter(interactions::containsKey).collect(Collectors.toSet());
    }

    @Override
    public synchronized Optional<Interaction> find(InteractionKey key) {
        return Optional.ofNullable(interactions.get(key));
    }

    @Override
    public synchronized List<Interaction> find(InteractionQuery query) {
        return interactions.values().stream().sorted(Comparator.comparing(Interaction::occurredAt).reversed())
                .limit(query.limit()).toList();
    }

    @Override
    public synchronized long count() {
        return interactions.size();
    }

    @Override
    public synchronized Optional<ChannelState> state(String channel, String account) {
        return Optional.ofNullable(states.get(channel + "/" + account));
    }

    @Override
    public synchronized List<ChannelState> states() {
        return List.copyOf(states.values());
    }

    @Override
    public synchronized void recordBackfill(String channel, String account, String progress) {
        ChannelState old = states.get(channel + "/" + account);
        states.put(channel + "/" + account, new ChannelState(channel, account, old == null ? null : old.cursor(),
                old == null ? null : old.lastPollAt(), old == null ? null : old.lastSuccessAt(),
                old == null ? null : old.lastError(), old == null ? null : old.lastErrorAt(), 0, progress));
    }

    @Override
    public synchronized void recordPoll(String channel, String account, Instant at, String error) {
        ChannelState old = states.get(channel + "/" + account);
        states.put(channel + "/" + account, new ChannelState(channel, account, old == null ? null : old.cursor(), at,
                error == null ? at : null, error, error == null ? null : at, 0, null));
    }

    @Override
    public synchronized long add(DeadLetter.New letter) {
        long id = deadLetters.size() + 1L;
        deadLetters.put(id, new DeadLetter(id, letter.channel(), letter.account(), letter.reason(), letter.payload(),
                letter.replayUri(), Instant.now(), 1, null));
        return id;
    }

    @Override
    public synchronized List<DeadLetter> list(String channel, boolean includeReplayed, int limit) {
        return deadLetters.values().stream().filter(d -> includeReplayed || d.pending()).limit(limit).toList();
    }

    @Override
    public synchronized Optional<DeadLetter> find(long id) {
        return Optional.ofNullable(deadLetters.get(id));
    }

    @Override
    public synchronized long countPending() {
        return deadLetters.values().stream().filter(DeadLetter::pending).count();
    }

    @Override
    public synchronized void markReplayed(long id, Instant at) {
        DeadLetter d = deadLetters.get(id);
        deadLetters.put(id, new DeadLetter(id, d.channel(), d.account(), d.reason(), d.payload(), d.replayUri(),
                d.createdAt(), d.attempts(), at));
    }

    @Override
    public synchronized void recordFailedReplay(long id, String reason) {
        DeadLetter d = deadLetters.get(id);
        deadLetters.put(id, new DeadLetter(id, d.channel(), d.account(), reason, d.payload(), d.replayUri(),
                d.createdAt(), d.attempts() + 1, null));
    }

    @Override
    public Map<InteractionKey, Double> sentiments(Collection<InteractionKey> keys) {
        return Map.of();
    }
}
