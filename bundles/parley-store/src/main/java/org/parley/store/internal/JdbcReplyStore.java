package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.InteractionKey;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies over JDBC (changeset 0008). Claims are safe with several workers and several nodes, as the CRM outbox's
 * are: see {@link Dialect#lockingDueRows}. A claim sets in_flight and every recorded outcome (sent, retryAt, fail)
 * clears it, so a claim that finds it still set knows that the previous claim's process stopped while posting, and
 * says so ({@link Claim#uncertain()}) instead of letting the reply go out twice unnoticed.
 * <p>
 * A worker may only move what it holds: retryAt and fail change PENDING replies only, so a worker whose lease ran out
 * cannot undo what another finished. sent also records a FAILED reply: a late worker whose post did go out after all
 * tells the truth about a public, permanent post (a reply failed as "outcome unknown" was in fact sent), and keeps a
 * person from retrying it into a second post. A reply SENT already keeps its first external id.
 */
@Component(service = ReplyStore.class)
public final class JdbcReplyStore implements ReplyStore {

    /** Longest error kept (the column's size): enough to act on; the log has the rest. */
    static final int MAX_ERROR = 4000;

    // Column sizes (changeset 0008): a value that does not fit is refused when a reply is added, rather than cut.
    private static final int MAX_CHANNEL = 64;
    private static final int MAX_NAME = 255;
    private static final int MAX_IDEMPOTENCY_KEY = 64;
    private static final int MAX_URL = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcReplyStore.class);

    static final String COLUMNS = "id, in_reply_to_channel, in_reply_to_id, account, text, requested_by, status,"
            + " approved_by, idempotency_key, external_id, url, error, attempts, in_flight, requested_at, sent_at";

    private static final String SELECT = "SELECT " + COLUMNS + " FROM replies";

    private static final String INSERT = "INSERT INTO replies (in_reply_to_channel, in_reply_to_id, account, text,"
            + " requested_by, status, idempotency_key, attempts, in_flight, next_attempt_at, requested_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, 0, FALSE, ?, ?, ?)";

    /** Longest due first, the claim index's order, so that a reply waiting for its retry is not passed over forever. */
    private static final String DUE = SELECT + " WHERE status = 'PENDING' AND next_attempt_at <= ?"
            + " ORDER BY next_attempt_at, id FETCH FIRST ? ROWS ONLY";

    private static final Comparator<Reply> OLDEST_FIRST =
            Comparator.comparing(Reply::requestedAt).thenComparingLong(Reply::id);

    private final ParleyDatabase database;

    @Activate
    public JdbcReplyStore(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
    }

    /**
     * Stores a reply: AWAITING_APPROVAL when it needs approval, else PENDING and due when it was requested. An
     * idempotency key another reply has is refused: the channel would take the second post for the first.
     */
    @Override
    public long add(Reply.New reply) {
        if (reply == null) {
            throw new IllegalArgumentException("reply is missing");
        }
        InteractionKey inReplyTo = present(reply.inReplyTo(), "inReplyTo");
        fits(inReplyTo.channel(), "inReplyTo.channel", MAX_CHANNEL);
        fits(inReplyTo.externalId(), "inReplyTo.externalId", MAX_NAME);
        if (reply.account() != null) {
            fits(reply.account(), "account", MAX_NAME);
        }
        notBlank(reply.text(), "text", Integer.MAX_VALUE);
        notBlank(reply.requestedBy(), "requestedBy", MAX_NAME);
        String key = notBlank(reply.idempotencyKey(), "idempotencyKey", MAX_IDEMPOTENCY_KEY);
        Instant requestedAt = present(reply.requestedAt(), "requestedAt");
        Reply.Status status = reply.needsApproval() ? Reply.Status.AWAITING_APPROVAL : Reply.Status.PENDING;
        // Checked before the insert for a clear refusal; a concurrent add of the same key makes the insert fail with a
        // unique violation, the transaction runs again, and this check finds the winner's reply.
        return database.inTransaction("add a reply to " + inReplyTo, connection -> {
            Long taken = idOf(connection, key);
            if (taken != null) {
                throw new IllegalArgumentException("idempotency key '" + key + "' is taken by reply " + taken);
            }
            try (PreparedStatement ps = connection.prepareStatement(INSERT, database.dialect().generatedId())) {
                ps.setString(1, inReplyTo.channel());
                ps.setString(2, inReplyTo.externalId());
                ps.setString(3, reply.account());
                ps.setString(4, reply.text());
                ps.setString(5, reply.requestedBy());
                ps.setString(6, status.name());
                ps.setString(7, key);
                Jdbc.setInstant(ps, 8, status == Reply.Status.PENDING ? requestedAt : null);
                Jdbc.setInstant(ps, 9, requestedAt);
                Jdbc.setInstant(ps, 10, requestedAt);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    @Override
    public Optional<Reply> find(long id) {
        return database.read("find reply " + id, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(SELECT + " WHERE id = ?")) {
                ps.setLong(1, id);
                return readAll(ps).stream().findFirst();
            }
        });
    }

    @Override
    public long count(Reply.Status status) {
        String sql = "SELECT COUNT(*) FROM replies" + (status == null ? "" : " WHERE status = ?");
        return database.read("count replies", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                if (status != null) {
                    ps.setString(1, status.name());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<Reply> list(Reply.Status status, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be at least 1");
        }
        String sql = SELECT + (status == null ? "" : " WHERE status = ?")
                + " ORDER BY requested_at DESC, id DESC FETCH FIRST ? ROWS ONLY";
        return database.read("list replies", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int index = 1;
                if (status != null) {
                    ps.setString(index++, status.name());
                }
                ps.setInt(index, limit);
                return readAll(ps);
            }
        });
    }

    /**
     * One query per IN-list chunk of (channel, external id) row values, as {@link InteractionKeys} does, served by
     * ix_replies_in_reply_to; the chunks' replies are merged into one list, oldest first.
     */
    @Override
    public List<Reply> repliesTo(Collection<InteractionKey> keys) {
        Objects.requireNonNull(keys, "keys");
        List<InteractionKey> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        if (distinct.isEmpty()) {
            return List.of();
        }
        return database.read("read the replies to " + distinct.size() + " interactions", connection -> {
            List<Reply> replies = new ArrayList<>();
            for (List<InteractionKey> chunk : Jdbc.chunks(distinct)) {
                int size = Jdbc.paddedSize(chunk.size());
                String sql = SELECT + " WHERE (in_reply_to_channel, in_reply_to_id) IN ("
                        + String.join(", ", Collections.nCopies(size, "(?, ?)")) + ")";
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    for (int i = 0; i < size; i++) {
                        // Padding repeats the last key: it changes nothing and keeps the SQL text the same.
                        InteractionKey key = chunk.get(Math.min(i, chunk.size() - 1));
                        ps.setString(2 * i + 1, key.channel());
                        ps.setString(2 * i + 2, key.externalId());
                    }
                    replies.addAll(readAll(ps));
                }
            }
            replies.sort(OLDEST_FIRST);
            return replies;
        });
    }

    /** Whether the approver may approve (not the author) is the caller's rule; here only the state moves. */
    @Override
    public boolean approve(long id, String approvedBy, Instant at) {
        notBlank(approvedBy, "approvedBy", MAX_NAME);
        Objects.requireNonNull(at, "at");
        return database.inTransaction("approve reply " + id, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE replies SET status = 'PENDING',"
                    + " approved_by = ?, next_attempt_at = ?, updated_at = ?"
                    + " WHERE id = ? AND status = 'AWAITING_APPROVAL'")) {
                ps.setString(1, approvedBy);
                Jdbc.setInstant(ps, 2, at);
                Jdbc.setInstant(ps, 3, at);
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        }) > 0;
    }

    /**
     * Claims up to {@code limit} due replies, longest due first, and returns them oldest first. See
     * {@link Dialect#lockingDueRows} for why two claims never return the same reply; in_flight is read from the row
     * the claim holds, so it is what the previous claim left.
     */
    @Override
    public List<Claim> claimDue(int limit, Instant now, Duration lease) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be at least 1");
        }
        Objects.requireNonNull(now, "now");
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease " + lease + " must be positive");
        }
        List<Claim> claims = database.inTransaction("claim up to " + limit + " due replies",
                connection -> claim(connection, limit, now, lease));
        for (Claim claim : claims) {
            if (claim.uncertain()) {
                LOG.warn("Reply {} to {} was claimed before and that lease ran out with no outcome recorded: it may"
                        + " have been posted", claim.reply().id(), claim.reply().inReplyTo());
            }
        }
        return claims;
    }

    private List<Claim> claim(Connection connection, int limit, Instant now, Duration lease) throws SQLException {
        List<Claim> due = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(database.dialect().lockingDueRows(DUE))) {
            Jdbc.setInstant(ps, 1, now);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // The reply as this claim leaves it: one attempt more.
                    due.add(new Claim(reply(rs, rs.getInt("attempts") + 1), rs.getBoolean("in_flight")));
                }
            }
        }
        List<Long> ids = due.stream().map(claim -> claim.reply().id()).toList();
        for (List<Long> chunk : Jdbc.chunks(ids)) {
            int size = Jdbc.paddedSize(chunk.size());
            try (PreparedStatement ps = connection.prepareStatement("UPDATE replies SET next_attempt_at = ?,"
                    + " attempts = attempts + 1, in_flight = TRUE, updated_at = ?"
                    + " WHERE id IN (" + Jdbc.placeholders(size) + ")")) {
                Jdbc.setInstant(ps, 1, now.plus(lease));
                Jdbc.setInstant(ps, 2, now);
                for (int i = 0; i < size; i++) {
                    // Padding repeats the last id: it changes nothing and keeps the SQL text the same.
                    ps.setLong(3 + i, chunk.get(Math.min(i, chunk.size() - 1)));
                }
                ps.executeUpdate();
            }
        }
        due.sort(Comparator.comparing(Claim::reply, OLDEST_FIRST));
        return due;
    }

    /**
     * The channel took the reply. An external id or link too long for its column is not kept rather than kept cut
     * (a cut link leads elsewhere); refusing it instead would leave a posted reply PENDING, to be posted again.
     */
    @Override
    public void sent(long id, String externalId, String url, Instant at) {
        Objects.requireNonNull(at, "at");
        String storedId = fitting(id, "external id", externalId, MAX_NAME);
        String storedUrl = fitting(id, "url", url, MAX_URL);
        move(id, "mark reply " + id + " sent", "UPDATE replies SET status = 'SENT', external_id = ?, url = ?,"
                + " sent_at = ?, in_flight = FALSE, error = NULL, updated_at = ?"
                + " WHERE id = ? AND status IN ('PENDING', 'FAILED')", ps -> {
                    ps.setString(1, storedId);
                    ps.setString(2, storedUrl);
                    Jdbc.setInstant(ps, 3, at);
                    Jdbc.setInstant(ps, 4, at);
                    return 5;
                });
    }

    /** A claimed (PENDING) reply is tried again at {@code next}; a null error keeps the one before. */
    @Override
    public void retryAt(long id, Instant next, String error) {
        Objects.requireNonNull(next, "next");
        move(id, "retry reply " + id + " at " + next, "UPDATE replies SET next_attempt_at = ?,"
                + " error = COALESCE(?, error), in_flight = FALSE, updated_at = ? WHERE id = ? AND status = 'PENDING'",
                ps -> {
                    Jdbc.setInstant(ps, 1, next);
                    ps.setString(2, Jdbc.clip(error, MAX_ERROR));
                    Jdbc.setInstant(ps, 3, database.clock().instant());
                    return 4;
                });
    }

    /**
     * A claimed (PENDING) reply fails. Only PENDING: a reply awaiting approval cannot be failed, because a failed
     * reply can be retried, and the retry would post it unapproved.
     */
    @Override
    public void fail(long id, String reason, Instant at) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        move(id, "fail reply " + id, "UPDATE replies SET status = 'FAILED', error = ?, in_flight = FALSE,"
                + " updated_at = ? WHERE id = ? AND status = 'PENDING'", ps -> {
                    ps.setString(1, Jdbc.clip(reason, MAX_ERROR));
                    Jdbc.setInstant(ps, 2, at);
                    return 3;
                });
    }

    /** A person retries a FAILED reply: due at {@code at}, its attempts and last error kept for the record. */
    @Override
    public boolean retry(long id, Instant at) {
        Objects.requireNonNull(at, "at");
        return database.inTransaction("retry reply " + id, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE replies SET status = 'PENDING',"
                    + " next_attempt_at = ?, in_flight = FALSE, updated_at = ? WHERE id = ? AND status = 'FAILED'")) {
                Jdbc.setInstant(ps, 1, at);
                Jdbc.setInstant(ps, 2, at);
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        }) > 0;
    }

    @FunctionalInterface
    private interface Binder {
        /** Binds the update's parameters and returns the index of the last one, the id. */
        int bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * Runs a worker's move of one reply. An unknown id is the caller's mistake; a reply in another state than the
     * move expects (finished meanwhile by a worker whose lease was newer) is left as it is.
     */
    private void move(long id, String what, String sql, Binder binder) {
        int moved = database.inTransaction(what, connection -> {
            int rows;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setLong(binder.bind(ps), id);
                rows = ps.executeUpdate();
            }
            if (rows == 0 && !idExists(connection, id)) {
                throw new IllegalArgumentException("there is no reply " + id);
            }
            return rows;
        });
        if (moved == 0) {
            LOG.debug("{}: left as it is, it is not in the state the move expects (another worker finished it)", what);
        }
    }

    private static boolean idExists(Connection connection, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM replies WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Long idOf(Connection connection, String idempotencyKey) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT id FROM replies WHERE idempotency_key = ?")) {
            ps.setString(1, idempotencyKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static List<Reply> readAll(PreparedStatement ps) throws SQLException {
        List<Reply> replies = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                replies.add(reply(rs, rs.getInt("attempts")));
            }
        }
        return replies;
    }

    static Reply reply(ResultSet rs, int attempts) throws SQLException {
        return new Reply(rs.getLong("id"),
                new InteractionKey(rs.getString("in_reply_to_channel"), rs.getString("in_reply_to_id")),
                rs.getString("account"), rs.getString("text"), rs.getString("requested_by"),
                Reply.Status.valueOf(rs.getString("status")), rs.getString("approved_by"),
                rs.getString("idempotency_key"), rs.getString("external_id"), rs.getString("url"),
                rs.getString("error"), attempts, Jdbc.getInstant(rs, "requested_at"), Jdbc.getInstant(rs, "sent_at"));
    }

    private static String fitting(long id, String what, String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        LOG.warn("Reply {} was sent, but its {} is {} characters long, more than the {} kept: it is not recorded",
                id, what, value.length(), max);
        return null;
    }

    private static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    private static String fits(String value, String field, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters long; at most " + max
                    + " are kept");
        }
        return value;
    }

    private static String notBlank(String value, String field, int max) {
        if (present(value, field).isBlank()) {
            throw new IllegalArgumentException(field + " is blank");
        }
        return fits(value, field, max);
    }
}
