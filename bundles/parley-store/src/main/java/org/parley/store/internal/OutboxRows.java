package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.parley.api.CrmOutbox;
import org.parley.api.DeadLetter;
import org.parley.api.SocialIdentity;
import org.parley.api.json.InteractionJson;

/**
 * The crm_outbox table: claiming due rows and moving rows between states. Every method works inside the caller's
 * transaction, so that a review's resolution can wake rows in the same transaction as it links the identity.
 * An identity's rows are those of the interactions it wrote: (interactions.channel, interactions.author_handle).
 */
final class OutboxRows {

    /** Longest error or waiting reason kept in a row: enough to act on; the dead letter keeps a failure whole. */
    static final int MAX_TEXT = 4000;

    /**
     * The replay endpoint of the dead letter a failed CRM write leaves, {@code parley:outbox?id=ROW}: the payload is
     * the stored interaction, which ingest would only skip as a duplicate, so a replay has to put the outbox row
     * back in the queue instead. parley-camel has no such operation yet: a replay until then is refused and counted
     * (nothing is lost); {@link CrmOutbox#requeue} puts the row back meanwhile.
     */
    static String replayUri(long rowId) {
        return "parley:outbox?id=" + rowId;
    }

    private static final String DUE = "SELECT id FROM crm_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?"
            + " ORDER BY next_attempt_at, id FETCH FIRST ? ROWS ONLY";

    private static final String ENTRY = "SELECT o.id, o.attempts, o.created_at, i.interaction_json, i.raw_payload"
            + " FROM crm_outbox o JOIN interactions i ON i.id = o.interaction_id WHERE o.id IN (";

    private static final String FAILED = "SELECT i.channel, i.account, i.interaction_json, i.raw_payload"
            + " FROM crm_outbox o JOIN interactions i ON i.id = o.interaction_id WHERE o.id = ?";

    private static final String OF_IDENTITY = " AND interaction_id IN"
            + " (SELECT id FROM interactions WHERE channel = ? AND author_handle = ?)";

    private static final String WAKE = "UPDATE crm_outbox SET status = 'PENDING', next_attempt_at = ?,"
            + " waiting_reason = NULL WHERE status = 'WAITING'" + OF_IDENTITY;

    private static final String REQUEUE = "UPDATE crm_outbox SET status = 'PENDING', next_attempt_at = ?,"
            + " waiting_reason = NULL WHERE status <> 'PENDING'" + OF_IDENTITY;

    private OutboxRows() {
    }

