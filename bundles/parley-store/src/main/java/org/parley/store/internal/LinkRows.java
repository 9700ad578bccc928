package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.api.ContactRef;
import org.parley.api.SocialIdentity;

/**
 * The identity_links table, inside the caller's transaction. Upserts portably like {@link ChannelStateRows}: UPDATE,
 * and INSERT when there was nothing to update; two writers inserting the same new link collide on the primary key
 * and the transaction is run again.
 */
final class LinkRows {

    private static final String UPDATE = "UPDATE identity_links SET crm_type = ?, crm_id = ?, method = ?,"
            + " confidence = ?, linked_by = ?, linked_at = ? WHERE channel = ? AND handle = ?";

    private static final String INSERT = "INSERT INTO identity_links (crm_type, crm_id, method, confidence, linked_by,"
            + " linked_at, channel, handle) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    /** A linked identity is listed even before any of its interactions arrived (a manual link): then only its key. */
    private static final String IDENTITIES_OF = "SELECT l.channel, l.handle, i.display_name, i.profile_url, i.email,"
            + " i.phone FROM identity_links l LEFT JOIN identities i ON i.channel = l.channel AND i.handle = l.handle"
            + " WHERE l.crm_type = ? AND l.crm_id = ? ORDER BY l.channel, l.handle";

    private LinkRows() {
    }

    static void upsert(Connection connection, String channel, String handle, ContactRef record, String by, Instant at)
            throws SQLException {
        for (String sql : new String[] {UPDATE, INSERT}) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, record.type());
                ps.setString(2, record.id());
                ps.setString(3, record.method().name());
                ps.setDouble(4, record.confidence());
                ps.setString(5, by);
                Jdbc.setInstant(ps, 6, at);
                ps.setString(7, channel);
                ps.setString(8, handle);
                if (ps.executeUpdate() > 0) {
                    return;
                }
            }
        }
    }

    static Optional<ContactRef> find(Connection connection, String channel, String handle) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT crm_type, crm_id, method, confidence"
                + " FROM identity_links WHERE channel = ? AND handle = ?")) {
            ps.setString(1, channel);
            ps.setString(2, handle);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ContactRef(rs.getString(1), rs.getString(2),
                        ContactRef.Method.valueOf(rs.getString(3)), rs.getDouble(4))) : Optional.empty();
            }
        }
    }

    static int delete(Connection connection, String channel, String handle) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM identity_links WHERE channel = ? AND handle = ?")) {
            ps.setString(1, channel);
            ps.setString(2, handle);
            return ps.executeUpdate();
        }
    }

    static List<SocialIdentity> identitiesOf(Connection connection, String crmType, String crmId) throws SQLException {
        List<SocialIdentity> identities = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(IDENTITIES_OF)) {
            ps.setString(1, crmType);
            ps.setString(2, crmId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    identities.add(new SocialIdentity(rs.getString("channel"), rs.getString("handle"),
                            rs.getString("display_name"), rs.getString("profile_url"), rs.getString("email"),
                            rs.getString("phone")));
                }
            }
        }
        return identities;
    }
}
