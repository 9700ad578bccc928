package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.ContactRef;
import org.parley.api.Interaction;
import org.parley.api.Timeline;
import org.parley.api.json.InteractionJson;

/**
 * A CRM record's timeline over JDBC: the interactions written by each identity linked to the record
 * (identity_links joined to interactions on channel and author handle), newest first, ordered by (occurred_at, id)
 * and continued after a position, so that rows stored meanwhile never shift a page.
 * <p>
 * A page is one statement: a UNION ALL with one branch per linked identity, each reading at most {@code limit + 1}
 * rows in the order of ix_interactions_author (author_handle, occurred_at DESC, id DESC), then the newest
 * {@code limit + 1} of those. A person with many interactions costs one short index range per identity instead of a
 * sort of everything they ever said.
 */
@Component(service = Timeline.class)
public final class JdbcTimeline implements Timeline {

    /** Identities per statement; a record with more (rare) is read in several statements and merged here. */
    static final int IDENTITIES_PER_STATEMENT = 32;

    private static final String IDENTITIES = "SELECT channel, handle FROM identity_links WHERE crm_type = ? AND crm_id = ?"
            + " ORDER BY channel, handle";

    private static final String BRANCH = "SELECT id, occurred_at, sentiment, interaction_json FROM interactions"
            + " WHERE author_handle = ? AND channel = ?";
    /** occurred_at &lt;= ? lets the index range start at the position; the OR then drops the rows before it. */
    private static final String AFTER = " AND occurred_at <= ? AND (occurred_at < ? OR id < ?)";
    private static final String NEWEST_FIRST = " ORDER BY occurred_at DESC, id DESC";

    private static final String COUNTS = "SELECT i.channel, COUNT(*) FROM identity_links l JOIN interactions i"
            + " ON i.author_handle = l.handle AND i.channel = l.channel WHERE l.crm_type = ? AND l.crm_id = ?"
            + " GROUP BY i.channel";

    private static final Comparator<Entry> NEWEST = Comparator
            .comparing((Entry e) -> e.position().occurredAt())
            .thenComparingLong(e -> e.position().sequence())
            .reversed();

    private final ParleyDatabase database;
    private final InteractionJson json = new InteractionJson();

    @Activate
    public JdbcTimeline(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
    }

    @Override
    public Page page(ContactRef record, Position after, int limit) {
        requireRecord(record);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit " + limit + " is outside 1.." + MAX_PAGE);
        }
        return database.read("read the timeline of " + describe(record), connection -> {
            List<String[]> identities = identities(connection, record);
            List<Entry> rows = new ArrayList<>();
            for (int from = 0; from < identities.size(); from += IDENTITIES_PER_STATEMENT) {
                List<String[]> chunk = identities.subList(from, Math.min(identities.size(), from + IDENTITIES_PER_STATEMENT));
                rows.addAll(read(connection, chunk, after, limit + 1));
            }
            rows.sort(NEWEST);
            if (rows.size() <= limit) {
                return new Page(rows, null);
            }
            List<Entry> page = rows.subList(0, limit);
            return new Page(page, page.get(limit - 1).position());
        });
    }

    @Override
    public Map<String, Long> countsByChannel(ContactRef record) {
        requireRecord(record);
        return database.read("count the interactions of " + describe(record), connection -> {
            Map<String, Long> counts = new TreeMap<>();
            try (PreparedStatement ps = connection.prepareStatement(COUNTS)) {
                ps.setString(1, record.type());
                ps.setString(2, record.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        });
    }

    private static List<String[]> identities(Connection connection, ContactRef record) throws SQLException {
        List<String[]> identities = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(IDENTITIES)) {
            ps.setString(1, record.type());
            ps.setString(2, record.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    identities.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return identities;
    }

    private List<Entry> read(Connection connection, List<String[]> identities, Position after, int rows)
            throws SQLException {
        String branch = "(" + BRANCH + (after == null ? "" : AFTER) + NEWEST_FIRST + " FETCH FIRST ? ROWS ONLY)";
        String sql = "SELECT id, occurred_at, sentiment, interaction_json FROM ("
                + String.join(" UNION ALL ", Collections.nCopies(identities.size(), branch))
                + ") t" + NEWEST_FIRST + " FETCH FIRST ? ROWS ONLY";
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int index = 1;
            for (String[] identity : identities) {
                ps.setString(index++, identity[1]);
                ps.setString(index++, identity[0]);
                if (after != null) {
                    Jdbc.setInstant(ps, index++, after.occurredAt());
                    Jdbc.setInstant(ps, index++, after.occurredAt());
                    ps.setLong(index++, after.sequence());
                }
                ps.setInt(index++, rows);
            }
            ps.setInt(index, rows);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Interaction interaction = json.read(rs.getString("interaction_json"));
                    double sentiment = rs.getDouble("sentiment");
                    entries.add(new Entry(interaction, rs.wasNull() ? null : sentiment,
                            new Position(Jdbc.getInstant(rs, "occurred_at"), rs.getLong("id"))));
                }
            }
        }
        return entries;
    }

    private static void requireRecord(ContactRef record) {
        if (record == null || record.type() == null || record.id() == null || record.type().isBlank()
                || record.id().isBlank()) {
            throw new IllegalArgumentException("a timeline is read for a CRM record with a type and an id: " + record);
        }
    }

    private static String describe(ContactRef record) {
        return record.type() + "/" + record.id();
    }
}
