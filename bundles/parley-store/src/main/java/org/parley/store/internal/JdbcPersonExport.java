package org.parley.store.internal;

import static org.parley.store.internal.Jdbc.prepare;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.ContactRef;
import org.parley.api.IdentityLinks.ReviewStatus;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.PersonExport;
import org.parley.api.Reply;
import org.parley.api.SocialIdentity;
import org.parley.api.json.InteractionJson;

/**
 * A person's export over JDBC, read in one REPEATABLE READ transaction ({@link ParleyDatabase#readSnapshot}) so that
 * its parts agree with each other while ingest goes on.
 * <p>
 * What is read, and from where: identity_links joined to identities (the linked identities); interactions by
 * (author_handle, channel) of each linked identity, served by ix_interactions_author, with raw_payload put back into
 * the interaction; interaction_tags, interaction_tag_suppressions and rule_actions of those interactions; replies to
 * them; contact_tags and contact_tag_suppressions and person_scores of the record; link_reviews of its identities, or
 * resolved to it, or open with it among the candidates; crm_outbox HISTORY rows of its interactions and TAG rows of
 * the record. Each identity's rows are read with a JDBC fetch size, so the driver brings them in slices rather than
 * as one result; the export itself is built in memory.
 */
@Component(service = PersonExport.class)
public final class JdbcPersonExport implements PersonExport {

    /** Rows the driver fetches per round trip (PostgreSQL honours it inside a transaction, as here). */
    static final int FETCH_SIZE = 500;

    private static final String IDENTITIES = "SELECT l.channel, l.handle, l.method, l.confidence, l.linked_by,"
            + " l.linked_at, i.display_name, i.profile_url, i.email, i.phone, i.first_seen_at, i.last_seen_at"
            + " FROM identity_links l LEFT JOIN identities i ON i.channel = l.channel AND i.handle = l.handle"
            + " WHERE l.crm_type = ? AND l.crm_id = ? ORDER BY l.channel, l.handle";

    private static final String INTERACTIONS = "SELECT id, occurred_at, interaction_json, raw_payload, sentiment,"
            + " language_detected, received_at FROM interactions WHERE author_handle = ? AND channel = ?"
            + " ORDER BY occurred_at, id";

    /** An identity's interactions, for the per-interaction tables. */
    private static final String OF_IDENTITY = " JOIN interactions i ON i.id = x.interaction_id"
            + " WHERE i.author_handle = ? AND i.channel = ?";

    private static final String INTERACTION_TAGS = "SELECT x.interaction_id, x.name, x.source, x.set_at"
            + " FROM interaction_tags x" + OF_IDENTITY;
    private static final String INTERACTION_SUPPRESSIONS = "SELECT x.interaction_id, x.name, x.removed_by,"
            + " x.removed_at FROM interaction_tag_suppressions x" + OF_IDENTITY;
    private static final String RULE_ACTIONS = "SELECT x.interaction_id, x.id, x.rule_id, x.action, x.action_value,"
            + " x.done_at FROM rule_actions x" + OF_IDENTITY;
    private static final String HISTORY_WRITES = "SELECT x.id, x.kind, i.channel, i.external_id, x.tag, x.member,"
            + " x.status, x.attempts, x.crm_id, x.created_at, x.done_at FROM crm_outbox x" + OF_IDENTITY;
    private static final String TAG_WRITES = "SELECT x.id, x.kind, NULL AS channel, NULL AS external_id, x.tag,"
            + " x.member, x.status, x.attempts, x.crm_id, x.created_at, x.done_at FROM crm_outbox x"
            + " WHERE x.kind = 'TAG' AND x.crm_type = ? AND x.crm_record_id = ?";

    private static final String REPLIES = "SELECT " + JdbcReplyStore.COLUMNS + " FROM replies"
            + " WHERE in_reply_to_channel = ? AND in_reply_to_id IN"
            + " (SELECT external_id FROM interactions WHERE author_handle = ? AND channel = ?)";

    private static final String PERSON_TAGS = "SELECT name, source, set_at FROM contact_tags"
            + " WHERE crm_type = ? AND crm_id = ?";
    private static final String PERSON_SUPPRESSIONS = "SELECT name, removed_by, removed_at FROM contact_tag_suppressions"
            + " WHERE crm_type = ? AND crm_id = ?";
    private static final String SCORES = "SELECT engagement, sentiment, interactions, channels, last_contact_at,"
            + " updated_at, written_engagement, written_sentiment FROM person_scores WHERE crm_type = ? AND crm_id = ?";

