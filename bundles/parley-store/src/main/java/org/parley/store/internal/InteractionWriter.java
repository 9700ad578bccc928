package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.parley.api.Assessment;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionTags;
import org.parley.api.RuleAction;
import org.parley.api.json.InteractionJson;

/** Inserts new interactions and their CRM outbox rows, each as one JDBC batch. */
final class InteractionWriter {

    private static final String INSERT_INTERACTION = "INSERT INTO interactions (channel, external_id, kind, account,"
            + " author_handle, author_name, content, url, occurred_at, in_reply_to, thread_id, language,"
            + " likes, shares, replies, rating, interaction_json, raw_payload, received_at, sentiment, language_detected)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String INSERT_TAG = "INSERT INTO interaction_tags (interaction_id, name, source, set_at)"
            + " VALUES (?, ?, ?, ?)";

    private static final String INSERT_ACTION = "INSERT INTO rule_actions (interaction_id, rule_id, action, action_value)"
            + " VALUES (?, ?, ?, ?)";

    private static final String INSERT_OUTBOX = "INSERT INTO crm_outbox (interaction_id, status, attempts,"
            + " next_attempt_at, created_at) VALUES (?, 'PENDING', 0, ?, ?)";

    private final InteractionJson json;
    private final Dialect dialect;

    InteractionWriter(InteractionJson json, Dialect dialect) {
        this.json = json;
        this.dialect = dialect;
    }

    /**
     * Inserts the interactions with their assessment (sentiment, detected language, the rules' interaction tags
     * and person actions) and one due outbox row for each. Returns the ids of those inserted, by key: all of
     * them, except where the database skipped keys a concurrent writer stored meanwhile.
     */
    Map<InteractionKey, Long> insert(Connection connection, List<Interaction> interactions,
                                     Map<InteractionKey, Assessment> assessments, Instant now) throws SQLException {
        Map<InteractionKey, Long> ids = new LinkedHashMap<>();
        if (interactions.isEmpty()) {
            return ids;
        }
        String sql = dialect.insertSkippingDuplicates(INSERT_INTERACTION, "channel, external_id");
        try (PreparedStatement ps = connection.prepareStatement(sql, dialect.returning("id", "channel", "external_id"))) {
            for (Interaction in : interactions) {
                bind(ps, in, assessments.get(in.key()), now);
                ps.addBatch();
            }
            ps.executeBatch();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (keys.next()) {
                    ids.put(new InteractionKey(keys.getString(2), keys.getString(3)), keys.getLong(1));
                }
            }
        }
        if (!dialect.skipsDuplicatesOnInsert() && ids.size() != interactions.size()) {
            throw new SQLException("the driver returned " + ids.size() + " generated ids for " + interactions.size() + " rows");
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT_OUTBOX)) {
            for (long id : ids.values()) {
                ps.setLong(1, id);
                Jdbc.setInstant(ps, 2, now);
                Jdbc.setInstant(ps, 3, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        insertRuleResults(connection, ids, assessments, now);
        return ids;
    }

    /**
     * The rules' results: interaction tags (a flag for reply is the tag {@link InteractionTags#NEEDS_REPLY}) now, person actions
     * as rows that the CRM outbox applies once it knows the author's record.
     */
    private static void insertRuleResults(Connection connection, Map<InteractionKey, Long> ids,
                                          Map<InteractionKey, Assessment> assessments, Instant now) throws SQLException {
        if (assessments.isEmpty()) {
            return;
        }
        try (PreparedStatement tags = connection.prepareStatement(INSERT_TAG);
             PreparedStatement actions = connection.prepareStatement(INSERT_ACTION)) {
            int tagRows = 0;
            int actionRows = 0;
            for (Map.Entry<InteractionKey, Long> e : ids.entrySet()) {
                Assessment a = assessments.get(e.getKey());
                if (a == null) {
                    continue;
                }
                Set<String> tagged = new HashSet<>();
                for (RuleAction action : a.actions()) {
                    switch (action.type()) {
                        case TAG_INTERACTION, FLAG_FOR_REPLY -> {
                            String tag = action.type() == RuleAction.Type.FLAG_FOR_REPLY ? InteractionTags.NEEDS_REPLY : action.value();
                            if (tag != null && tagged.add(tag)) {
                                tags.setLong(1, e.getValue());
                                tags.setString(2, Jdbc.clip(tag, 64));
                                tags.setString(3, Jdbc.clip("rule:" + action.ruleId(), 255));
                                Jdbc.setInstant(tags, 4, now);
                                tags.addBatch();
                                tagRows++;
                            }
                        }
                        case TAG_PERSON, MAKE_LEAD, ASSIGN_OWNER -> {
                            actions.setLong(1, e.getValue());
                            actions.setString(2, Jdbc.clip(action.ruleId(), 255));
                            actions.setString(3, action.type().name());
                            actions.setString(4, Jdbc.clip(action.value(), 255));
                            actions.addBatch();
                            actionRows++;
                        }
                    }
                }
            }
            if (tagRows > 0) {
                tags.executeBatch();
            }
            if (actionRows > 0) {
                actions.executeBatch();
            }
        }
    }

    private void bind(PreparedStatement ps, Interaction stored, Assessment assessment, Instant now) throws SQLException {
        // A language Parley detected is stored as the interaction's language, and marked as detected.
        boolean detected = assessment != null && assessment.languageDetected() && stored.language() == null;
        Interaction in = detected ? stored.withLanguage(assessment.language()) : stored;
        ps.setString(1, in.channel());
        ps.setString(2, in.externalId());
        ps.setString(3, in.kind() == null ? null : in.kind().name());
        ps.setString(4, in.account());
        ps.setString(5, in.author() == null ? null : in.author().handle());
        ps.setString(6, in.author() == null ? null : Jdbc.clip(in.author().displayName(), 1024));
        ps.setString(7, in.text());
        ps.setString(8, Jdbc.clip(in.url(), 2048));
        Jdbc.setInstant(ps, 9, in.occurredAt());
        ps.setString(10, in.inReplyTo());
        ps.setString(11, in.threadId());
        ps.setString(12, Jdbc.clip(in.language(), 64));
        ps.setLong(13, in.metrics().likes());
        ps.setLong(14, in.metrics().shares());
        ps.setLong(15, in.metrics().replies());
        Jdbc.setInteger(ps, 16, in.rating());
        // The raw payload can be large: it is kept once, in raw_payload, and put back when reading.
        ps.setString(17, json.write(in.withRaw(null)));
        ps.setString(18, in.raw());
        Jdbc.setInstant(ps, 19, now);
        if (assessment == null) {
            ps.setNull(20, java.sql.Types.DOUBLE);
        } else {
            ps.setDouble(20, assessment.sentiment());
        }
        ps.setBoolean(21, detected);
    }
}
