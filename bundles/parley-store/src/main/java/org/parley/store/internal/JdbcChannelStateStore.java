package org.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.ChannelState;
import org.parley.api.ChannelStateStore;

/**
 * Cursors, poll outcomes and backfill progress over JDBC, with the number of interactions stored per channel account.
 */
@Component(service = ChannelStateStore.class)
public final class JdbcChannelStateStore implements ChannelStateStore {

    private static final String COLUMNS = "s.channel, s.account, s.cursor_value, s.last_poll_at, s.last_success_at,"
            + " s.last_error, s.last_error_at, s.backfill";

    /** All states with their counts from one grouped scan; the accounts of interactions are mapped like channel_state's. */
    private static final String ALL = "SELECT " + COLUMNS + ", COALESCE(n.interactions, 0) AS interactions"
            + " FROM channel_state s LEFT JOIN (SELECT channel, COALESCE(account, '') AS acct, COUNT(*) AS interactions"
            + " FROM interactions GROUP BY channel, COALESCE(account, '')) n"
            + " ON n.channel = s.channel AND n.acct = s.account ORDER BY s.channel, s.account";

    /** One state: the count is taken with the (channel, account) index rather than by grouping everything. */
    private static final String ONE = "SELECT " + COLUMNS + ", (SELECT COUNT(*) FROM interactions i"
            + " WHERE i.channel = s.channel AND (i.account = s.account OR (s.account = '' AND i.account IS NULL)))"
            + " AS interactions FROM channel_state s WHERE s.channel = ? AND s.account = ?";

    private final ParleyDatabase database;

    @Activate
    public JdbcChannelStateStore(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<ChannelState> state(String channel, String account) {
        Objects.requireNonNull(channel, "channel");
        return database.read("read the state of channel '" + channel + "'", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(ONE)) {
                ps.setString(1, channel);
                ps.setString(2, ChannelStateRows.account(account));
                return readAll(ps).stream().findFirst();
            }
        });
    }

    @Override
    public List<ChannelState> states() {
        return database.read("read the channel states", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(ALL)) {
                return readAll(ps);
            }
        });
    }

    @Override
    public void recordPoll(String channel, String account, Instant at, String error) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(at, "at");
        database.inTransaction("record a poll of channel '" + channel + "'", connection -> {
            if (error == null) {
                ChannelStateRows.recordSuccess(connection, channel, account, null, at);
            } else {
                ChannelStateRows.recordFailure(connection, channel, account, at, error);
            }
            return null;
        });
    }

    @Override
    public void recordBackfill(String channel, String account, String progress) {
        Objects.requireNonNull(channel, "channel");
        database.inTransaction("record the backfill of channel '" + channel + "'", connection -> {
            ChannelStateRows.recordBackfill(connection, channel, account, progress);
            return null;
        });
    }

    private static List<ChannelState> readAll(PreparedStatement ps) throws SQLException {
        List<ChannelState> states = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                states.add(new ChannelState(rs.getString("channel"), ChannelStateRows.apiAccount(rs.getString("account")),
                        rs.getString("cursor_value"), Jdbc.getInstant(rs, "last_poll_at"),
                        Jdbc.getInstant(rs, "last_success_at"), rs.getString("last_error"),
                        Jdbc.getInstant(rs, "last_error_at"), rs.getLong("interactions"), rs.getString("backfill")));
            }
        }
        return states;
    }
}
