package org.parley.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
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
import org.parley.api.DeadLetter;
import org.parley.api.WebhookInbox;

/**
 * The webhook_inbox table (changeset 0010). Every method works inside the caller's transaction. Claims follow the
 * CRM outbox's: see {@link Dialect#lockingDueRows} for why two claims never return the same row.
 */
final class WebhookInboxRows {

    /** Longest error kept in a row (the column's size); the log and the dead letter have the rest. */
    static final int MAX_ERROR = 4000;

    /** Sources named in one claim statement; more are claimed chunk by chunk. */
    static final int MAX_SOURCES = 64;

    private static final String FIND = "SELECT id FROM webhook_inbox WHERE channel = ? AND account = ? AND delivery_id = ?";

    private static final String INSERT = "INSERT INTO webhook_inbox (channel, account, delivery_id, headers_json, body,"
            + " status, attempts, next_attempt_at, received_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)";

    private static final String COLUMNS = "id, channel, account, delivery_id, headers_json, body, received_at, attempts";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, List<String>>> HEADERS = new TypeReference<>() {
    };

    private WebhookInboxRows() {
    }

    /** Inserts a PENDING row due at once, unless the delivery is known: its id, or null for a known delivery. */
    static Long add(Connection connection, Dialect dialect, String channel, String account, String deliveryId,
                    Map<String, List<String>> headers, byte[] body, Instant receivedAt) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(FIND)) {
            ps.setString(1, channel);
            ps.setString(2, account);
            ps.setString(3, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return null;
                }
            }
        }
        // PostgreSQL: a concurrent insert of the same delivery makes this one skip the row (no key comes back);
        // H2: writers take turns (Dialect#singleWriter), so the look-up above already saw it.
        String insert = dialect.insertSkippingDuplicates(INSERT, "channel, account, delivery_id");
        try (PreparedStatement ps = connection.prepareStatement(insert, dialect.generatedId())) {
            ps.setString(1, channel);
            ps.setString(2, account);
            ps.setString(3, deliveryId);
            ps.setString(4, headers == null || headers.isEmpty() ? null : json(headers));
            ps.setBytes(5, body);
            Jdbc.setInstant(ps, 6, receivedAt);
            Jdbc.setInstant(ps, 7, receivedAt);
            if (ps.executeUpdate() == 0) {
                return null;
            }
            try (ResultSet keys = ps.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : null;
            }
        }
    }

    /** Claims up to {@code limit} due PENDING rows of the sources, longest due first; returns them oldest first. */
    static List<WebhookInbox.Entry> claim(Connection connection, Dialect dialect, List<WebhookInbox.Source> sources,
                                          int limit, Instant now, Duration lease) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (int from = 0; from < sources.size() && ids.size() < limit; from += MAX_SOURCES) {
            List<WebhookInbox.Source> chunk = sources.subList(from, Math.min(sources.size(), from + MAX_SOURCES));
            // Padded to a power of two by repeating the last source: few SQL shapes, same meaning.
            int size = Math.min(MAX_SOURCES, Jdbc.paddedSize(chunk.size()));
            StringBuilder sql = new StringBuilder("SELECT id FROM webhook_inbox WHERE status = 'PENDING'"
                    + " AND next_attempt_at <= ? AND (");
            for (int i = 0; i < size; i++) {
                sql.append(i == 0 ? "" : " OR ").append("(channel = ? AND account = ?)");
            }
            sql.append(") ORDER BY next_attempt_at, id FETCH FIRST ? ROWS ONLY");
            try (PreparedStatement ps = connection.prepareStatement(dialect.lockingDueRows(sql.toString()))) {
                int p = 1;
                Jdbc.setInstant(ps, p++, now);
                for (int i = 0; i < size; i++) {
                    WebhookInbox.Source source = chunk.get(Math.min(i, chunk.size() - 1));
                    ps.setString(p++, source.channel());
                    ps.setString(p++, source.account());
                }
                ps.setInt(p, limit - ids.size());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
        }
        List<WebhookInbox.Entry> entries = new ArrayList<>(ids.size());
        for (List<Long> chunk : Jdbc.chunks(ids)) {
            int size = Jdbc.paddedSize(chunk.size());
            try (PreparedStatement ps = connection.prepareStatement("UPDATE webhook_inbox SET next_attempt_at = ?,"
                    + " attempts = attempts + 1 WHERE id IN (" + Jdbc.placeholders(size) + ")")) {
                Jdbc.setInstant(ps, 1, now.plus(lease));
                bindIds(ps, 2, chunk, size);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM webhook_inbox"
                    + " WHERE id IN (" + Jdbc.placeholders(size) + ")")) {
                bindIds(ps, 1, chunk, size);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(entry(rs));
                    }
                }
            }
        }
        entries.sort(Comparator.comparing(WebhookInbox.Entry::receivedAt).thenComparingLong(WebhookInbox.Entry::id));
        return entries;
    }

    /**
     * DONE: the delivery's interactions are stored, so its body and headers are emptied. The row stays until the purge,
     * by its delivery id only, to recognise a retried delivery; what the person said is kept once, in the
     * interactions, where retention and erasure find it.
     */
    static int done(Connection connection, long id, Instant at) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE webhook_inbox SET status = 'DONE',"
                + " finished_at = ?, body = ?, headers_json = NULL WHERE id = ? AND status = 'PENDING'")) {
            Jdbc.setInstant(ps, 1, at);
            ps.setBytes(2, new byte[0]);
            ps.setLong(3, id);
            return ps.executeUpdate();
        }
    }

    static int retryAt(Connection connection, long id, Instant next, String error, Instant now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE webhook_inbox SET next_attempt_at = ?,"
                + " last_error = COALESCE(?, last_error), last_error_at = COALESCE(?, last_error_at)"
                + " WHERE id = ? AND status = 'PENDING'")) {
            Jdbc.setInstant(ps, 1, next);
            ps.setString(2, Jdbc.clip(error, MAX_ERROR));
            Jdbc.setInstant(ps, 3, error == null ? null : now);
            ps.setLong(4, id);
            return ps.executeUpdate();
        }
    }

    /** FAILED and a dead letter of the body, in the caller's transaction; 0 (and no dead letter) unless PENDING. */
    static int failed(Connection connection, Dialect dialect, long id, String reason, String replayUri, Instant now)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE webhook_inbox SET status = 'FAILED',"
                + " finished_at = ?, last_error = ?, last_error_at = ? WHERE id = ? AND status = 'PENDING'")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setString(2, Jdbc.clip(reason, MAX_ERROR));
            Jdbc.setInstant(ps, 3, now);
            ps.setLong(4, id);
            if (ps.executeUpdate() == 0) {
                return 0;
            }
        }
        DeadLetter.New letter;
        try (PreparedStatement ps = connection.prepareStatement("SELECT channel, account, body FROM webhook_inbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                letter = new DeadLetter.New(rs.getString("channel"), rs.getString("account"), reason,
                        new String(rs.getBytes("body"), StandardCharsets.UTF_8), replayUri);
            }
        }
        DeadLetterRows.insert(connection, dialect, List.of(letter), now);
        return 1;
    }

    static int purgeFinished(Connection connection, Instant before) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM webhook_inbox"
                + " WHERE received_at < ? AND status IN ('DONE', 'FAILED')")) {
            Jdbc.setInstant(ps, 1, before);
            return ps.executeUpdate();
        }
    }

    static boolean exists(Connection connection, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM webhook_inbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static List<WebhookInbox.Counts> stats(Connection connection, Instant now) throws SQLException {
        Map<WebhookInbox.Source, long[]> counts = new LinkedHashMap<>();
        Map<WebhookInbox.Source, Instant> oldest = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT channel, account, status, COUNT(*) AS n,"
                + " MIN(received_at) AS oldest FROM webhook_inbox WHERE status IN ('PENDING', 'FAILED')"
                + " GROUP BY channel, account, status ORDER BY channel, account");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                WebhookInbox.Source source = new WebhookInbox.Source(rs.getString("channel"), rs.getString("account"));
                long[] c = counts.computeIfAbsent(source, s -> new long[2]);
                if ("PENDING".equals(rs.getString("status"))) {
                    c[0] = rs.getLong("n");
                    oldest.put(source, Jdbc.getInstant(rs, "oldest"));
                } else {
                    c[1] = rs.getLong("n");
                }
            }
        }
        Map<WebhookInbox.Source, String> lastErrors = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT channel, account, last_error FROM webhook_inbox"
                + " WHERE status = 'PENDING' AND last_error_at IS NOT NULL ORDER BY last_error_at DESC, id DESC"
                + " FETCH FIRST 1000 ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lastErrors.putIfAbsent(new WebhookInbox.Source(rs.getString(1), rs.getString(2)), rs.getString(3));
            }
        }
        List<WebhookInbox.Counts> result = new ArrayList<>(counts.size());
        counts.forEach((source, c) -> {
            Instant first = oldest.get(source);
            Duration age = first == null || !first.isBefore(now) ? Duration.ZERO : Duration.between(first, now);
            result.add(new WebhookInbox.Counts(source, c[0], c[1], age, lastErrors.get(source)));
        });
        return result;
    }

    private static WebhookInbox.Entry entry(ResultSet rs) throws SQLException {
        return new WebhookInbox.Entry(rs.getLong("id"), rs.getString("channel"), rs.getString("account"),
                rs.getString("delivery_id"), headers(rs.getString("headers_json")), rs.getBytes("body"),
                Jdbc.getInstant(rs, "received_at"), rs.getInt("attempts"));
    }

    private static void bindIds(PreparedStatement ps, int first, List<Long> ids, int size) throws SQLException {
        for (int i = 0; i < size; i++) {
            ps.setLong(first + i, ids.get(Math.min(i, ids.size() - 1)));
        }
    }

    private static String json(Map<String, List<String>> headers) {
        try {
            return MAPPER.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the headers cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private static Map<String, List<String>> headers(String json) throws SQLException {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, HEADERS);
        } catch (JsonProcessingException e) {
            throw new SQLException("webhook_inbox.headers_json is not a JSON object of lists: " + e.getOriginalMessage(), e);
        }
    }
}