    private static final String REVIEW_COLUMNS = "SELECT id, status, channel, handle, display_name, profile_url, email,"
            + " phone, candidates, queued_at, resolved_by, resolved_at, crm_type, crm_id FROM link_reviews";
    private static final String REVIEWS_OF_IDENTITY = REVIEW_COLUMNS + " WHERE channel = ? AND handle = ?";
    private static final String REVIEWS_RESOLVED_TO = REVIEW_COLUMNS + " WHERE crm_type = ? AND crm_id = ?";
    /** Narrowed by text, then checked on the parsed candidates: an id may appear inside another one. */
    private static final String OPEN_REVIEWS_NAMING = REVIEW_COLUMNS
            + " WHERE status = 'OPEN' AND candidates LIKE ? ESCAPE '!'";

    private static final Comparator<TagMark> BY_NAME = Comparator.comparing(TagMark::name)
            .thenComparing(TagMark::suppressed);

    private final ParleyDatabase database;
    private final InteractionJson json = new InteractionJson();
    private final ReviewRows reviewRows;

    @Activate
    public JdbcPersonExport(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
        this.reviewRows = new ReviewRows(database.dialect());
    }

    @Override
    public Export export(ContactRef person) {
        if (person == null || person.type() == null || person.id() == null || person.type().isBlank()
                || person.id().isBlank()) {
            throw new IllegalArgumentException("an export is made for a CRM record with a type and an id: " + person);
        }
        Person who = new Person(person.type(), person.id());
        return database.readSnapshot("export " + who.type() + "/" + who.id(), connection -> {
            List<LinkedIdentity> identities = identities(connection, who);
            List<Row> rows = new ArrayList<>();
            List<Reply> replies = new ArrayList<>();
            List<Write> writes = new ArrayList<>();
            Map<Long, LinkReview> reviews = new TreeMap<>();
            for (LinkedIdentity identity : identities) {
                rows.addAll(interactions(connection, identity));
                replies.addAll(replies(connection, identity));
                writes.addAll(writes(connection, HISTORY_WRITES, identity.handle(), identity.channel()));
                reviews(connection, REVIEWS_OF_IDENTITY, identity.channel(), identity.handle(), reviews);
            }
            rows.sort(Comparator.comparing(Row::occurredAt).thenComparingLong(Row::id));
            replies.sort(Comparator.comparing(Reply::requestedAt).thenComparingLong(Reply::id));
            writes.addAll(writes(connection, TAG_WRITES, who.type(), who.id()));
            writes.sort(Comparator.comparing((Write w) -> w.write().createdAt()).thenComparingLong(Write::id));
            reviews(connection, REVIEWS_RESOLVED_TO, who.type(), who.id(), reviews);
            openReviewsNaming(connection, who, reviews);
            return new Export(who, database.clock().instant(), identities,
                    rows.stream().map(Row::interaction).toList(), replies, personTags(connection, who),
                    scores(connection, who), List.copyOf(reviews.values()),
                    writes.stream().map(Write::write).toList());
        });
    }

