package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Upserts a channel_state row, portably: UPDATE, and INSERT when there was nothing to update. Two writers that
 * insert the same new row collide on the primary key and their transaction is run again.
 */
final class ChannelStateRows {

    /** Longest error kept: enough to act on; the log has the rest. */
    static final int MAX_ERROR = 4000;

    /** Longest backfill progress kept (the column's size): it is a one-line status, not a log. */
    static final int MAX_BACKFILL = 512;

    // A null parameter leaves the column as it is.
    private static final String UPDATE = "UPDATE channel_state SET cursor_value = COALESCE(?, cursor_value),"
            + " last_poll_at = ?, last_success_at = COALESCE(?, last_success_at),"
            + " last_error = COALESCE(?, last_error), last_error_at = COALESCE(?, last_error_at)"
            + " WHERE channel = ? AND account = ?";

    private static final String INSERT = "INSERT INTO channel_state (channel, account, cursor_value, last_poll_at,"
            + " last_success_at, last_error, last_error_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private static final String UPDATE_BACKFILL = "UPDATE channel_state SET backfill = ? WHERE channel = ? AND account = ?";

    private static final String INSERT_BACKFILL = "INSERT INTO channel_state (channel, account, backfill) VALUES (?, ?, ?)";

    private ChannelStateRows() {
    }

    /** The stored form of an account: '' for a single-account channel, so that it can be part of the key. */
    static String account(String account) {
        return account == null ? "" : account;
    }

    /** The API form of a stored account. */
    static String apiAccount(String stored) {
        return stored == null || stored.isEmpty() ? null : stored;
    }

    /** A successful poll at {@code at}; moves the cursor unless {@code cursor} is null. */
    static void recordSuccess(Connection connection, String channel, String account, String cursor, Instant at)
            throws SQLException {
        upsert(connection, channel, account, cursor, at, at, null);
    }

    static void recordFailure(Connection connection, String channel, String account, Instant at, String error)
            throws SQLException {
        upsert(connection, channel, account, null, at, null, Jdbc.clip(error, MAX_ERROR));
    }

    /**
     * How the backfill of the account stands, {@code progress} null for none. A backfill may start before the first
     * poll, so the row is created when there is none yet; its poll columns stay empty until a poll is recorded.
     */
    static void recordBackfill(Connection connection, String channel, String account, String progress)
            throws SQLException {
        String clipped = Jdbc.clip(progress, MAX_BACKFILL);
        try (PreparedStatement ps = connection.prepareStatement(UPDATE_BACKFILL)) {
            ps.setString(1, clipped);
            ps.setString(2, channel);
            ps.setString(3, account(account));
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT_BACKFILL)) {
            ps.setString(1, channel);
            ps.setString(2, account(account));
            ps.setString(3, clipped);
            ps.executeUpdate();
        }
    }

    private static void upsert(Connection connection, String channel, String account, String cursor, Instant pollAt,
                               Instant successAt, String error) throws SQLException {
        Instant errorAt = error == null ? null : pollAt;
        try (PreparedStatement ps = connection.prepareStatement(UPDATE)) {
            ps.setString(1, cursor);
            Jdbc.setInstant(ps, 2, pollAt);
            Jdbc.setInstant(ps, 3, successAt);
            ps.setString(4, error);
            Jdbc.setInstant(ps, 5, errorAt);
            ps.setString(6, channel);
            ps.setString(7, account(account));
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
            ps.setString(1, channel);
            ps.setString(2, account(account));
            ps.setString(3, cursor);
            Jdbc.setInstant(ps, 4, pollAt);
            Jdbc.setInstant(ps, 5, successAt);
            ps.setString(6, error);
            Jdbc.setInstant(ps, 7, errorAt);
            ps.executeUpdate();
        }
    }
}
