package org.parley.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.api.ContactRef;
import org.parley.api.CrmOutbox;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.SocialIdentity;
import org.parley.api.json.InteractionJson;

/**
 * The crm_outbox table: claiming due rows and moving rows between states. Every method works inside the caller's
 * transaction, so that a review's resolution can wake rows in the same transaction as it links the identity.
 * An identity's rows are those of the interactions it wrote: (interactions.channel, interactions.author_handle).
 * Rows are of three kinds: HISTORY, an interaction to write into its author's history (written by
 * {@link InteractionWriter}); TAG, a person's tag added or removed (written by {@link JdbcPersonTags}, changeset
 * 0006); ERASE, an erased interaction's history entry to remove (written by {@link JdbcPersonErasure}, 0012); the
 * identity operations (wake, requeue of identities) concern HISTORY rows only.
 */
final class OutboxRows {

    /** Longest error or waiting reason kept in a row: enough to act on; the dead letter keeps a failure whole. */
    static final int MAX_TEXT = 4000;

    /**
     * The replay endpoint of the dead letter a failed CRM write leaves, {@code parley:outbox?id=ROW}: the payload is
     * the stored interaction (or the tag change), which ingest would only skip as a duplicate, so a replay has to put
     * the outbox row back in the queue instead: {@link CrmOutbox#requeue(long)}, which parley-camel's
     * {@code parley:outbox} endpoint calls.
     */
    static String replayUri(long rowId) {
        return "parley:outbox?id=" + rowId;
    }

    private static final String DUE = "SELECT id FROM crm_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?"
            + " ORDER BY next_attempt_at, id FETCH FIRST ? ROWS ONLY";

    /** A HISTORY row's interaction, or a TAG row's change (kind TAG: no interaction, see changeset 0006). */
    private static final String ROW = "SELECT o.id, o.kind, o.attempts, o.created_at, o.crm_type, o.crm_record_id,"
            + " o.tag, o.member, o.erasure_id, o.removal_channel, o.removal_external_id, o.crm_id,"
            + " i.channel, i.account, i.interaction_json, i.raw_payload"
            + " FROM crm_outbox o LEFT JOIN interactions i ON i.id = o.interaction_id";

    private static final String ENTRY = ROW + " WHERE o.id IN (";

    private static final String FAILED = ROW + " WHERE o.id = ?";

    private static final String INSERT_TAG = "INSERT INTO crm_outbox (kind, crm_type, crm_record_id, tag, member,"
            + " status, attempts, next_attempt_at, created_at) VALUES ('TAG', ?, ?, ?, ?, 'PENDING', 0, ?, ?)";

    /**
     * The channel of the dead letter a failed tag change or history removal leaves: it came from a person, not a
     * social channel.
     */
    static final String TAG_DEAD_LETTER_CHANNEL = "crm";

    static final String TAG = "TAG";

    /** An erased interaction's history entry to remove from the CRM (changeset 0012). */
    static final String ERASE = "ERASE";

    private static final String OF_IDENTITY = " AND interaction_id IN"
            + " (SELECT id FROM interactions WHERE channel = ? AND author_handle = ?)";

    private static final String WAKE = "UPDATE crm_outbox SET status = 'PENDING', next_attempt_at = ?,"
            + " waiting_reason = NULL WHERE status = 'WAITING'" + OF_IDENTITY;

