package org.parley.store.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.CrmOutbox;
import org.parley.api.SocialIdentity;
import org.parley.api.json.InteractionJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRM outbox over JDBC (rows are written by {@link JdbcInteractionStore} with their interactions, and by
 * {@link JdbcPersonTags} with a person's tag changes). Claims are
 * safe with several workers and several nodes: see {@link Dialect#lockingDueRows}. A worker may only move rows it
 * holds, that is PENDING ones: when its lease ran out and another worker finished the row meanwhile, the late
 * worker's retryAt, await or fail changes nothing, and a second done keeps the first CRM id.
 */
@Component(service = CrmOutbox.class)
public final class JdbcCrmOutbox implements CrmOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcCrmOutbox.class);

    private final ParleyDatabase database;
    private final InteractionJson json = new InteractionJson();

    @Activate
    public JdbcCrmOutbox(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
    }

    @Override
    public List<Entry> claimDue(int limit, Instant now, Duration lease) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be at least 1");
        }
        Objects.requireNonNull(now, "now");
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease " + lease + " must be positive");
        }
        return database.inTransaction("claim up to " + limit + " due CRM outbox rows",
                connection -> OutboxRows.claim(connection, database.dialect(), json, limit, now, lease));
    }

    @Override
    public void done(long id, String crmId, Instant at) {
        Objects.requireNonNull(at, "at");
        move(id, "mark CRM outbox row " + id + " done",
                connection -> OutboxRows.done(connection, id, crmId, at));
    }

    @Override
    public void removed(long id, long erasureId, Instant at) {
        Objects.requireNonNull(at, "at");
        database.inTransaction("remove CRM outbox row " + id + " of erasure " + erasureId,
                connection -> OutboxRows.removed(connection, id, erasureId, at));
    }

    @Override
    public void retryAt(long id, Instant next, String error) {
        Objects.requireNonNull(next, "next");
        move(id, "retry CRM outbox row " + id + " at " + next,
                connection -> OutboxRows.retryAt(connection, id, next, error, database.clock().instant()));
    }

    @Override
    public void await(long id, String reason) {
        Objects.requireNonNull(reason, "reason");
        move(id, "make CRM outbox row " + id + " wait", connection -> OutboxRows.await(connection, id, reason));
    }

    @Override
    public void fail(long id, String reason) {
        Objects.requireNonNull(reason, "reason");
        move(id, "fail CRM outbox row " + id, connection -> OutboxRows.fail(connection, database.dialect(), json, id,
                reason, database.clock().instant()));
    }

    @Override
    public int wake(String channel, String handle) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(handle, "handle");
        return database.inTransaction("wake the CRM outbox rows of " + channel + ":" + handle,
                connection -> OutboxRows.wake(connection, channel, handle, database.clock().instant()));
    }

    /** The replay of a CRM dead letter ({@code parley:outbox?id=ROW}): the row is due again now, whatever it was. */
    @Override
    public boolean requeue(long id) {
        return database.inTransaction("requeue CRM outbox row " + id,
                connection -> OutboxRows.requeue(connection, id, database.clock().instant())) > 0;
    }

    @Override
    public int requeue(List<SocialIdentity> identities) {
        if (identities.isEmpty()) {
            return 0;
        }
        return database.inTransaction("requeue the CRM outbox rows of " + identities.size() + " identities",
                connection -> OutboxRows.requeue(connection, identities, database.clock().instant()));
    }

    @Override
    public Stats stats(Instant now) {
        Objects.requireNonNull(now, "now");
        return database.read("read the CRM outbox stats", connection -> OutboxRows.stats(connection, now));
    }

    /**
     * Runs a move of one row. An unknown id is the caller's mistake; a row in another state than the move expects
     * (finished meanwhile by a worker whose lease was newer) is left as it is.
     */
    private void move(long id, String what, ParleyDatabase.SqlWork<Integer> work) {
        int moved = database.inTransaction(what, connection -> {
            int rows = work.run(connection);
            if (rows == 0 && !OutboxRows.exists(connection, id)) {
                throw new IllegalArgumentException("there is no CRM outbox row " + id);
            }
            return rows;
        });
        if (moved == 0) {
            LOG.debug("{}: left as it is, another worker finished it meanwhile", what);
        }
    }
}