    private static List<LinkedIdentity> identities(Connection connection, Person who) throws SQLException {
        List<LinkedIdentity> identities = new ArrayList<>();
        try (PreparedStatement ps = prepare(connection, IDENTITIES, who.type(), who.id());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                identities.add(new LinkedIdentity(rs.getString("channel"), rs.getString("handle"),
                        rs.getString("display_name"), rs.getString("profile_url"), rs.getString("email"),
                        rs.getString("phone"), Jdbc.getInstant(rs, "first_seen_at"),
                        Jdbc.getInstant(rs, "last_seen_at"), ContactRef.Method.valueOf(rs.getString("method")),
                        rs.getDouble("confidence"), rs.getString("linked_by"), Jdbc.getInstant(rs, "linked_at")));
            }
        }
        return identities;
    }

    private record Row(long id, Instant occurredAt, StoredInteraction interaction) {
    }

    private List<Row> interactions(Connection connection, LinkedIdentity identity) throws SQLException {
        String handle = identity.handle();
        String channel = identity.channel();
        Map<Long, List<TagMark>> tags = new HashMap<>();
        try (PreparedStatement ps = prepare(connection, INTERACTION_TAGS, handle, channel);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tags.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new TagMark(rs.getString("name"),
                        rs.getString("source"), Jdbc.getInstant(rs, "set_at"), false));
            }
        }
        try (PreparedStatement ps = prepare(connection, INTERACTION_SUPPRESSIONS, handle, channel);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tags.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new TagMark(rs.getString("name"),
                        rs.getString("removed_by"), Jdbc.getInstant(rs, "removed_at"), true));
            }
        }
        Map<Long, List<RuleActionMark>> actions = new HashMap<>();
        try (PreparedStatement ps = prepare(connection, RULE_ACTIONS + " ORDER BY x.id", handle, channel);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                actions.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new RuleActionMark(
                        rs.getString("rule_id"), rs.getString("action"), rs.getString("action_value"),
                        Jdbc.getInstant(rs, "done_at")));
            }
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = prepare(connection, INTERACTIONS, handle, channel)) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    Interaction interaction = json.read(rs.getString("interaction_json"))
                            .withRaw(rs.getString("raw_payload"));
                    double sentiment = rs.getDouble("sentiment");
                    Double assessed = rs.wasNull() ? null : sentiment;
                    List<TagMark> marks = new ArrayList<>(tags.getOrDefault(id, List.of()));
                    marks.sort(BY_NAME);
                    rows.add(new Row(id, Jdbc.getInstant(rs, "occurred_at"), new StoredInteraction(interaction,
                            assessed, rs.getBoolean("language_detected"), Jdbc.getInstant(rs, "received_at"), marks,
                            actions.getOrDefault(id, List.of()))));
                }
            }
        }
        return rows;
    }

    private static List<Reply> replies(Connection connection, LinkedIdentity identity) throws SQLException {
        List<Reply> replies = new ArrayList<>();
        try (PreparedStatement ps = prepare(connection, REPLIES, identity.channel(), identity.handle(),
                identity.channel()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                replies.add(JdbcReplyStore.reply(rs, rs.getInt("attempts")));
            }
        }
        return replies;
    }

    private record Write(long id, CrmWrite write) {
    }

    private static List<Write> writes(Connection connection, String sql, String first, String second)
            throws SQLException {
        List<Write> writes = new ArrayList<>();
        try (PreparedStatement ps = prepare(connection, sql, first, second); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String channel = rs.getString("channel");
                boolean member = rs.getBoolean("member");
                Boolean membership = rs.wasNull() ? null : member;
                writes.add(new Write(rs.getLong("id"), new CrmWrite(rs.getString("kind"),
                        channel == null ? null : new InteractionKey(channel, rs.getString("external_id")),
                        rs.getString("tag"), membership, rs.getString("status"), rs.getInt("attempts"),
                        rs.getString("crm_id"), Jdbc.getInstant(rs, "created_at"), Jdbc.getInstant(rs, "done_at"))));
            }
        }
        return writes;
    }

    private static List<TagMark> personTags(Connection connection, Person who) throws SQLException {
        List<TagMark> tags = new ArrayList<>();
        try (PreparedStatement ps = prepare(connection, PERSON_TAGS, who.type(), who.id());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tags.add(new TagMark(rs.getString("name"), rs.getString("source"), Jdbc.getInstant(rs, "set_at"),
                        false));
            }
        }
        try (PreparedStatement ps = prepare(connection, PERSON_SUPPRESSIONS, who.type(), who.id());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tags.add(new TagMark(rs.getString("name"), rs.getString("removed_by"),
                        Jdbc.getInstant(rs, "removed_at"), true));
            }
        }
        tags.sort(BY_NAME);
        return tags;
    }

    private static Scores scores(Connection connection, Person who) throws SQLException {
        try (PreparedStatement ps = prepare(connection, SCORES, who.type(), who.id());
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            double writtenEngagement = rs.getDouble("written_engagement");
            Double engagementWritten = rs.wasNull() ? null : writtenEngagement;
            double writtenSentiment = rs.getDouble("written_sentiment");
            Double sentimentWritten = rs.wasNull() ? null : writtenSentiment;
            return new Scores(rs.getDouble("engagement"), rs.getDouble("sentiment"), rs.getLong("interactions"),
                    rs.getInt("channels"), Jdbc.getInstant(rs, "last_contact_at"), Jdbc.getInstant(rs, "updated_at"),
                    engagementWritten, sentimentWritten);
        }
    }

    private void reviews(Connection connection, String sql, String first, String second, Map<Long, LinkReview> into)
            throws SQLException {
        try (PreparedStatement ps = prepare(connection, sql, first, second); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                LinkReview review = review(rs);
                into.put(review.id(), review);
            }
        }
    }

    private void openReviewsNaming(Connection connection, Person who, Map<Long, LinkReview> into) throws SQLException {
        try (PreparedStatement ps = prepare(connection, OPEN_REVIEWS_NAMING, ReviewRows.namingPattern(who.id()));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                LinkReview review = review(rs);
                boolean named = review.candidates().stream()
                        .anyMatch(c -> who.type().equals(c.type()) && who.id().equals(c.id()));
                if (named) {
                    into.put(review.id(), review);
                }
            }
        }
    }

    private LinkReview review(ResultSet rs) throws SQLException {
        SocialIdentity identity = new SocialIdentity(rs.getString("channel"), rs.getString("handle"),
                rs.getString("display_name"), rs.getString("profile_url"), rs.getString("email"),
                rs.getString("phone"));
        String type = rs.getString("crm_type");
        String id = rs.getString("crm_id");
        return new LinkReview(rs.getLong("id"), ReviewStatus.valueOf(rs.getString("status")), identity,
                reviewRows.read(rs.getString("candidates")), Jdbc.getInstant(rs, "queued_at"), rs.getString("resolved_by"),
                Jdbc.getInstant(rs, "resolved_at"), type == null || id == null ? null : new Person(type, id));
    }

}
