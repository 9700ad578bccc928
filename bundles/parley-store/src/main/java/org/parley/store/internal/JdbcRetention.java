package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-channel retention: purges interactions that occurred longer ago than their channel's age, with what hangs on
 * them (tags, rule actions and suppressions by cascade; replies to them; their finished CRM writes). An interaction
 * whose CRM write is still pending, or that has a reply still to be approved or sent, is kept until those are done,
 * so retention never loses a write the CRM has not had. Each purged key is kept in {@code retired_interactions}, so
 * a channel offering the item again (a feed still listing an old entry) does not bring it back. The history Parley
 * already wrote into the CRM stays there: the CRM keeps its own records by its own rules.
 */
@Component(service = JdbcRetention.class, immediate = true, configurationPid = RetentionConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RetentionConfig.class)
public final class JdbcRetention {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcRetention.class);

    private static final String DUE = "SELECT i.id, i.external_id FROM interactions i"
            + " WHERE i.channel = ? AND i.occurred_at < ?"
            + " AND NOT EXISTS (SELECT 1 FROM crm_outbox o WHERE o.interaction_id = i.id"
            + " AND o.status IN ('PENDING', 'WAITING'))"
            + " AND NOT EXISTS (SELECT 1 FROM replies r WHERE r.in_reply_to_channel = i.channel"
            + " AND r.in_reply_to_id = i.external_id AND r.status IN ('AWAITING_APPROVAL', 'PENDING'))"
            + " ORDER BY i.id LIMIT ?";

    private final ParleyDatabase database;
    private final RetentionSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    @Activate
    public JdbcRetention(@Reference(name = "database") ParleyDatabase database, RetentionConfig config) {
        this(database, RetentionSettings.validate(config), Clock.systemUTC(), true);
    }

    JdbcRetention(ParleyDatabase database, RetentionSettings settings, Clock clock, boolean scheduled) {
        this.database = database;
        this.settings = settings;
        this.clock = clock;
        if (scheduled && !settings.ages().isEmpty()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "parley-retention");
                thread.setDaemon(true);
                return thread;
            });
            long every = settings.interval().toMillis();
            scheduler.scheduleWithFixedDelay(this::purgeQuietly, Math.min(every, Duration.ofMinutes(1).toMillis()),
                    every, TimeUnit.MILLISECONDS);
            LOG.info("Retention: {} (every {})", settings.ages(), settings.interval());
        } else {
            scheduler = null;
        }
    }

    @Deactivate
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Purges every configured channel now: how many interactions of each were purged. */
    Map<String, Integer> purge() {
        Instant now = clock.instant();
        Map<String, Integer> purged = new LinkedHashMap<>();
        settings.ages().forEach((channel, age) -> {
            Instant cutoff = now.minus(age);
            int total = 0;
            int batch;
            do {
                batch = database.inTransaction("purge " + channel + " interactions older than " + cutoff,
                        connection -> purgeBatch(connection, channel, cutoff, now));
                total += batch;
            } while (batch == settings.batchSize());
            purged.put(channel, total);
            if (total > 0) {
                LOG.info("Retention: purged {} {} interactions that occurred before {}", total, channel, cutoff);
            }
        });
        return purged;
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            // The next run tries again; a store that is down loses nothing by waiting.
            LOG.warn("Retention: purge failed, will try again in {}: {}", settings.interval(), e.getMessage());
        }
    }

    private int purgeBatch(Connection connection, String channel, Instant cutoff, Instant now) throws SQLException {
        List<Long> ids = new ArrayList<>();
        List<String> externalIds = new ArrayList<>();
        try (PreparedStatement due = connection.prepareStatement(DUE)) {
            due.setString(1, channel);
            due.setObject(2, cutoff.atOffset(ZoneOffset.UTC));
            due.setInt(3, settings.batchSize());
            try (ResultSet rs = due.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    externalIds.add(rs.getString(2));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement outbox = connection.prepareStatement("DELETE FROM crm_outbox WHERE interaction_id = ?");
             PreparedStatement replies = connection.prepareStatement(
                     "DELETE FROM replies WHERE in_reply_to_channel = ? AND in_reply_to_id = ?");
             PreparedStatement interactions = connection.prepareStatement("DELETE FROM interactions WHERE id = ?");
             PreparedStatement retired = connection.prepareStatement("INSERT INTO retired_interactions"
                     + " (channel, external_id, reason, retired_at) VALUES (?, ?, 'RETENTION', ?)")) {
            for (int i = 0; i < ids.size(); i++) {
                outbox.setLong(1, ids.get(i));
                outbox.addBatch();
                replies.setString(1, channel);
                replies.setString(2, externalIds.get(i));
                replies.addBatch();
                interactions.setLong(1, ids.get(i));
                interactions.addBatch();
                retired.setString(1, channel);
                retired.setString(2, externalIds.get(i));
                retired.setObject(3, now.atOffset(ZoneOffset.UTC));
                retired.addBatch();
            }
            outbox.executeBatch();
            replies.executeBatch();
            interactions.executeBatch();
            retired.executeBatch();
        }
        return ids.size();
    }
}
