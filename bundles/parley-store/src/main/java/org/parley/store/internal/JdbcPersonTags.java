package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.ContactRef;
import org.parley.api.PersonTags;
import org.parley.api.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tags on CRM records (contact_tags, keyed by the record's type and id) over JDBC. Every real change, and only a real
 * change, writes a TAG row into crm_outbox in the same transaction, so the CRM's list for the tag follows: a CRM
 * outage delays the mirror and loses nothing, and a tag that was not stored is never mirrored.
 * <p>
 * Two writers adding the same new tag collide on pk_contact_tags; the loser's transaction is run again and finds
 * the tag there (false, no outbox row). Removes are a DELETE, whose row count says whether anything changed.
 * <p>
 * A person removing a tag is remembered (contact_tag_suppressions): a rule does not put it back. A person adding
 * it again forgets that.
 */
@Component(service = PersonTags.class)
public final class JdbcPersonTags implements PersonTags {

    /** Longest tag name: contact_tags.name and crm_outbox.tag are VARCHAR(64). */
    static final int MAX_TAG = 64;

    /** The source prefix of a rule's tag changes; anything else is a person's. */
    static final String RULE = "rule:";

    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_\\- ]+");
    private static final Logger LOG = LoggerFactory.getLogger(JdbcPersonTags.class);

    private final ParleyDatabase database;

    @Activate
    public JdbcPersonTags(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
    }

    /** Sorted by name. */
    @Override
    public List<Tag> tagsOf(ContactRef record) {
        requireRecord(record);
        return database.read("read the tags of " + describe(record), connection -> {
            List<Tag> tags = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT name, source, set_at FROM contact_tags"
                    + " WHERE crm_type = ? AND crm_id = ? ORDER BY name")) {
                ps.setString(1, record.type());
                ps.setString(2, record.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tags.add(new Tag(rs.getString("name"), rs.getString("source"), Jdbc.getInstant(rs, "set_at")));
                    }
                }
            }
            return tags;
        });
    }

    @Override
    public boolean add(ContactRef record, String tag, String source) {
        requireRecord(record);
        String name = normalize(tag);
        requireText("source", source);
        boolean byRule = source.startsWith(RULE);
        boolean added = database.inTransaction("tag " + describe(record) + " '" + name + "'", connection -> {
            if (byRule && suppressed(connection, record, name)) {
                return false;
            }
            if (!byRule) {
                unsuppress(connection, record, name);
            }
            if (has(connection, record, name)) {
                return false;
            }
            Instant now = database.clock().instant();
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO contact_tags (crm_type, crm_id, name,"
                    + " source, set_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, record.type());
                ps.setString(2, record.id());
                ps.setString(3, name);
                ps.setString(4, source);
                Jdbc.setInstant(ps, 5, now);
                ps.executeUpdate();
            }
            OutboxRows.insertTag(connection, database.dialect(), record.type(), record.id(), name, true, now);
            return true;
        });
        if (added) {
            LOG.info("{} tagged '{}' by {}", describe(record), name, source);
        }
        return added;
    }

    @Override
    public boolean remove(ContactRef record, String tag, String by) {
        requireRecord(record);
        String name = normalize(tag);
        requireText("by", by);
        boolean removed = database.inTransaction("untag " + describe(record) + " '" + name + "'", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "DELETE FROM contact_tags WHERE crm_type = ? AND crm_id = ? AND name = ?")) {
                ps.setString(1, record.type());
                ps.setString(2, record.id());
                ps.setString(3, name);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            Instant now = database.clock().instant();
            if (!by.startsWith(RULE) && !suppressed(connection, record, name)) {
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO contact_tag_suppressions"
                        + " (crm_type, crm_id, name, removed_by, removed_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, record.type());
                    ps.setString(2, record.id());
                    ps.setString(3, name);
                    ps.setString(4, by);
                    Jdbc.setInstant(ps, 5, now);
                    ps.executeUpdate();
                }
            }
            OutboxRows.insertTag(connection, database.dialect(), record.type(), record.id(), name, false, now);
            return true;
        });
        if (removed) {
            // contact_tags keeps no removed tags: the log (and the outbox row) are the trace of who removed it.
            LOG.info("{} untagged '{}' by {}", describe(record), name, by);
        }
        return removed;
    }

    /**
     * A tag as stored: trimmed, lower case, 1 to {@value #MAX_TAG} letters, digits, '-', '_' or spaces.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static String normalize(String tag) {
        if (tag == null) {
            throw new IllegalArgumentException("a tag needs a name (got null)");
        }
        String name = tag.strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a tag needs a name: '" + tag + "' is blank");
        }
        if (name.length() > MAX_TAG) {
            throw new IllegalArgumentException("tag '" + name + "' is " + name.length() + " characters long; at most "
                    + MAX_TAG + " are allowed");
        }
        if (!TAG.matcher(name).matches()) {
            throw new IllegalArgumentException("tag '" + name + "' may only contain letters, digits, '-', '_' and"
                    + " spaces");
        }
        return name;
    }

    private static boolean suppressed(Connection connection, ContactRef record, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM contact_tag_suppressions WHERE crm_type = ? AND crm_id = ? AND name = ?")) {
            ps.setString(1, record.type());
            ps.setString(2, record.id());
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A person tags by hand what they once removed: rules may set it again. */
    private static boolean unsuppress(Connection connection, ContactRef record, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM contact_tag_suppressions WHERE crm_type = ? AND crm_id = ? AND name = ?")) {
            ps.setString(1, record.type());
            ps.setString(2, record.id());
            ps.setString(3, name);
            return ps.executeUpdate() > 0;
        }
    }

    private static boolean has(Connection connection, ContactRef record, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM contact_tags WHERE crm_type = ? AND crm_id = ? AND name = ?")) {
            ps.setString(1, record.type());
            ps.setString(2, record.id());
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void requireRecord(ContactRef record) {
        if (record == null || record.type() == null || record.id() == null || record.type().isBlank()
                || record.id().isBlank()) {
            throw new IllegalArgumentException("a tagged CRM record needs a type and an id: " + record);
        }
        if (record.type().length() > 64 || record.id().length() > 255) {
            throw new IllegalArgumentException("a CRM record's type is at most 64 characters and its id at most 255: "
                    + record);
        }
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a tag change needs '" + what + "' (user:<name> or rule:<id>)");
        }
        if (value.length() > 255) {
            throw new IllegalArgumentException("'" + what + "' is at most 255 characters: " + value);
        }
    }

    private static String describe(ContactRef record) {
        return record.type() + "/" + record.id();
    }
}
