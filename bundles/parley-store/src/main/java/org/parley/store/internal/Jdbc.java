package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small JDBC conversions shared by the stores. Instants are TIMESTAMP WITH TIME ZONE, written in UTC. */
final class Jdbc {

    /** Longest IN list sent at once; lists are padded to a few fixed sizes so that statements are reused. */
    static final int MAX_IN = 512;

    private Jdbc() {
    }

    /** A statement with these strings bound to its first parameters; closed again if binding fails. */
    static PreparedStatement prepare(Connection connection, String sql, String... values) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, at.atOffset(ZoneOffset.UTC));
        }
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    /**
     * For descriptive columns only (names, links, errors, progress): the full value is kept elsewhere (the
     * interaction's JSON, the log). Never cuts between the two halves of a surrogate pair (an emoji, say): a lone half
     * is not valid text, and the PostgreSQL driver would write it as '?'.
     */
    static String clip(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = max > 0 && Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }

    /** Splits values into IN-list chunks of at most {@link #MAX_IN}. */
    static <T> List<List<T>> chunks(List<T> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        if (values.size() <= MAX_IN) {
            return Collections.singletonList(values);
        }
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += MAX_IN) {
            chunks.add(values.subList(from, Math.min(values.size(), from + MAX_IN)));
        }
        return chunks;
    }

    /** The IN-list size a chunk of {@code n} values is padded to: the next power of two, so few SQL shapes exist. */
    static int paddedSize(int n) {
        return n <= 1 ? 1 : Math.min(MAX_IN, Integer.highestOneBit(n - 1) << 1);
    }

    static String placeholders(int n) {
        return String.join(",", Collections.nCopies(n, "?"));
    }
}
