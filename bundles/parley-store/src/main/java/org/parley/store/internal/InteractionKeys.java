package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.parley.api.InteractionKey;

/**
 * Which interaction keys are stored: one query per IN-list chunk. The IN list holds (channel, external_id) row
 * values, which H2 and PostgreSQL both look up in the unique key's index; {@code channel = ? AND external_id IN (...)}
 * made H2 scan the whole channel instead.
 */
final class InteractionKeys {

    private InteractionKeys() {
    }

    static Set<InteractionKey> existing(Connection connection, Collection<InteractionKey> keys) throws SQLException {
        Set<InteractionKey> found = new HashSet<>();
        for (List<InteractionKey> chunk : Jdbc.chunks(new ArrayList<>(keys))) {
            int size = Jdbc.paddedSize(chunk.size());
            // A key retired on purpose (retention) counts as stored, so that what was removed is not stored again.
            String in = "(channel, external_id) IN (" + String.join(", ", Collections.nCopies(size, "(?, ?)")) + ")";
            String sql = "SELECT channel, external_id FROM interactions WHERE " + in
                    + " UNION SELECT channel, external_id FROM retired_interactions WHERE " + in;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < size; i++) {
                    // Padding repeats the last key: it changes nothing and keeps the SQL text the same.
                    InteractionKey key = chunk.get(Math.min(i, chunk.size() - 1));
                    ps.setString(2 * i + 1, key.channel());
                    ps.setString(2 * i + 2, key.externalId());
                    ps.setString(2 * size + 2 * i + 1, key.channel());
                    ps.setString(2 * size + 2 * i + 2, key.externalId());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new InteractionKey(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        return found;
    }
}
