package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.ContactRef;
import org.parley.api.PersonErasure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erasure over JDBC: one transaction removes what the store holds about the record (see {@link PersonErasure}),
 * queues the CRM's part in the outbox (kind ERASE rows for history entries, TAG rows that take the record off its
 * tags' lists) and writes the audit record.
 * <p>
 * Which history entries the CRM may hold: one for each HISTORY row that is DONE, or that was ever claimed
 * ({@code attempts > 0}), since a claimed write may have reached the CRM without its answer reaching Parley. A row
 * never claimed was never sent. A removal whose write may still be in flight (a PENDING row under a worker's lease,
 * {@code next_attempt_at} in the future) is due only when that lease ends, so that it does not look for the entry
 * before the write could have made it.
 */
@Component(service = PersonErasure.class)
public final class JdbcPersonErasure implements PersonErasure {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcPersonErasure.class);

    static final int MAX_RECENT = 1000;

    private static final String IDENTITIES = "SELECT channel, handle FROM identity_links"
            + " WHERE crm_type = ? AND crm_id = ?";
    private static final String INTERACTIONS = "SELECT id, external_id FROM interactions"
            + " WHERE channel = ? AND author_handle = ?";
    private static final String HISTORY_ROWS = "SELECT id, status, attempts, crm_id, next_attempt_at FROM crm_outbox"
            + " WHERE interaction_id = ?";
    private static final String INSERT_REMOVAL = "INSERT INTO crm_outbox (kind, erasure_id, removal_channel,"
            + " removal_external_id, crm_id, status, attempts, next_attempt_at, created_at)"
            + " VALUES ('ERASE', ?, ?, ?, ?, 'PENDING', 0, ?, ?)";
    private static final String RETIRE = "INSERT INTO retired_interactions (channel, external_id, reason, retired_at)"
            + " SELECT ?, ?, 'ERASURE', ? WHERE NOT EXISTS"
            + " (SELECT 1 FROM retired_interactions WHERE channel = ? AND external_id = ?)";
    private static final String INSERT_AUDIT = "INSERT INTO erasures (requested_by, reference, erased_at, identities,"
            + " interactions, replies, tags, crm_removals) VALUES (?, ?, ?, 0, 0, 0, 0, 0)";
    private static final String AUDIT_COUNTS = "UPDATE erasures SET identities = ?, interactions = ?, replies = ?,"
            + " tags = ?, crm_removals = ?, completed_at = ? WHERE id = ?";
    private static final String OPEN_REVIEWS_NAMING = "SELECT id, candidates FROM link_reviews"
            + " WHERE status = 'OPEN' AND candidates LIKE ? ESCAPE '!'";

    static final String AUDIT_COLUMNS = "SELECT e.id, e.requested_by, e.reference, e.erased_at, e.identities,"
            + " e.interactions, e.replies, e.tags, e.crm_removals, e.completed_at,"
            + " (SELECT COUNT(*) FROM crm_outbox o WHERE o.erasure_id = e.id AND o.status <> 'FAILED') AS removals_left,"
            + " (SELECT COUNT(*) FROM crm_outbox o WHERE o.erasure_id = e.id AND o.status = 'FAILED') AS removals_failed"
            + " FROM erasures e";

    private final ParleyDatabase database;
    private final ReviewRows reviewRows;

    @Activate
    public JdbcPersonErasure(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
        this.reviewRows = new ReviewRows(database.dialect());
    }

    @Override
    public Erasure erase(ContactRef person, String requestedBy, String reference) {
        if (person == null || isBlank(person.type()) || isBlank(person.id())) {
            throw new IllegalArgumentException("an erasure is made for a CRM record with a type and an id: " + person);
        }
        if (isBlank(requestedBy)) {
            throw new IllegalArgumentException("an erasure names who asked for it");
        }
        String ref;
        try {
            ref = PersonErasure.reference(reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the erasure's reference " + e.getMessage(), e);
        }
        long id = database.inTransaction("erase a person",
                connection -> new Run(connection, person, database.clock().instant()).erase(requestedBy, ref));
        Erasure erasure = find(id).orElseThrow();
        // The log says what was done, never whom: the audit record is the link to the request.
        LOG.info("Erasure {} (requested by {}): {} identities, {} interactions, {} replies, {} tags removed; "
                        + "{} CRM history entries queued for removal", id, requestedBy, erasure.identities(),
                erasure.interactions(), erasure.replies(), erasure.tags(), erasure.crmRemovals());
        return erasure;
    }

    @Override
    public Optional<Erasure> find(long id) {
        return database.read("read erasure " + id, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(AUDIT_COLUMNS + " WHERE e.id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(erasure(rs)) : Optional.<Erasure>empty();
                }
            }
        });
    }

    @Override
    public List<Erasure> recent(int limit) {
        if (limit < 1 || limit > MAX_RECENT) {
            throw new IllegalArgumentException("limit " + limit + " must be between 1 and " + MAX_RECENT);
        }
        return database.read("read the recent erasures", connection -> {
            List<Erasure> erasures = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(AUDIT_COLUMNS
                    + " ORDER BY e.id DESC FETCH FIRST ? ROWS ONLY")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        erasures.add(erasure(rs));
                    }
                }
            }
            return erasures;
        });
    }

    static Erasure erasure(ResultSet rs) throws SQLException {
        return new Erasure(rs.getLong("id"), rs.getString("requested_by"), rs.getString("reference"),
                Jdbc.getInstant(rs, "erased_at"), rs.getInt("identities"), rs.getInt("interactions"),
                rs.getInt("replies"), rs.getInt("tags"), rs.getInt("crm_removals"), rs.getInt("removals_left"),
                rs.getInt("removals_failed"), Jdbc.getInstant(rs, "completed_at"));
    }

    /** One erasure, inside its transaction. */
    private final class Run {
        private final Connection connection;
        private final ContactRef person;
        private final Instant now;
        private int identities;
        private int interactions;
        private int replies;
        private int tags;
        private int removals;

        Run(Connection connection, ContactRef person, Instant now) {
            this.connection = connection;
            this.person = person;
            this.now = now;
        }

        long erase(String requestedBy, String reference) throws SQLException {
            long erasureId = audit(requestedBy, reference);
            List<String[]> linked = new ArrayList<>();
            try (PreparedStatement ps = prepare(IDENTITIES, person.type(), person.id());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    linked.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] identity : linked) {
                eraseIdentity(erasureId, identity[0], identity[1]);
            }
            eraseRecord();
            try (PreparedStatement ps = connection.prepareStatement(AUDIT_COUNTS)) {
                ps.setInt(1, identities);
                ps.setInt(2, interactions);
                ps.setInt(3, replies);
                ps.setInt(4, tags);
                ps.setInt(5, removals);
                Jdbc.setInstant(ps, 6, removals == 0 ? now : null);
                ps.setLong(7, erasureId);
                ps.executeUpdate();
            }
            return erasureId;
        }

        private long audit(String requestedBy, String reference) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(INSERT_AUDIT, database.dialect().generatedId())) {
                ps.setString(1, Jdbc.clip(requestedBy, 255));
                ps.setString(2, reference);
                Jdbc.setInstant(ps, 3, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        }

        private void eraseIdentity(long erasureId, String channel, String handle) throws SQLException {
            List<Long> ids = new ArrayList<>();
            List<String> externalIds = new ArrayList<>();
            try (PreparedStatement ps = prepare(INTERACTIONS, channel, handle); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    externalIds.add(rs.getString(2));
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                eraseInteraction(erasureId, ids.get(i), channel, externalIds.get(i));
            }
            interactions += ids.size();
            update("DELETE FROM link_reviews WHERE channel = ? AND handle = ?", channel, handle);
            update("DELETE FROM identities WHERE channel = ? AND handle = ?", channel, handle);
            identities += update("DELETE FROM identity_links WHERE channel = ? AND handle = ?", channel, handle);
        }

        private void eraseInteraction(long erasureId, long id, String channel, String externalId) throws SQLException {
            List<Long> rows = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(HISTORY_ROWS)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getLong("id"));
                        String status = rs.getString("status");
                        if ("DONE".equals(status) || rs.getInt("attempts") > 0) {
                            Instant leaseEnd = Jdbc.getInstant(rs, "next_attempt_at");
                            Instant due = "PENDING".equals(status) && leaseEnd != null && leaseEnd.isAfter(now)
                                    ? leaseEnd : now;
                            queueRemoval(erasureId, channel, externalId, rs.getString("crm_id"), due);
                        }
                    }
                }
            }
            for (long row : rows) {
                update("DELETE FROM dead_letters WHERE replay_uri = ?", OutboxRows.replayUri(row));
                try (PreparedStatement ps = connection.prepareStatement("DELETE FROM crm_outbox WHERE id = ?")) {
                    ps.setLong(1, row);
                    ps.executeUpdate();
                }
            }
            replies += update("DELETE FROM replies WHERE in_reply_to_channel = ? AND in_reply_to_id = ?",
                    channel, externalId);
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM interactions WHERE id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = connection.prepareStatement(RETIRE)) {
                ps.setString(1, channel);
                ps.setString(2, externalId);
                Jdbc.setInstant(ps, 3, now);
                ps.setString(4, channel);
                ps.setString(5, externalId);
                ps.executeUpdate();
            }
        }

        private void queueRemoval(long erasureId, String channel, String externalId, String crmId, Instant due)
                throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(INSERT_REMOVAL)) {
                ps.setLong(1, erasureId);
                ps.setString(2, channel);
                ps.setString(3, externalId);
                ps.setString(4, crmId);
                Jdbc.setInstant(ps, 5, due);
                Jdbc.setInstant(ps, 6, now);
                ps.executeUpdate();
            }
            removals++;
        }

        /**
         * The record's own rows: its tags (each taken off the CRM's list through the outbox), suppressions, scores,
         * reviews resolved to it, finished tag writes (and the dead letters of failed ones), and its place among the
         * candidates of other identities' open reviews.
         */
        private void eraseRecord() throws SQLException {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = prepare("SELECT name FROM contact_tags WHERE crm_type = ? AND crm_id = ?",
                    person.type(), person.id()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            List<Long> finishedTagRows = new ArrayList<>();
            try (PreparedStatement ps = prepare("SELECT id FROM crm_outbox WHERE kind = 'TAG' AND crm_type = ?"
                    + " AND crm_record_id = ? AND status IN ('DONE', 'FAILED')", person.type(), person.id());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    finishedTagRows.add(rs.getLong(1));
                }
            }
            for (long row : finishedTagRows) {
                update("DELETE FROM dead_letters WHERE replay_uri = ?", OutboxRows.replayUri(row));
                try (PreparedStatement ps = connection.prepareStatement("DELETE FROM crm_outbox WHERE id = ?")) {
                    ps.setLong(1, row);
                    ps.executeUpdate();
                }
            }
            tags = update("DELETE FROM contact_tags WHERE crm_type = ? AND crm_id = ?", person.type(), person.id());
            // Delivered after the tags are gone, each of these sets the record's membership to "not a member".
            for (String name : names) {
                OutboxRows.insertTag(connection, database.dialect(), person.type(), person.id(), name, false, now);
            }
            update("DELETE FROM contact_tag_suppressions WHERE crm_type = ? AND crm_id = ?", person.type(), person.id());
            update("DELETE FROM person_scores WHERE crm_type = ? AND crm_id = ?", person.type(), person.id());
            update("DELETE FROM link_reviews WHERE crm_type = ? AND crm_id = ?", person.type(), person.id());
            removeFromOpenReviews();
        }

        private void removeFromOpenReviews() throws SQLException {
            Map<Long, List<ContactRef>> others = new LinkedHashMap<>();
            try (PreparedStatement ps = prepare(OPEN_REVIEWS_NAMING, ReviewRows.namingPattern(person.id()));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<ContactRef> candidates = reviewRows.read(rs.getString("candidates"));
                    List<ContactRef> rest = candidates.stream()
                            .filter(c -> !(person.type().equals(c.type()) && person.id().equals(c.id()))).toList();
                    if (rest.size() != candidates.size()) {
                        others.put(rs.getLong("id"), rest);
                    }
                }
            }
            for (Map.Entry<Long, List<ContactRef>> review : others.entrySet()) {
                try (PreparedStatement ps = connection.prepareStatement(
                        "UPDATE link_reviews SET candidates = ? WHERE id = ?")) {
                    ps.setString(1, reviewRows.write(review.getValue()));
                    ps.setLong(2, review.getKey());
                    ps.executeUpdate();
                }
            }
        }

        private int update(String sql, String... values) throws SQLException {
            try (PreparedStatement ps = prepare(sql, values)) {
                return ps.executeUpdate();
            }
        }

        private PreparedStatement prepare(String sql, String... values) throws SQLException {
            return Jdbc.prepare(connection, sql, values);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
