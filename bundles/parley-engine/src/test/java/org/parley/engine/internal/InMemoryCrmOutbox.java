package org.parley.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.parley.api.CrmOutbox;
import org.parley.api.Interaction;
import org.parley.api.SocialIdentity;

/**
 * A thread-safe CrmOutbox in memory, faithful to the store's contract: claims are leases (a claimed row is not
 * due again until {@code now + lease}, and comes back by itself when its claimer never reports), {@code attempts}
 * counts claims, oldest due first. Outcomes reported on a row that is no longer PENDING are ignored, as the
 * store's {@code WHERE status = 'PENDING'} would. Test hooks: abandon claims, lose acknowledgements.
 */
final class InMemoryCrmOutbox implements CrmOutbox {

    static final class Row {
        final long id;
        final Interaction interaction;
        final TagChange tagChange;
        HistoryRemoval removal;
        final Instant createdAt;
        Status status = Status.PENDING;
        Instant nextAt;
        int attempts;
        String crmId;
        String error;
        String waitReason;
        int doneCount;

        Row(long id, Interaction interaction, TagChange tagChange, Instant createdAt) {
            this.id = id;
            this.interaction = interaction;
            this.tagChange = tagChange;
            this.createdAt = createdAt;
            this.nextAt = createdAt;
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(id, interaction, tagChange, status, nextAt, attempts, crmId, error, waitReason, doneCount);
        }
    }

    record Snapshot(long id, Interaction interaction, TagChange tagChange, Status status, Instant nextAt, int attempts, String crmId,
                    String error, String waitReason, int doneCount) {
    }

    private final Clock clock;
    private final Map<Long, Row> rows = new LinkedHashMap<>();
    private long nextId = 1;
    private String lastError;
    /** How many done() calls to drop, as if the worker died between the CRM write and the acknowledgement. */
    private final AtomicInteger loseAcks = new AtomicInteger();
    private final AtomicInteger claims = new AtomicInteger();

    InMemoryCrmOutbox(Clock clock) {
        this.clock = clock;
    }

    synchronized long add(Interaction interaction) {
        long id = nextId++;
        rows.put(id, new Row(id, interaction, null, clock.instant()));
        return id;
    }

    /** An erased interaction's history removal, as parley-store's PersonErasure writes it. */
    synchronized long add(HistoryRemoval removal) {
        long id = nextId++;
        Row row = new Row(id, null, null, clock.instant());
        row.removal = removal;
        rows.put(id, row);
        return id;
    }

    /** A person's tag change, as parley-store's PersonTags writes it. */
    synchronized long add(TagChange change) {
        long id = nextId++;
        rows.put(id, new Row(id, null, change, clock.instant()));
        return id;
    }

    void loseNextAcknowledgements(int n) {
        loseAcks.set(n);
    }

    int claimCalls() {
        return claims.get();
    }

    @Override
    public synchronized List<Entry> claimDue(int limit, Instant now, Duration lease) {
        claims.incrementAndGet();
        if (limit <= 0) {
            throw new IllegalArgumentException("limit " + limit);
        }
        List<Row> due = rows.values().stream()
                .filter(r -> r.status == Status.PENDING && !r.nextAt.isAfter(now))
                .sorted(Comparator.comparing((Row r) -> r.createdAt).thenComparingLong(r -> r.id))
                .limit(limit)
                .toList();
        List<Entry> entries = new ArrayList<>();
        for (Row r : due) {
            r.nextAt = now.plus(lease);
            r.attempts++;
            entries.add(new Entry(r.id, r.interaction, r.tagChange, r.removal, r.attempts, r.createdAt));
        }
        return entries;
    }

    @Override
    public synchronized void done(long id, String crmId, Instant at) {
        if (loseAcks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return; // "crashed" before the acknowledgement reached the store
        }
        Row r = row(id);
        r.doneCount++;
        if (r.status == Status.PENDING) {
            r.status = Status.DONE;
            r.crmId = crmId;
            r.error = null;
        }
    }

    /** Kept, as DONE, so that tests can look at it; the store deletes it. */
    @Override
    public synchronized void removed(long id, long erasureId, Instant at) {
        Row r = row(id);
        if (r.removal == null || r.removal.erasureId() != erasureId) {
            throw new IllegalArgumentException("row " + id + " is no removal of erasure " + erasureId);
        }
        done(id, null, at);
    }

    @Override
    public synchronized void retryAt(long id, Instant next, String error) {
        Row r = row(id);
        if (r.status == Status.PENDING) {
            r.nextAt = next;
            r.error = error;
            lastError = error;
        }
    }

    @Override
    public synchronized void await(long id, String reason) {
        Row r = row(id);
        if (r.status == Status.PENDING) {
            r.status = Status.WAITING;
            r.waitReason = reason;
        }
    }

    @Override
    public synchronized void fail(long id, String reason) {
        Row r = row(id);
        if (r.status == Status.PENDING) {
            r.status = Status.FAILED;
            r.error = reason;
            lastError = reason;
        }
    }

    @Override
    public synchronized int wake(String channel, String handle) {
        int n = 0;
        for (Row r : rows.values()) {
            if (r.status == Status.WAITING && isOf(r, channel, handle)) {
                r.status = Status.PENDING;
                r.nextAt = Instant.EPOCH;
                r.waitReason = null;
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized boolean requeue(long id) {
        Row r = rows.get(id);
        if (r == null) {
            return false;
        }
        r.status = Status.PENDING;
        r.nextAt = clock.instant();
        r.waitReason = null;
        return true;
    }

    @Override
    public synchronized int requeue(List<SocialIdentity> identities) {
        int n = 0;
        for (Row r : rows.values()) {
            for (SocialIdentity i : identities) {
                if (isOf(r, i.channel(), i.handle())) {
                    r.status = Status.PENDING;
                    r.nextAt = Instant.EPOCH;
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    @Override
    public synchronized Stats stats(Instant now) {
        long pending = rows.values().stream().filter(r -> r.status == Status.PENDING).count();
        long waiting = rows.values().stream().filter(r -> r.status == Status.WAITING).count();
        long failed = rows.values().stream().filter(r -> r.status == Status.FAILED).count();
        Duration oldest = rows.values().stream().filter(r -> r.status == Status.PENDING)
                .map(r -> Duration.between(r.createdAt, now)).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        return new Stats(pending, waiting, failed, oldest, lastError);
    }

    synchronized Snapshot get(long id) {
        return row(id).snapshot();
    }

    synchronized Map<Status, Long> countByStatus() {
        return rows.values().stream().collect(Collectors.groupingBy(r -> r.status, Collectors.counting()));
    }

    synchronized long count(Status status) {
        return rows.values().stream().filter(r -> r.status == status).count();
    }

    synchronized List<Snapshot> all() {
        return rows.values().stream().map(Row::snapshot).toList();
    }

    private Row row(long id) {
        return Objects.requireNonNull(rows.get(id), () -> "no outbox row " + id);
    }

    private static boolean isOf(Row r, String channel, String handle) {
        if (r.interaction == null) {
            return false; // a tag change: no identity's row
        }
        SocialIdentity a = r.interaction.author();
        return a != null && Objects.equals(a.channel(), channel) && Objects.equals(a.handle(), handle);
    }
}