    /**
     * Claims up to {@code limit} due rows, longest due first (the claim index's order), and returns them oldest
     * first. See {@link Dialect#lockingDueRows} for why two claims never return the same row.
     */
    static List<CrmOutbox.Entry> claim(Connection connection, Dialect dialect, InteractionJson json, int limit,
                                       Instant now, Duration lease) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(dialect.lockingDueRows(DUE))) {
            Jdbc.setInstant(ps, 1, now);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        List<CrmOutbox.Entry> entries = new ArrayList<>(ids.size());
        for (List<Long> chunk : Jdbc.chunks(ids)) {
            int size = Jdbc.paddedSize(chunk.size());
            try (PreparedStatement ps = connection.prepareStatement("UPDATE crm_outbox SET next_attempt_at = ?,"
                    + " attempts = attempts + 1 WHERE id IN (" + Jdbc.placeholders(size) + ")")) {
                Jdbc.setInstant(ps, 1, now.plus(lease));
                bindIds(ps, 2, chunk, size);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement(ENTRY + Jdbc.placeholders(size) + ")")) {
                bindIds(ps, 1, chunk, size);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new CrmOutbox.Entry(rs.getLong("id"),
                                json.read(rs.getString("interaction_json")).withRaw(rs.getString("raw_payload")),
                                rs.getInt("attempts"), Jdbc.getInstant(rs, "created_at")));
                    }
                }
            }
        }
        entries.sort(Comparator.comparing(CrmOutbox.Entry::createdAt).thenComparingLong(CrmOutbox.Entry::id));
        return entries;
    }

    /** Padding repeats the last id: it changes nothing and keeps the SQL text the same. */
    private static void bindIds(PreparedStatement ps, int first, List<Long> ids, int size) throws SQLException {
        for (int i = 0; i < size; i++) {
            ps.setLong(first + i, ids.get(Math.min(i, ids.size() - 1)));
        }
    }

    /** Marks the row written; a row already DONE keeps its first CRM id. Returns how many rows changed (0 or 1). */
    static int done(Connection connection, long id, String crmId, Instant at) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE crm_outbox SET status = 'DONE', crm_id = ?,"
                + " done_at = ?, waiting_reason = NULL WHERE id = ? AND status <> 'DONE'")) {
            ps.setString(1, crmId);
            Jdbc.setInstant(ps, 2, at);
            ps.setLong(3, id);
            return ps.executeUpdate();
        }
    }

    /**
     * A claimed (PENDING) row is tried again at {@code next}; a null error keeps the one before. Returns how many
     * rows changed (0 or 1).
     */
    static int retryAt(Connection connection, long id, Instant next, String error, Instant now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE crm_outbox SET next_attempt_at = ?,"
                + " last_error = COALESCE(?, last_error), last_error_at = COALESCE(?, last_error_at)"
                + " WHERE id = ? AND status = 'PENDING'")) {
            Jdbc.setInstant(ps, 1, next);
            ps.setString(2, Jdbc.clip(error, MAX_TEXT));
            Jdbc.setInstant(ps, 3, error == null ? null : now);
            ps.setLong(4, id);
            return ps.executeUpdate();
        }
    }

    /** A claimed (PENDING) row waits for a person or a policy. Returns how many rows changed (0 or 1). */
    static int await(Connection connection, long id, String reason) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE crm_outbox SET status = 'WAITING',"
                + " waiting_reason = ? WHERE id = ? AND status = 'PENDING'")) {
            ps.setString(1, Jdbc.clip(reason, MAX_TEXT));
            ps.setLong(2, id);
            return ps.executeUpdate();
        }
    }

    /**
     * A claimed (PENDING) row fails for good: FAILED with the reason, and a dead letter carrying the interaction's
     * whole JSON (raw payload included), from its channel and account. Returns how many rows changed (0 or 1); no
     * dead letter is written for a row that was not PENDING.
     */
    static int fail(Connection connection, Dialect dialect, InteractionJson json, long id, String reason, Instant now)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE crm_outbox SET status = 'FAILED',"
                + " last_error = ?, last_error_at = ?, waiting_reason = NULL WHERE id = ? AND status = 'PENDING'")) {
            ps.setString(1, Jdbc.clip(reason, MAX_TEXT));
            Jdbc.setInstant(ps, 2, now);
            ps.setLong(3, id);
            if (ps.executeUpdate() == 0) {
                return 0;
            }
        }
        DeadLetter.New letter;
        try (PreparedStatement ps = connection.prepareStatement(FAILED)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String payload = json.write(json.read(rs.getString("interaction_json")).withRaw(rs.getString("raw_payload")));
                letter = new DeadLetter.New(rs.getString("channel"), rs.getString("account"), reason, payload, replayUri(id));
            }
        }
        DeadLetterRows.insert(connection, dialect, List.of(letter), now);
        return 1;
    }

    /** The WAITING rows of this identity become due now. Returns how many. */
    static int wake(Connection connection, String channel, String handle, Instant now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(WAKE)) {
            Jdbc.setInstant(ps, 1, now);
            ps.setString(2, channel);
            ps.setString(3, handle);
            return ps.executeUpdate();
        }
    }

    /** Every row of these identities that is not PENDING becomes due now; attempts are kept. Returns how many. */
    static int requeue(Connection connection, List<SocialIdentity> identities, Instant now) throws SQLException {
        int rows = 0;
        try (PreparedStatement ps = connection.prepareStatement(REQUEUE)) {
            for (SocialIdentity identity : identities) {
                Jdbc.setInstant(ps, 1, now);
                ps.setString(2, identity.channel());
                ps.setString(3, identity.handle());
                rows += ps.executeUpdate();
            }
        }
        return rows;
    }

    static boolean exists(Connection connection, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM crm_outbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static CrmOutbox.Stats stats(Connection connection, Instant now) throws SQLException {
        long pending = 0;
        long waiting = 0;
        long failed = 0;
        try (PreparedStatement ps = connection.prepareStatement("SELECT status, COUNT(*) FROM crm_outbox"
                + " WHERE status IN ('PENDING', 'WAITING', 'FAILED') GROUP BY status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                switch (rs.getString(1)) {
                    case "PENDING" -> pending = rs.getLong(2);
                    case "WAITING" -> waiting = rs.getLong(2);
                    default -> failed = rs.getLong(2);
                }
            }
        }
        Duration oldest = Duration.ZERO;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT MIN(created_at) AS oldest FROM crm_outbox WHERE status = 'PENDING'");
             ResultSet rs = ps.executeQuery()) {
            Instant createdAt = rs.next() ? Jdbc.getInstant(rs, "oldest") : null;
            if (createdAt != null && createdAt.isBefore(now)) {
                oldest = Duration.between(createdAt, now);
            }
        }
        String lastError = null;
        try (PreparedStatement ps = connection.prepareStatement("SELECT last_error FROM crm_outbox"
                + " WHERE last_error_at IS NOT NULL ORDER BY last_error_at DESC, id DESC FETCH FIRST 1 ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                lastError = rs.getString(1);
            }
        }
        return new CrmOutbox.Stats(pending, waiting, failed, oldest, lastError);
    }
}
