package org.parley.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.api.ContactRef;
import org.parley.api.IdentityLinks.Review;
import org.parley.api.IdentityLinks.ReviewStatus;
import org.parley.api.SocialIdentity;
import org.parley.api.json.InteractionJson;

/**
 * The link_reviews table, inside the caller's transaction. Candidates are kept as a JSON array of ContactRef
 * (Parley's Jackson mapper: {@code [{"type":"Contacts","id":"7","method":"EMAIL","confidence":0.9}]}).
 * One OPEN review per identity is enforced by the database (uq_link_reviews_open, see changeset 0005): two writers
 * queueing the same new identity collide there and the transaction is run again, finding the other's review.
 */
final class ReviewRows {

    /** The state of a review, and of the row's open_flag: 1 while OPEN, NULL once closed. */
    enum Status { OPEN, RESOLVED, REJECTED }

    private static final String COLUMNS = "id, channel, handle, display_name, profile_url, email, phone, candidates,"
            + " queued_at, status";

    // Queueing again replaces what the identity and its candidates are; queued_at stays: it has waited since then.
    private static final String REQUEUE = "UPDATE link_reviews SET display_name = ?, profile_url = ?, email = ?,"
            + " phone = ?, candidates = ? WHERE channel = ? AND handle = ? AND open_flag = 1";

    private static final String INSERT = "INSERT INTO link_reviews (display_name, profile_url, email, phone,"
            + " candidates, channel, handle, status, open_flag, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', 1, ?)";

    private static final String CLOSE = "UPDATE link_reviews SET status = ?, open_flag = NULL, resolved_by = ?,"
            + " resolved_at = ?, crm_type = ?, crm_id = ? WHERE id = ? AND status = 'OPEN'";

    /** The identity's latest review (the newest id: a review queued after another was closed has a higher one). */
    private static final String LATEST = "SELECT status, linked_after_at FROM link_reviews WHERE channel = ? AND handle = ?"
            + " ORDER BY id DESC FETCH FIRST 1 ROWS ONLY";

    private static final String LINKED = "UPDATE link_reviews SET linked_after_at = ? WHERE channel = ? AND handle = ?"
            + " AND status = 'REJECTED' AND linked_after_at IS NULL";

    private final ObjectMapper mapper = new InteractionJson().mapper();
    private final Dialect dialect;

    ReviewRows(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Opens a review for the identity, or replaces the candidates of its open one; returns the review's id. */
    long queue(Connection connection, SocialIdentity identity, List<ContactRef> candidates, Instant now)
            throws SQLException {
        String json = write(candidates);
        try (PreparedStatement ps = connection.prepareStatement(REQUEUE)) {
            bindIdentity(ps, identity, json);
            if (ps.executeUpdate() > 0) {
                return openId(connection, identity);
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT, dialect.generatedId())) {
            bindIdentity(ps, identity, json);
            Jdbc.setInstant(ps, 8, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void bindIdentity(PreparedStatement ps, SocialIdentity identity, String candidates)
            throws SQLException {
        ps.setString(1, Jdbc.clip(identity.displayName(), 1024));
        ps.setString(2, Jdbc.clip(identity.profileUrl(), 2048));
        ps.setString(3, Jdbc.clip(identity.email(), 320));
        ps.setString(4, Jdbc.clip(identity.phone(), 64));
        ps.setString(5, candidates);
        ps.setString(6, identity.channel());
        ps.setString(7, identity.handle());
    }

    private static long openId(Connection connection, SocialIdentity identity) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id FROM link_reviews WHERE channel = ? AND handle = ? AND open_flag = 1")) {
            ps.setString(1, identity.channel());
            ps.setString(2, identity.handle());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    List<Review> open(Connection connection, int limit) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM link_reviews"
                + " WHERE status = 'OPEN' ORDER BY queued_at, id FETCH FIRST ? ROWS ONLY")) {
            ps.setInt(1, limit);
            return readAll(ps);
        }
    }

    /** Any review, open or closed. */
    Optional<Review> find(Connection connection, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM link_reviews WHERE id = ?")) {
            ps.setLong(1, id);
            return readAll(ps).stream().findFirst();
        }
    }

    /** The state of a review; empty when there is none. */
    static Optional<Status> status(Connection connection, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT status FROM link_reviews WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Status.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Closes an OPEN review: RESOLVED with the chosen record, or REJECTED (null). False when it was not open. */
    static boolean close(Connection connection, long id, ContactRef chosen, String by, Instant at) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(CLOSE)) {
            ps.setString(1, (chosen == null ? Status.REJECTED : Status.RESOLVED).name());
            ps.setString(2, by);
            Jdbc.setInstant(ps, 3, at);
            ps.setString(4, chosen == null ? null : chosen.type());
            ps.setString(5, chosen == null ? null : chosen.id());
            ps.setLong(6, id);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Whether a person rejected every candidate of the identity's latest review and the identity was not linked
     * since (see {@link #linked}).
     */
    static boolean candidatesRejected(Connection connection, String channel, String handle) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(LATEST)) {
            ps.setString(1, channel);
            ps.setString(2, handle);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && Status.REJECTED.name().equals(rs.getString("status"))
                        && rs.getObject("linked_after_at") == null;
            }
        }
    }

    /**
     * The identity was linked: its rejected reviews no longer say anything about it, even once it is unlinked again
     * (its record deleted in the CRM). Returns how many reviews were marked.
     */
    static int linked(Connection connection, String channel, String handle, Instant at) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(LINKED)) {
            Jdbc.setInstant(ps, 1, at);
            ps.setString(2, channel);
            ps.setString(3, handle);
            return ps.executeUpdate();
        }
    }

    /** The identity a review is about (channel and handle are enough to link it and wake its rows). */
    static SocialIdentity identity(Connection connection, long id) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT channel, handle FROM link_reviews WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return SocialIdentity.of(rs.getString(1), rs.getString(2), null);
            }
        }
    }

    private List<Review> readAll(PreparedStatement ps) throws SQLException {
        List<Review> reviews = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                SocialIdentity identity = new SocialIdentity(rs.getString("channel"), rs.getString("handle"),
                        rs.getString("display_name"), rs.getString("profile_url"), rs.getString("email"),
                        rs.getString("phone"));
                reviews.add(new Review(rs.getLong("id"), identity, read(rs.getString("candidates")),
                        Jdbc.getInstant(rs, "queued_at"), ReviewStatus.valueOf(rs.getString("status"))));
            }
        }
        return reviews;
    }

    /**
     * The LIKE pattern (escape character {@code !}) that narrows reviews to those whose candidates may name this
     * record id; {@link #candidates} on each then decides, as an id may appear inside another one.
     */
    static String namingPattern(String crmId) {
        return "%" + crmId.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    String write(List<ContactRef> candidates) {
        try {
            return mapper.writeValueAsString(candidates);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write review candidates as JSON", e);
        }
    }

    /** A review's candidates, from the JSON this store writes. */
    List<ContactRef> read(String json) throws SQLException {
        try {
            return List.of(mapper.readValue(json, ContactRef[].class));
        } catch (JsonProcessingException e) {
            throw new SQLException("review candidates are not the JSON this store writes: " + e.getOriginalMessage(), e);
        }
    }
}
