package org.parley.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.parley.api.DeadLetterReplayer;

/**
 * Test double: replays succeed unless an id was told to be refused (or to throw); the outcome is written
 * back to the store as the real replayer does, and every call is remembered in order.
 */
class FakeReplayer implements DeadLetterReplayer {

    private final InMemoryDeadLetterStore store;
    private final Map<Long, String> refusals = new HashMap<>();
    private final Map<Long, RuntimeException> failures = new HashMap<>();
    final List<Long> replayed = new ArrayList<>();

    FakeReplayer(InMemoryDeadLetterStore store) {
        this.store = store;
    }

    FakeReplayer refuse(long id, String reason) {
        refusals.put(id, reason);
        return this;
    }

    FakeReplayer fail(long id, RuntimeException e) {
        failures.put(id, e);
        return this;
    }

    @Override
    public Outcome replay(long deadLetterId) {
        replayed.add(deadLetterId);
        if (failures.containsKey(deadLetterId)) {
            throw failures.get(deadLetterId);
        }
        String reason = refusals.get(deadLetterId);
        if (reason != null) {
            store.recordFailedReplay(deadLetterId, reason);
            return new Outcome(deadLetterId, false, reason);
        }
        store.markReplayed(deadLetterId, Instant.parse("2025-06-01T12:00:00Z"));
        return new Outcome(deadLetterId, true, "stored as feeds:abc");
    }
}
