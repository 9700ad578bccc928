package org.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionQuery;
import org.parley.api.InteractionStore;
import org.parley.api.StoreResult;
import org.parley.api.json.InteractionJson;

/** Interactions over JDBC. A batch is one transaction: interactions, outbox rows, identities, dead letters, cursor. */
@Component(service = InteractionStore.class)
public final class JdbcInteractionStore implements InteractionStore {

    private static final String SELECT = "SELECT interaction_json, raw_payload FROM interactions";
    private static final String NEWEST_FIRST = " ORDER BY occurred_at DESC, id DESC FETCH FIRST ? ROWS ONLY";

    /** Inserting in key order makes concurrent batches wait for each other instead of deadlocking. */
    private static final Comparator<Interaction> KEY_ORDER =
            Comparator.comparing(Interaction::channel).thenComparing(Interaction::externalId);

    private final ParleyDatabase database;
    private final InteractionJson json = new InteractionJson();
    private final InteractionWriter writer;
    private final IdentityWriter identities = new IdentityWriter();

    @Activate
    public JdbcInteractionStore(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
        this.writer = new InteractionWriter(json, database.dialect());
    }

    @Override
    public StoreResult store(IngestBatch batch) {
        Map<InteractionKey, Interaction> unique = new LinkedHashMap<>();
        List<InteractionKey> repeatedInBatch = new ArrayList<>();
        for (Interaction in : batch.interactions()) {
            InteractionKey key = keyOf(in);
            if (unique.putIfAbsent(key, in) != null) {
                repeatedInBatch.add(key);
            }
        }
        String what = "store a batch of " + batch.interactions().size() + " interactions and "
                + batch.deadLetters().size() + " dead letters from channel '" + batch.channel() + "'";
        return database.inTransaction(what, connection -> {
            Instant now = database.clock().instant();
            Set<InteractionKey> existing = InteractionKeys.existing(connection, unique.keySet());
            List<Interaction> fresh = new ArrayList<>();
            unique.forEach((key, in) -> {
                if (!existing.contains(key)) {
                    fresh.add(in);
                }
            });
            fresh.sort(KEY_ORDER);
            Map<InteractionKey, Long> inserted = writer.insert(connection, fresh, batch.assessments(), now);
            identities.upsert(connection, fresh.stream().filter(in -> inserted.containsKey(in.key())).toList());
            // Reported in batch order; a key a concurrent writer stored meanwhile is a duplicate like any other.
            List<InteractionKey> stored = new ArrayList<>();
            List<InteractionKey> duplicates = new ArrayList<>(repeatedInBatch);
            for (InteractionKey key : unique.keySet()) {
                (inserted.containsKey(key) ? stored : duplicates).add(key);
            }
            List<Long> deadLetters = DeadLetterRows.insert(connection, database.dialect(), batch.deadLetters(), now);
            ChannelStateRows.recordSuccess(connection, batch.channel(), batch.account(), batch.cursor(), now);
            return new StoreResult(stored, duplicates, deadLetters);
        });
    }

    @Override
    public Set<InteractionKey> existing(Collection<InteractionKey> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return database.read("look up " + keys.size() + " interaction keys",
                connection -> Set.copyOf(InteractionKeys.existing(connection, keys)));
    }

    @Override
    public Map<InteractionKey, Double> sentiments(Collection<InteractionKey> keys) {
        Map<InteractionKey, Double> out = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        return database.read("read the sentiment of " + keys.size() + " interactions", connection -> {
            for (List<InteractionKey> chunk : Jdbc.chunks(new ArrayList<>(keys))) {
                int size = Jdbc.paddedSize(chunk.size());
                String sql = "SELECT channel, external_id, sentiment FROM interactions WHERE sentiment IS NOT NULL"
                        + " AND (channel, external_id) IN (" + String.join(", ", java.util.Collections.nCopies(size, "(?, ?)")) + ")";
                try (java.sql.PreparedStatement ps = connection.prepareStatement(sql)) {
                    for (int i = 0; i < size; i++) {
                        InteractionKey key = chunk.get(Math.min(i, chunk.size() - 1));
                        ps.setString(2 * i + 1, key.channel());
                        ps.setString(2 * i + 2, key.externalId());
                    }
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(new InteractionKey(rs.getString(1), rs.getString(2)), rs.getDouble(3));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Interaction> find(InteractionKey key) {
        return database.read("find interaction " + key, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(SELECT + " WHERE channel = ? AND external_id = ?")) {
                ps.setString(1, key.channel());
                ps.setString(2, key.externalId());
                List<Interaction> found = readAll(ps);
                return found.stream().findFirst();
            }
        });
    }

    @Override
    public List<Interaction> find(InteractionQuery query) {
        List<String> conditions = new ArrayList<>();
        List<String> values = new ArrayList<>();
        filter(conditions, values, "channel", query.channel());
        filter(conditions, values, "account", query.account());
        filter(conditions, values, "author_handle", query.author());
        String sql = SELECT + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions)) + NEWEST_FIRST;
        return database.read("list interactions", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int index = 1;
                for (String value : values) {
                    ps.setString(index++, value);
                }
                ps.setInt(index, query.limit());
                return readAll(ps);
            }
        });
    }

    @Override
    public long count() {
        return database.read("count interactions", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT COUNT(*) FROM interactions");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static void filter(List<String> conditions, List<String> values, String column, String value) {
        if (value != null) {
            conditions.add(column + " = ?");
            values.add(value);
        }
    }

    private List<Interaction> readAll(PreparedStatement ps) throws SQLException {
        List<Interaction> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(json.read(rs.getString(1)).withRaw(rs.getString(2)));
            }
        }
        return result;
    }

    private static InteractionKey keyOf(Interaction in) {
        if (in.channel() == null || in.externalId() == null) {
            throw new IllegalArgumentException("an interaction without channel or externalId cannot be stored"
                    + " (channel=" + in.channel() + ", externalId=" + in.externalId() + "): validate it first");
        }
        return in.key();
    }
}
