package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.ContactRef;
import org.parley.api.PersonScores;

/**
 * Person scores (person_scores) computed by {@link ScoreFormula} from the interactions of every identity linked to
 * the record. Reads at most the newest {@value #DEPTH} of them: older ones weigh less than 1/2^30 of today's.
 */
@Component(service = PersonScores.class)
public final class JdbcPersonScores implements PersonScores {

    static final int DEPTH = 10_000;

    /**
     * Smallest changes worth a CRM write: engagement drifts a little with every hour (recency), and writing each
     * drift would double the CRM calls of the outbox.
     */
    static final double ENGAGEMENT_STEP = 0.5;
    static final double SENTIMENT_STEP = 0.01;

    private static final String INTERACTIONS = "SELECT i.channel, i.occurred_at, i.sentiment FROM interactions i"
            + " JOIN identity_links l ON l.channel = i.channel AND l.handle = i.author_handle"
            + " WHERE l.crm_type = ? AND l.crm_id = ? ORDER BY i.occurred_at DESC";

    private final ParleyDatabase database;

    @Activate
    public JdbcPersonScores(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<PersonScore> of(ContactRef record) {
        return database.read("read the scores of " + describe(record), connection -> read(connection, record));
    }

    @Override
    public PersonScore update(ContactRef record, Instant now) {
        return database.inTransaction("update the scores of " + describe(record), connection -> {
            ScoreFormula formula = new ScoreFormula(now);
            Set<String> channels = new HashSet<>();
            long count = 0;
            Instant last = null;
            try (PreparedStatement ps = connection.prepareStatement(INTERACTIONS)) {
                ps.setString(1, record.type());
                ps.setString(2, record.id());
                ps.setMaxRows(DEPTH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant at = Jdbc.getInstant(rs, "occurred_at");
                        double s = rs.getDouble("sentiment");
                        formula.add(at, rs.wasNull() ? null : s);
                        channels.add(rs.getString("channel"));
                        last = last == null ? at : last;
                        count++;
                    }
                }
            }
            double engagement = formula.engagement(channels.size());
            double sentiment = formula.sentiment();
            Optional<PersonScore> before = read(connection, record);
            if (before.isEmpty()) {
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO person_scores (engagement,"
                        + " sentiment, interactions, channels, last_contact_at, updated_at, crm_type, crm_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bind(ps, engagement, sentiment, count, channels.size(), last, now, record);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = connection.prepareStatement("UPDATE person_scores SET engagement = ?,"
                        + " sentiment = ?, interactions = ?, channels = ?, last_contact_at = ?, updated_at = ?"
                        + " WHERE crm_type = ? AND crm_id = ?")) {
                    bind(ps, engagement, sentiment, count, channels.size(), last, now, record);
                    ps.executeUpdate();
                }
            }
            return read(connection, record).orElseThrow();
        });
    }

    @Override
    public void written(ContactRef record, double engagement, double sentiment) {
        database.read("remember the scores written for " + describe(record), connection -> {
            try (PreparedStatement ps = connection.prepareStatement("UPDATE person_scores SET written_engagement = ?,"
                    + " written_sentiment = ? WHERE crm_type = ? AND crm_id = ?")) {
                ps.setDouble(1, engagement);
                ps.setDouble(2, sentiment);
                ps.setString(3, record.type());
                ps.setString(4, record.id());
                return ps.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement ps, double engagement, double sentiment, long count, int channels,
                             Instant last, Instant now, ContactRef record) throws SQLException {
        ps.setDouble(1, engagement);
        ps.setDouble(2, sentiment);
        ps.setLong(3, count);
        ps.setInt(4, channels);
        Jdbc.setInstant(ps, 5, last);
        Jdbc.setInstant(ps, 6, now);
        ps.setString(7, record.type());
        ps.setString(8, record.id());
    }

    private static Optional<PersonScore> read(Connection connection, ContactRef record) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT engagement, sentiment, interactions, channels,"
                + " last_contact_at, updated_at, written_engagement, written_sentiment FROM person_scores"
                + " WHERE crm_type = ? AND crm_id = ?")) {
            ps.setString(1, record.type());
            ps.setString(2, record.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                double engagement = rs.getDouble("engagement");
                double sentiment = rs.getDouble("sentiment");
                double writtenEngagement = rs.getDouble("written_engagement");
                boolean written = !rs.wasNull() && Math.abs(writtenEngagement - engagement) < ENGAGEMENT_STEP;
                double writtenSentiment = rs.getDouble("written_sentiment");
                written = written && !rs.wasNull() && Math.abs(writtenSentiment - sentiment) < SENTIMENT_STEP;
                return Optional.of(new PersonScore(record, engagement, sentiment, rs.getLong("interactions"),
                        rs.getInt("channels"), Jdbc.getInstant(rs, "last_contact_at"), Jdbc.getInstant(rs, "updated_at"),
                        written));
            }
        }
    }

    private static String describe(ContactRef record) {
        return record.type() + "/" + record.id();
    }
}
