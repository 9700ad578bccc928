package org.parley.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterStore;

/** Test double: dead letters in a list, with the store's contract for listing, replays and counts. */
class InMemoryDeadLetterStore implements DeadLetterStore {

    final List<DeadLetter> deadLetters = new ArrayList<>();

    InMemoryDeadLetterStore put(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
        return this;
    }

    @Override
    public long add(DeadLetter.New d) {
        long id = deadLetters.stream().mapToLong(DeadLetter::id).max().orElse(0) + 1;
        deadLetters.add(new DeadLetter(id, d.channel(), d.account(), d.reason(), d.payload(), d.replayUri(),
                Instant.EPOCH, 1, null));
        return id;
    }

    @Override
    public List<DeadLetter> list(String channel, boolean includeReplayed, int limit) {
        return deadLetters.stream()
                .filter(d -> channel == null || channel.equals(d.channel()))
                .filter(d -> includeReplayed || d.pending())
                .sorted(Comparator.comparing(DeadLetter::createdAt).thenComparing(DeadLetter::id).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public Optional<DeadLetter> find(long id) {
        return deadLetters.stream().filter(d -> d.id() == id).findFirst();
    }

    @Override
    public long countPending() {
        return deadLetters.stream().filter(DeadLetter::pending).count();
    }

    @Override
    public void markReplayed(long id, Instant at) {
        replace(id, d -> new DeadLetter(d.id(), d.channel(), d.account(), d.reason(), d.payload(), d.replayUri(),
                d.createdAt(), d.attempts(), at));
    }

    @Override
    public void recordFailedReplay(long id, String reason) {
        replace(id, d -> new DeadLetter(d.id(), d.channel(), d.account(), reason, d.payload(), d.replayUri(),
                d.createdAt(), d.attempts() + 1, null));
    }

    private void replace(long id, java.util.function.UnaryOperator<DeadLetter> change) {
        deadLetters.replaceAll(d -> d.id() == id ? change.apply(d) : d);
    }
}
