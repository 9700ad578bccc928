package org.parley.store.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.WebhookInbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public ingress's inbox over JDBC (changeset 0010). Claims are safe with several workers and several nodes, as
 * the CRM outbox's are (see {@link Dialect#lockingDueRows}). A worker may only move rows it holds, that is PENDING
 * ones: when its lease ran out and another worker finished the row meanwhile, the late worker's done, retryAt or
 * failed changes nothing (and writes no second dead letter).
 */
@Component(service = WebhookInbox.class)
public final class JdbcWebhookInbox implements WebhookInbox {

    // Column sizes (changeset 0010): a value that does not fit is refused, never cut (it is part of the key).
    static final int MAX_CHANNEL = 64;
    static final int MAX_ACCOUNT = 255;
    static final int MAX_DELIVERY_ID = 255;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcWebhookInbox.class);

    private final ParleyDatabase database;

    @Activate
    public JdbcWebhookInbox(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<Long> add(String channel, String account, String deliveryId, Map<String, List<String>> headers,
                              byte[] body, Instant receivedAt) {
        check("channel", channel, MAX_CHANNEL);
        check("account", account, MAX_ACCOUNT);
        check("deliveryId", deliveryId, MAX_DELIVERY_ID);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Long id = database.inTransaction("commit webhook delivery " + deliveryId + " of " + channel + "/" + account,
                connection -> WebhookInboxRows.add(connection, database.dialect(), channel, account, deliveryId,
                        headers, body, receivedAt));
        return Optional.ofNullable(id);
    }

    @Override
    public List<Entry> claimDue(Collection<Source> sources, int limit, Instant now, Duration lease) {
        Objects.requireNonNull(sources, "sources");
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be at least 1");
        }
        Objects.requireNonNull(now, "now");
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease " + lease + " must be positive");
        }
        if (sources.isEmpty()) {
            return List.of();
        }
        List<Source> distinct = List.copyOf(new LinkedHashSet<>(sources));
        return database.inTransaction("claim up to " + limit + " due webhook deliveries",
                connection -> WebhookInboxRows.claim(connection, database.dialect(), distinct, limit, now, lease));
    }

    @Override
    public void done(long id, Instant at) {
        Objects.requireNonNull(at, "at");
        move(id, "mark webhook delivery " + id + " done", connection -> WebhookInboxRows.done(connection, id, at));
    }

    @Override
    public void retryAt(long id, Instant next, String error) {
        Objects.requireNonNull(next, "next");
        move(id, "retry webhook delivery " + id + " at " + next,
                connection -> WebhookInboxRows.retryAt(connection, id, next, error, database.clock().instant()));
    }

    @Override
    public void failed(long id, String reason, String replayUri) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(replayUri, "replayUri");
        move(id, "make webhook delivery " + id + " a dead letter", connection -> WebhookInboxRows.failed(connection,
                database.dialect(), id, reason, replayUri, database.clock().instant()));
    }

    @Override
    public int purgeFinished(Instant before) {
        Objects.requireNonNull(before, "before");
        return database.inTransaction("purge webhook deliveries finished before " + before,
                connection -> WebhookInboxRows.purgeFinished(connection, before));
    }

    @Override
    public List<Counts> stats(Instant now) {
        Objects.requireNonNull(now, "now");
        return database.read("read the webhook inbox stats", connection -> WebhookInboxRows.stats(connection, now));
    }

    /** An unknown id is the caller's mistake; a row that is no longer PENDING (finished by a newer lease) stays as it is. */
    private void move(long id, String what, ParleyDatabase.SqlWork<Integer> work) {
        int moved = database.inTransaction(what, connection -> {
            int rows = work.run(connection);
            if (rows == 0 && !WebhookInboxRows.exists(connection, id)) {
                throw new IllegalArgumentException("there is no webhook delivery " + id);
            }
            return rows;
        });
        if (moved == 0) {
            LOG.debug("{}: left as it is, another worker finished it meanwhile", what);
        }
    }

    private static void check(String name, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(name + " is " + value.length() + " characters long; at most " + max + " fit");
        }
    }
}