    private static final String REQUEUE = "UPDATE crm_outbox SET status = 'PENDING', next_attempt_at = ?,"
            + " waiting_reason = NULL WHERE status <> 'PENDING'" + OF_IDENTITY;

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
                        entries.add(entry(rs, json));
                    }
                }
            }
        }
        entries.sort(Comparator.comparing(CrmOutbox.Entry::createdAt).thenComparingLong(CrmOutbox.Entry::id));
        return entries;
    }

    private static CrmOutbox.Entry entry(ResultSet rs, InteractionJson json) throws SQLException {
        long id = rs.getLong("id");
        int attempts = rs.getInt("attempts");
        Instant createdAt = Jdbc.getInstant(rs, "created_at");
        if (TAG.equals(rs.getString("kind"))) {
            return new CrmOutbox.Entry(id, null, tagChange(rs), attempts, createdAt);
        }
        if (ERASE.equals(rs.getString("kind"))) {
            return new CrmOutbox.Entry(id, null, null, removal(rs), attempts, createdAt);
        }
        return new CrmOutbox.Entry(id, interaction(rs, json), null, attempts, createdAt);
    }

    private static Interaction interaction(ResultSet rs, InteractionJson json) throws SQLException {
        return json.read(rs.getString("interaction_json")).withRaw(rs.getString("raw_payload"));
    }

    /**
     * A TAG row's change. The row keeps the record's type and id only, which is all a CRM list needs: the ContactRef
     * says MANUAL with confidence 1 (a person, or a rule acting for one, named the record).
     */
    private static CrmOutbox.TagChange tagChange(ResultSet rs) throws SQLException {
        ContactRef record = new ContactRef(rs.getString("crm_type"), rs.getString("crm_record_id"),
                ContactRef.Method.MANUAL, 1.0);
        return new CrmOutbox.TagChange(record, rs.getString("tag"), rs.getBoolean("member"));
    }

    private static CrmOutbox.HistoryRemoval removal(ResultSet rs) throws SQLException {
        return new CrmOutbox.HistoryRemoval(new InteractionKey(rs.getString("removal_channel"),
                rs.getString("removal_external_id")), rs.getString("crm_id"), rs.getLong("erasure_id"));
    }

    /** Inserts a due TAG row: the change of one tag on one record. Returns its id. */
    static long insertTag(Connection connection, Dialect dialect, String crmType, String crmId, String tag,
                          boolean member, Instant now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(INSERT_TAG, dialect.generatedId())) {
            ps.setString(1, crmType);
            ps.setString(2, crmId);
            ps.setString(3, tag);
            ps.setBoolean(4, member);
            Jdbc.setInstant(ps, 5, now);
            Jdbc.setInstant(ps, 6, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
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

    /** A history removal done: its row is deleted, and its erasure completed when it was the last. */
    static int removed(Connection connection, long id, long erasure, Instant at) throws SQLException {
        int removed;
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM crm_outbox WHERE id = ? AND kind = 'ERASE'")) {
            ps.setLong(1, id);
            removed = ps.executeUpdate();
        }
        try (PreparedStatement ps = connection.prepareStatement("UPDATE erasures SET completed_at = ? WHERE id = ?"
                + " AND completed_at IS NULL AND NOT EXISTS (SELECT 1 FROM crm_outbox WHERE erasure_id = ?)")) {
            Jdbc.setInstant(ps, 1, at);
            ps.setLong(2, erasure);
            ps.setLong(3, erasure);
            ps.executeUpdate();
        }
        return removed;
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
     * A claimed (PENDING) row fails for good: FAILED with the reason, and a dead letter: for a HISTORY row the
     * interaction's whole JSON (raw payload included), from its channel and account; for a TAG row the change as
     * {@code {"kind":"TAG","crmType":..,"crmId":..,"tag":..,"member":..}}, from channel {@code crm}. Either way the
     * replay endpoint is {@link #replayUri}. Returns how many rows changed (0 or 1); no
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
                if (TAG.equals(rs.getString("kind"))) {
                    letter = new DeadLetter.New(TAG_DEAD_LETTER_CHANNEL, null, reason, tagPayload(tagChange(rs)),
                            replayUri(id));
                } else if (ERASE.equals(rs.getString("kind"))) {
                    letter = new DeadLetter.New(TAG_DEAD_LETTER_CHANNEL, null, reason, removalPayload(removal(rs)),
                            replayUri(id));
                } else {
                    letter = new DeadLetter.New(rs.getString("channel"), rs.getString("account"), reason,
                            json.write(interaction(rs, json)), replayUri(id));
                }
            }
        }
        DeadLetterRows.insert(connection, dialect, List.of(letter), now);
        return 1;
    }

    /**
     * The small JSON a failed history removal leaves as its dead letter's payload: what to remove, by key and CRM
     * id, and the erasure; nothing of the person beyond what the CRM needs to find the entry.
     */
    static String removalPayload(CrmOutbox.HistoryRemoval removal) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("kind", ERASE);
        payload.put("erasure", removal.erasureId());
        payload.put("interaction", removal.key().toString());
        payload.put("crmId", removal.crmId());
        return payload(payload, "a history removal");
    }

    /** The small JSON a failed tag change leaves as its dead letter's payload. */
    static String tagPayload(CrmOutbox.TagChange change) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("kind", TAG);
        payload.put("crmType", change.record().type());
        payload.put("crmId", change.record().id());
        payload.put("tag", change.tag());
        payload.put("member", change.member());
        return payload(payload, "a tag change");
    }

    private static String payload(Map<String, Object> payload, String what) {
        try {
            return MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + what + " as JSON", e);
        }
    }

    /**
     * One row becomes PENDING and due now (the replay of its dead letter); attempts and the last error are kept. A row
     * that is PENDING already is left alone, so that a worker's lease on it is not broken. Returns 1 when the row
     * exists, 0 when there is no such row.
     */
    static int requeue(Connection connection, long id, Instant now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE crm_outbox SET status = 'PENDING',"
                + " next_attempt_at = ?, waiting_reason = NULL WHERE id = ? AND status <> 'PENDING'")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setLong(2, id);
            if (ps.executeUpdate() > 0) {
                return 1;
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM crm_outbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? 1 : 0;
            }
        }
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
