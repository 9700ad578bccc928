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
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterStore;

/** Dead letters over JDBC. Rows are never deleted here: a replayed one stays for the audit. */
@Component(service = DeadLetterStore.class)
public final class JdbcDeadLetterStore implements DeadLetterStore {

    private static final String SELECT = "SELECT " + DeadLetterRows.COLUMNS + " FROM dead_letters";

    private final ParleyDatabase database;

    @Activate
    public JdbcDeadLetterStore(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
    }

    @Override
    public long add(DeadLetter.New deadLetter) {
        return database.inTransaction("add a dead letter from channel '" + deadLetter.channel() + "'",
                connection -> DeadLetterRows.insert(connection, database.dialect(), List.of(deadLetter),
                        database.clock().instant()).get(0));
    }

    @Override
    public List<DeadLetter> list(String channel, boolean includeReplayed, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be at least 1");
        }
        List<String> conditions = new ArrayList<>();
        if (channel != null) {
            conditions.add("channel = ?");
        }
        if (!includeReplayed) {
            conditions.add("replayed_at IS NULL");
        }
        String sql = SELECT + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY";
        return database.read("list dead letters", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int index = 1;
                if (channel != null) {
                    ps.setString(index++, channel);
                }
                ps.setInt(index, limit);
                return readAll(ps);
            }
        });
    }

    @Override
    public Optional<DeadLetter> find(long id) {
        return database.read("find dead letter " + id, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(SELECT + " WHERE id = ?")) {
                ps.setLong(1, id);
                return readAll(ps).stream().findFirst();
            }
        });
    }

    @Override
    public long countPending() {
        return database.read("count pending dead letters", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT COUNT(*) FROM dead_letters WHERE replayed_at IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void markReplayed(long id, Instant at) {
        Objects.requireNonNull(at, "at");
        update(id, "mark dead letter " + id + " replayed", "UPDATE dead_letters SET replayed_at = ? WHERE id = ?",
                ps -> Jdbc.setInstant(ps, 1, at));
    }

    @Override
    public void recordFailedReplay(long id, String reason) {
        Objects.requireNonNull(reason, "reason");
        update(id, "record a failed replay of dead letter " + id,
                "UPDATE dead_letters SET attempts = attempts + 1, reason = ? WHERE id = ?",
                ps -> ps.setString(1, reason));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Runs an update of one row: {@code binder} sets parameter 1, the id is parameter 2; an unknown id is the caller's mistake, not a no-op. */
    private void update(long id, String what, String sql, Binder binder) {
        int rows = database.inTransaction(what, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                binder.bind(ps);
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
        if (rows == 0) {
            throw new IllegalArgumentException("there is no dead letter " + id);
        }
    }

    private static List<DeadLetter> readAll(PreparedStatement ps) throws SQLException {
        List<DeadLetter> letters = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                letters.add(DeadLetterRows.read(rs));
            }
        }
        return letters;
    }
}
