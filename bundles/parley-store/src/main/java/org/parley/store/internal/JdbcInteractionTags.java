package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionTags;
import org.parley.api.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags on interactions (interaction_tags) over JDBC. Rules' tags arrive with the interaction, in its transaction
 * (InteractionWriter); people's through here. A person removing a tag is remembered
 * (interaction_tag_suppressions), so a rule run again on the interaction does not put it back; a person adding it
 * again forgets that. Names follow the person tags' rules ({@link JdbcPersonTags#normalize}).
 */
@Component(service = InteractionTags.class)
public final class JdbcInteractionTags implements InteractionTags {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcInteractionTags.class);

    private final ParleyDatabase database;

    @Activate
    public JdbcInteractionTags(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
    }

    @Override
    public List<Tag> tagsOf(InteractionKey key) {
        return tagsOf(List.of(key)).getOrDefault(key, List.of());
    }

    /** Each interaction's tags sorted by name. */
    @Override
    public Map<InteractionKey, List<Tag>> tagsOf(Collection<InteractionKey> keys) {
        Map<InteractionKey, List<Tag>> out = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        return database.read("read the tags of " + keys.size() + " interactions", connection -> {
            for (List<InteractionKey> chunk : Jdbc.chunks(new ArrayList<>(keys))) {
                int size = Jdbc.paddedSize(chunk.size());
                String sql = "SELECT i.channel, i.external_id, t.name, t.source, t.set_at FROM interaction_tags t"
                        + " JOIN interactions i ON i.id = t.interaction_id WHERE (i.channel, i.external_id) IN ("
                        + String.join(", ", Collections.nCopies(size, "(?, ?)")) + ") ORDER BY t.name";
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    for (int i = 0; i < size; i++) {
                        InteractionKey key = chunk.get(Math.min(i, chunk.size() - 1));
                        ps.setString(2 * i + 1, key.channel());
                        ps.setString(2 * i + 2, key.externalId());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.computeIfAbsent(new InteractionKey(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                                    .add(new Tag(rs.getString(3), rs.getString(4), Jdbc.getInstant(rs, "set_at")));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public boolean add(InteractionKey key, String tag, String source) {
        String name = JdbcPersonTags.normalize(tag);
        requireSource("source", source);
        boolean byRule = source.startsWith(JdbcPersonTags.RULE);
        boolean added = database.inTransaction("tag " + key + " '" + name + "'", connection -> {
            long id = idOf(connection, key);
            if (byRule && suppressed(connection, id, name)) {
                return false;
            }
            if (!byRule) {
                update(connection, "DELETE FROM interaction_tag_suppressions WHERE interaction_id = ? AND name = ?", id, name);
            }
            if (has(connection, id, name)) {
                return false;
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO interaction_tags (interaction_id, name, source, set_at) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, name);
                ps.setString(3, source);
                Jdbc.setInstant(ps, 4, database.clock().instant());
                ps.executeUpdate();
            }
            return true;
        });
        if (added) {
            LOG.info("{} tagged '{}' by {}", key, name, source);
        }
        return added;
    }

    @Override
    public boolean remove(InteractionKey key, String tag, String by) {
        String name = JdbcPersonTags.normalize(tag);
        requireSource("by", by);
        boolean removed = database.inTransaction("untag " + key + " '" + name + "'", connection -> {
            long id = idOf(connection, key);
            if (update(connection, "DELETE FROM interaction_tags WHERE interaction_id = ? AND name = ?", id, name) == 0) {
                return false;
            }
            if (!by.startsWith(JdbcPersonTags.RULE) && !suppressed(connection, id, name)) {
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO interaction_tag_suppressions"
                        + " (interaction_id, name, removed_by, removed_at) VALUES (?, ?, ?, ?)")) {
                    ps.setLong(1, id);
                    ps.setString(2, name);
                    ps.setString(3, by);
                    Jdbc.setInstant(ps, 4, database.clock().instant());
                    ps.executeUpdate();
                }
            }
            return true;
        });
        if (removed) {
            LOG.info("{} untagged '{}' by {}", key, name, by);
        }
        return removed;
    }

    private static long idOf(Connection connection, InteractionKey key) throws SQLException {
        if (key == null || key.channel() == null || key.externalId() == null) {
            throw new IllegalArgumentException("an interaction is named by its channel and external id: " + key);
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id FROM interactions WHERE channel = ? AND external_id = ?")) {
            ps.setString(1, key.channel());
            ps.setString(2, key.externalId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("there is no stored interaction " + key);
                }
                return rs.getLong(1);
            }
        }
    }

    private static boolean suppressed(Connection connection, long id, String name) throws SQLException {
        return exists(connection, "SELECT 1 FROM interaction_tag_suppressions WHERE interaction_id = ? AND name = ?", id, name);
    }

    private static boolean has(Connection connection, long id, String name) throws SQLException {
        return exists(connection, "SELECT 1 FROM interaction_tags WHERE interaction_id = ? AND name = ?", id, name);
    }

    private static boolean exists(Connection connection, String sql, long id, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int update(Connection connection, String sql, long id, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setString(2, name);
            return ps.executeUpdate();
        }
    }

    private static void requireSource(String what, String value) {
        if (value == null || value.isBlank() || value.length() > 255) {
            throw new IllegalArgumentException("a tag change needs '" + what + "' (user:<name> or rule:<id>, at most"
                    + " 255 characters)");
        }
    }
}
