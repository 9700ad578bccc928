package org.parley.store.internal;

import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.tuple;
import org.parley.api.Tag;
import org.parley.api.RuleAction;
import org.parley.api.PersonScores;
import org.parley.api.PersonActions;
import org.parley.api.Assessment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.parley.api.ChannelState;
import org.parley.api.ContactRef;
import org.parley.api.CrmOutbox;
import org.parley.api.DeadLetter;
import org.parley.api.IdentityLinks;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionQuery;
import org.parley.api.Metrics;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;
import org.parley.api.SocialIdentity;
import org.parley.api.StoreResult;
import org.parley.api.json.InteractionJson;

/**
 * What every database Parley runs on must do, run once per database by the subclasses. One database per class,
 * migrated once; every test starts from empty tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContractTest {

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final List<String> TABLES = List.of("interaction_tags", "crm_outbox", "interactions", "identities",
            "contact_tags", "channel_state", "dead_letters", "identity_links", "link_reviews", "replies",
            "contact_tag_suppressions", "person_scores", "retired_interactions");

    MutableClock clock;
    DataSource dataSource;
    JdbcInteractionStore interactions;
    JdbcChannelStateStore channels;
    JdbcDeadLetterStore deadLetters;
    JdbcIdentityLinks links;
    JdbcCrmOutbox outbox;
    JdbcPersonTags personTags;
    JdbcReplyStore replies;
    JdbcInteractionTags interactionTags;
    JdbcPersonActions personActions;
    JdbcPersonScores personScores;

    /** A new, empty database (H2 file, PostgreSQL schema ...) each time it is called. */
    protected abstract DataSource newDatabase(String name) throws Exception;

    @BeforeAll
    void migrateOnce() throws Exception {
        clock = new MutableClock(T0);
        dataSource = newDatabase("contract");
        ParleyDatabase database = new ParleyDatabase(dataSource, clock);
        interactions = new JdbcInteractionStore(database);
        channels = new JdbcChannelStateStore(database);
        deadLetters = new JdbcDeadLetterStore(database);
        links = new JdbcIdentityLinks(database);
        outbox = new JdbcCrmOutbox(database);
        personTags = new JdbcPersonTags(database);
        replies = new JdbcReplyStore(database);
        interactionTags = new JdbcInteractionTags(database);
        personActions = new JdbcPersonActions(database);
        personScores = new JdbcPersonScores(database);
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    // ---- schema ----

    @Test
    void migrationsCreateTheSchemaOnAnEmptyDatabaseAndAreIdempotent() throws Exception {
        DataSource empty = newDatabase("migrations");
        assertThat(tableExists(empty, "interactions")).isFalse();

        new ParleyDatabase(empty, clock);
        for (String table : TABLES) {
            assertThat(tableExists(empty, table)).as(table).isTrue();
            assertThat(count(empty, "SELECT COUNT(*) FROM " + table)).as(table).isZero();
        }
        long applied = count(empty, "SELECT COUNT(*) FROM databasechangelog");
        assertThat(applied).isEqualTo(25);

        // A restart migrates again: nothing new is applied and the stores work on the existing schema.
        ParleyDatabase again = new ParleyDatabase(empty, clock);
        new SchemaMigrator().migrate(empty);
        assertThat(count(empty, "SELECT COUNT(*) FROM databasechangelog")).isEqualTo(applied);
        new JdbcInteractionStore(again).store(batch("feeds", null, List.of(post("feeds", "1", T0)), List.of(), "c1"));
        assertThat(new JdbcInteractionStore(again).count()).isEqualTo(1);
    }

    @Test
    void aStoreMadeByThePreviousSchemaIsUpgradedInPlaceKeepingItsData() throws Exception {
        DataSource old = newDatabase("upgrade");
        new SchemaMigrator("org/parley/store/db/previous-changelog.xml").migrate(old);
        assertThat(count(old, "SELECT COUNT(*) FROM databasechangelog")).isEqualTo(17);
        Interaction before = withAccount(post("mastodon", "m-1", T0), "brand");
        // What the previous release wrote: an interaction, its author, a history write still pending, a tag, a cursor.
        try (Connection connection = old.getConnection(); Statement statement = connection.createStatement()) {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO interactions (channel, external_id, "
                    + "kind, account, author_handle, author_name, content, occurred_at, likes, shares, replies, "
                    + "interaction_json, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)");
            insert.setString(1, before.channel());
            insert.setString(2, before.externalId());
            insert.setString(3, before.kind().name());
            insert.setString(4, before.account());
            insert.setString(5, before.author().handle());
            insert.setString(6, before.author().displayName());
            insert.setString(7, before.text());
            insert.setObject(8, before.occurredAt().atOffset(ZoneOffset.UTC));
            insert.setString(9, new InteractionJson().write(before));
            insert.setObject(10, T0.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
            statement.executeUpdate("INSERT INTO identities (channel, handle, display_name, first_seen_at, last_seen_at)"
                    + " VALUES ('mastodon', '" + before.author().handle() + "', 'Ana', TIMESTAMP '2026-11-20 08:00:00',"
                    + " TIMESTAMP '2026-11-20 08:00:00')");
            statement.executeUpdate("INSERT INTO crm_outbox (interaction_id, status, attempts, created_at, kind) SELECT id,"
                    + " 'PENDING', 0, TIMESTAMP '2026-11-20 08:00:00', 'HISTORY' FROM interactions");
            statement.executeUpdate("INSERT INTO contact_tags (crm_type, crm_id, name, source, set_at) VALUES"
                    + " ('Contacts', 'c-1', 'vip', 'user:admin', TIMESTAMP '2026-11-20 08:00:00')");
            statement.executeUpdate("INSERT INTO channel_state (channel, account, cursor_value, last_poll_at) VALUES"
                    + " ('mastodon', 'brand', 'since_id=41', TIMESTAMP '2026-11-20 08:00:00')");
        }

        ParleyDatabase upgraded = new ParleyDatabase(old, clock);

        assertThat(count(old, "SELECT COUNT(*) FROM databasechangelog")).isEqualTo(25);
        JdbcInteractionStore store = new JdbcInteractionStore(upgraded);
        assertThat(store.find(before.key())).hasValueSatisfying(in -> {
            assertThat(in.text()).isEqualTo(before.text());
            assertThat(in.author().handle()).isEqualTo(before.author().handle());
        });
        assertThat(store.sentiments(List.of(before.key()))).as("not assessed before the upgrade").isEmpty();
        assertThat(new JdbcCrmOutbox(upgraded).stats(T0.plusSeconds(60)).pending()).isEqualTo(1);
        assertThat(new JdbcPersonTags(upgraded).tagsOf(new ContactRef("Contacts", "c-1", ContactRef.Method.MANUAL, 1.0)))
                .extracting(Tag::name).containsExactly("vip");
        assertThat(new JdbcChannelStateStore(upgraded).state("mastodon", "brand"))
                .hasValueSatisfying(s -> assertThat(s.cursor()).isEqualTo("since_id=41"));
        // And the upgraded store takes new batches, the old interaction deduplicated.
        StoreResult result = store.store(batch("mastodon", "brand",
                List.of(before, withAccount(post("mastodon", "m-2", T0.plusSeconds(5)), "brand")), List.of(),
                "since_id=42"));
        assertThat(result.stored()).hasSize(1);
        assertThat(store.count()).isEqualTo(2);
    }

    // ---- retention ----

    @Test
    void retentionPurgesAChannelsOldInteractionsWithWhatHangsOnThemButNeverAPendingCrmWrite() {
        Instant now = T0.plus(Duration.ofDays(40));
        interactions.store(batch("feeds", null, List.of(post("feeds", "old-done", T0), post("feeds", "old-pending",
                T0.plusSeconds(1)), post("feeds", "recent", now.minus(Duration.ofDays(2)))), List.of(), "c1"));
        interactions.store(batch("mastodon", null, List.of(post("mastodon", "old", T0)), List.of(), "c2"));
        for (CrmOutbox.Entry entry : outbox.claimDue(10, now, Duration.ofMinutes(5))) {
            if (!entry.interaction().externalId().equals("old-pending")) {
                outbox.done(entry.id(), "note-" + entry.id(), now);
            }
        }
        interactionTags.add(key("feeds", "old-done"), "praise", "user:ann");
        long sent = replies.add(reply(key("feeds", "old-done"), "key-r1", T0.plusSeconds(60), false));
        replies.sent(sent, "r-1", null, T0.plusSeconds(61));
        JdbcRetention retention = new JdbcRetention(new ParleyDatabase(dataSource, clock),
                new RetentionSettings(Map.of("feeds", Duration.ofDays(30)), Duration.ofHours(1), 1),
                java.time.Clock.fixed(now, ZoneOffset.UTC), false);

        Map<String, Integer> purged = retention.purge();

        assertThat(purged).containsExactly(Map.entry("feeds", 1));
        assertThat(interactions.find(key("feeds", "old-done"))).isEmpty();
        assertThat(interactionTags.tagsOf(key("feeds", "old-done"))).isEmpty();
        assertThat(replies.find(sent)).isEmpty();
        assertThat(interactions.find(key("feeds", "old-pending"))).as("its CRM write is still pending").isPresent();
        assertThat(interactions.find(key("feeds", "recent"))).isPresent();
        assertThat(interactions.find(key("mastodon", "old"))).as("no retention for mastodon").isPresent();
        assertThat(outbox.stats(now).pending()).isEqualTo(1);
        // Once its write is done, the next run takes it too.
        outbox.done(outbox.claimDue(10, now.plusSeconds(600), Duration.ofMinutes(5)).get(0).id(), "note-x", now);
        assertThat(retention.purge()).containsExactly(Map.entry("feeds", 1));
        assertThat(interactions.count()).isEqualTo(2);
        // A feed that still lists the purged entries does not bring them back.
        StoreResult again = interactions.store(batch("feeds", null, List.of(post("feeds", "old-done", T0),
                post("feeds", "old-pending", T0.plusSeconds(1)), post("feeds", "new", now)), List.of(), "c3"));
        assertThat(again.stored()).containsExactly(key("feeds", "new"));
        assertThat(again.duplicates()).containsExactlyInAnyOrder(key("feeds", "old-done"), key("feeds", "old-pending"));
    }

    // ---- batches ----

    @Test
    void aBatchStoresInteractionsOutboxRowsIdentitiesDeadLettersAndCursorTogether() throws SQLException {
        Instant now = clock.advance(Duration.ofMinutes(1));
        StoreResult result = interactions.store(batch("feeds", "brand",
                List.of(withAccount(post("feeds", "a", T0), "brand"), withAccount(post("feeds", "b", T0.plusSeconds(1)), "brand"),
                        withAccount(post("feeds", "c", T0.plusSeconds(2)), "brand")),
                List.of(new DeadLetter.New("feeds", "brand", "occurredAt is missing", "<item/>", "direct:feeds-replay")),
                "cursor-1"));

        assertThat(result.stored()).containsExactly(key("feeds", "a"), key("feeds", "b"), key("feeds", "c"));
        assertThat(result.duplicates()).isEmpty();
        assertThat(result.deadLetters()).hasSize(1);
        assertThat(interactions.count()).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM crm_outbox WHERE status = 'PENDING' AND attempts = 0"
                + " AND interaction_id IN (SELECT id FROM interactions)")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM identities WHERE channel = 'feeds' AND handle = 'alice'")).isEqualTo(1);

        DeadLetter letter = deadLetters.find(result.deadLetters().get(0)).orElseThrow();
        assertThat(letter).isEqualTo(new DeadLetter(letter.id(), "feeds", "brand", "occurredAt is missing", "<item/>",
                "direct:feeds-replay", now, 1, null));

        ChannelState state = channels.state("feeds", "brand").orElseThrow();
        assertThat(state).isEqualTo(new ChannelState("feeds", "brand", "cursor-1", now, now, null, null, 3, null));
    }

    @Test
    void aBatchThatFailsMidwayStoresNothingAndLeavesTheCursor() throws SQLException {
        interactions.store(batch("feeds", null, List.of(post("feeds", "a", T0)), List.of(), "cursor-1"));
        ChannelState before = channels.state("feeds", null).orElseThrow();
        clock.advance(Duration.ofMinutes(1));

        // The dead letter has no channel: NOT NULL fails after the interactions and outbox rows were written.
        IngestBatch broken = batch("feeds", null,
                List.of(post("feeds", "b", T0), post("feeds", "c", T0), withAuthor(post("feeds", "d", T0), "bob")),
                List.of(new DeadLetter.New(null, null, "bad", "{}", "direct:replay")), "cursor-2");
        assertThatThrownBy(() -> interactions.store(broken))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot store a batch of 3 interactions and 1 dead letters from channel 'feeds'");

        assertThat(interactions.count()).isEqualTo(1);
        assertThat(interactions.existing(List.of(key("feeds", "b"), key("feeds", "c"), key("feeds", "d")))).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM crm_outbox")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM identities WHERE handle = 'bob'")).isZero();
        assertThat(deadLetters.countPending()).isZero();
        assertThat(channels.state("feeds", null)).contains(before);
    }

    @Test
    void aBatchWithoutCursorKeepsTheCursorAndRecordsTheSuccess() {
        interactions.store(batch("feeds", null, List.of(), List.of(), "cursor-1"));
        Instant later = clock.advance(Duration.ofMinutes(5));
        interactions.store(batch("feeds", null, List.of(post("feeds", "a", T0)), List.of(), null));

        ChannelState state = channels.state("feeds", null).orElseThrow();
        assertThat(state.cursor()).isEqualTo("cursor-1");
        assertThat(state.lastPollAt()).isEqualTo(later);
        assertThat(state.lastSuccessAt()).isEqualTo(later);
        assertThat(state.interactions()).isEqualTo(1);
    }

    @Test
    void duplicatesWithinAndAcrossBatchesAreSkippedAndReported() throws SQLException {
        StoreResult first = interactions.store(batch("feeds", null,
                List.of(post("feeds", "a", T0), post("feeds", "b", T0), post("feeds", "a", T0.plusSeconds(9))),
                List.of(), null));
        assertThat(first.stored()).containsExactly(key("feeds", "a"), key("feeds", "b"));
        assertThat(first.duplicates()).containsExactly(key("feeds", "a"));

        StoreResult second = interactions.store(batch("feeds", null,
                List.of(post("feeds", "b", T0), post("feeds", "c", T0), post("other", "a", T0)), List.of(), null));
        assertThat(second.stored()).containsExactly(key("feeds", "c"), key("other", "a"));
        assertThat(second.duplicates()).containsExactly(key("feeds", "b"));

        assertThat(interactions.count()).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM crm_outbox")).isEqualTo(4);
        // Skipped means not updated: the first "a" is the one kept.
        assertThat(interactions.find(key("feeds", "a")).orElseThrow().occurredAt()).isEqualTo(T0);
    }

    @Test
    void aKeyAnotherWriterStoresMeanwhileIsRetriedIntoADuplicate() throws SQLException {
        // Another node commits "b" after this batch looked for existing keys and before it inserts them.
        AtomicBoolean interfere = new AtomicBoolean(true);
        DataSource racing = beforeStatement(dataSource, sql -> {
            if (sql.startsWith("INSERT INTO interactions") && interfere.getAndSet(false)) {
                insertDirectly(post("feeds", "b", T0));
            }
        });
        JdbcInteractionStore store = new JdbcInteractionStore(new ParleyDatabase(racing, clock));

        StoreResult result = store.store(batch("feeds", null,
                List.of(post("feeds", "a", T0), post("feeds", "b", T0), post("feeds", "c", T0)), List.of(), "c1"));

        assertThat(interfere).isFalse();
        assertThat(result.stored()).containsExactly(key("feeds", "a"), key("feeds", "c"));
        assertThat(result.duplicates()).containsExactly(key("feeds", "b"));
        assertThat(interactions.count()).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM crm_outbox")).isEqualTo(2);
        assertThat(channels.state("feeds", null).orElseThrow().cursor()).isEqualTo("c1");
    }

    @Test
    void concurrentBatchesWithOverlappingKeysStoreEveryKeyExactlyOnce() throws Exception {
        int threads = 4;
        List<Interaction> all = IntStream.range(0, 400)
                .mapToObj(i -> withAuthor(post("feeds", "id-" + i, T0.plusSeconds(i)), "author-" + (i % 7)))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<InteractionKey>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Interaction> mine = new ArrayList<>(all);
                Collections.shuffle(mine, new Random(t));
                Callable<List<InteractionKey>> writer = () -> {
                    start.await();
                    List<InteractionKey> stored = new ArrayList<>();
                    for (int from = 0; from < mine.size(); from += 25) {
                        stored.addAll(interactions.store(batch("feeds", null, mine.subList(from, from + 25), List.of(),
                                "cursor")).stored());
                    }
                    return stored;
                };
                results.add(pool.submit(writer));
            }
            start.countDown();
            List<InteractionKey> storedByAll = new ArrayList<>();
            for (Future<List<InteractionKey>> result : results) {
                storedByAll.addAll(result.get(2, TimeUnit.MINUTES));
            }
            assertThat(storedByAll).hasSize(all.size())
                    .containsExactlyInAnyOrderElementsOf(all.stream().map(Interaction::key).toList());
        } finally {
            pool.shutdownNow();
            // No writer may outlive this test and write into the next one.
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(interactions.count()).isEqualTo(all.size());
        assertThat(count("SELECT COUNT(*) FROM crm_outbox")).isEqualTo(all.size());
        assertThat(count("SELECT COUNT(*) FROM identities")).isEqualTo(7);
    }

    @Test
    void existingFindsStoredKeysAcrossChannelsAndManyChunks() {
        List<Interaction> stored = IntStream.range(0, 1200).mapToObj(i -> post(i % 2 == 0 ? "feeds" : "mastodon", "x" + i, T0))
                .toList();
        interactions.store(batch("feeds", null, stored, List.of(), null));

        List<InteractionKey> asked = new ArrayList<>(stored.stream().map(Interaction::key).toList());
        asked.add(key("feeds", "missing"));
        asked.add(key("bluesky", "x0"));
        Set<InteractionKey> existing = interactions.existing(asked);

        assertThat(existing).hasSize(1200).doesNotContain(key("feeds", "missing"), key("bluesky", "x0"));
        assertThat(interactions.existing(List.of())).isEmpty();
    }

    // ---- reading ----

    @Test
    void interactionsComeBackExactlyAsStoredInEveryLanguage() throws SQLException {
        List<Interaction> originals = List.of(
                full("zh", "你好，世界！我们的新产品什么时候上市？🎉", "zh-CN"),
                full("id", "Terima kasih atas bantuannya, pesanan saya sudah sampai.", "id"),
                full("nl", "Dank je wel! Eén café, twee croissants — lekker.", "nl"),
                full("es", "¿Dónde está mi pedido? ¡Llevo tres días esperando! Señor Muñoz", "es"),
                full("xss", "<script>alert('x')</script> & \"quotes\" \\ back\nslash\ttab", null));
        interactions.store(batch("mastodon", "brand", originals, List.of(), null));

        for (Interaction original : originals) {
            assertThat(interactions.find(original.key())).contains(original);
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT content FROM interactions WHERE external_id = ?")) {
            ps.setString(1, "xss");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("<script>alert('x')</script> & \"quotes\" \\ back\nslash\ttab");
            }
        }
        assertThat(interactions.find(key("mastodon", "nothing"))).isEmpty();
    }

    @Test
    void queriesListNewestFirstWithFilters() {
        interactions.store(batch("feeds", null, List.of(
                withAuthor(post("feeds", "old", T0), "alice"),
                withAuthor(post("feeds", "new", T0.plusSeconds(60)), "bob"),
                withAuthor(post("feeds", "tie-1", T0.plusSeconds(30)), "alice")), List.of(), null));
        interactions.store(batch("feeds", null, List.of(
                withAuthor(post("feeds", "tie-2", T0.plusSeconds(30)), "alice")), List.of(), null));
        interactions.store(batch("mastodon", "brand", List.of(
                withAccount(withAuthor(post("mastodon", "m1", T0.plusSeconds(10)), "alice"), "brand"),
                withAccount(withAuthor(post("mastodon", "m2", T0.plusSeconds(20)), "carol"), "other")), List.of(), null));

        assertThat(ids(InteractionQuery.latest(10))).containsExactly("new", "tie-2", "tie-1", "m2", "m1", "old");
        assertThat(ids(InteractionQuery.latest(2))).containsExactly("new", "tie-2");
        assertThat(ids(new InteractionQuery("feeds", null, null, 10))).containsExactly("new", "tie-2", "tie-1", "old");
        assertThat(ids(new InteractionQuery("mastodon", "brand", null, 10))).containsExactly("m1");
        assertThat(ids(new InteractionQuery(null, null, "alice", 10))).containsExactly("tie-2", "tie-1", "m1", "old");
        assertThat(ids(new InteractionQuery("feeds", null, "alice", 1))).containsExactly("tie-2");
        assertThat(ids(new InteractionQuery("bluesky", null, null, 10))).isEmpty();
    }

    @Test
    void identitiesAreUpsertedAsInteractionsArrive() throws SQLException {
        interactions.store(batch("feeds", null, List.of(
                by("1", T0.plusSeconds(100), new SocialIdentity("feeds", "alice", "Alice", null, null, null))),
                List.of(), null));
        Interaction newer = by("2", T0.plusSeconds(200),
                new SocialIdentity("feeds", "alice", "Alice B.", "https://a.example", "a@example.com", null));
        Interaction older = by("3", T0, new SocialIdentity("feeds", "alice", "Al", null, null, null));
        interactions.store(batch("feeds", null, List.of(newer, older), List.of(), null));

        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT display_name, profile_url, email,"
                     + " first_seen_at, last_seen_at FROM identities WHERE channel = 'feeds' AND handle = 'alice'");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("display_name")).isEqualTo("Alice B.");
            assertThat(rs.getString("profile_url")).isEqualTo("https://a.example");
            assertThat(rs.getString("email")).isEqualTo("a@example.com");
            assertThat(Jdbc.getInstant(rs, "first_seen_at")).isEqualTo(T0);
            assertThat(Jdbc.getInstant(rs, "last_seen_at")).isEqualTo(T0.plusSeconds(200));
            assertThat(rs.next()).isFalse();
        }
    }

    // ---- channel state ----

    @Test
    void pollsAreRecordedPerChannelAccountWithTheirInteractionCounts() {
        Instant ok = T0.plusSeconds(10);
        Instant failed = T0.plusSeconds(20);
        channels.recordPoll("mastodon", "brand", ok, null);
        channels.recordPoll("mastodon", "brand", failed, "HTTP 503 from mastodon.social");
        channels.recordPoll("feeds", null, ok, null);
        channels.recordPoll("telegram", "support", failed, "x".repeat(5000));

        assertThat(channels.state("mastodon", "brand")).contains(
                new ChannelState("mastodon", "brand", null, failed, ok, "HTTP 503 from mastodon.social", failed, 0, null));
        assertThat(channels.state("feeds", null)).contains(new ChannelState("feeds", null, null, ok, ok, null, null, 0, null));
        assertThat(channels.state("telegram", "support").orElseThrow().lastError()).hasSize(ChannelStateRows.MAX_ERROR);
        assertThat(channels.state("feeds", "brand")).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        interactions.store(batch("feeds", null, List.of(post("feeds", "1", T0), post("feeds", "2", T0)), List.of(), "c"));
        interactions.store(batch("mastodon", "brand",
                List.of(withAccount(post("mastodon", "1", T0), "brand")), List.of(), null));
        Instant recovered = T0.plusSeconds(30);
        channels.recordPoll("mastodon", "brand", recovered, null);

        List<ChannelState> states = channels.states();
        assertThat(states).extracting(ChannelState::channel, ChannelState::account, ChannelState::interactions)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("feeds", null, 2L),
                        org.assertj.core.groups.Tuple.tuple("mastodon", "brand", 1L),
                        org.assertj.core.groups.Tuple.tuple("telegram", "support", 0L));
        ChannelState mastodon = states.get(1);
        assertThat(mastodon.lastSuccessAt()).isEqualTo(recovered);
        assertThat(mastodon.lastPollAt()).isEqualTo(recovered);
        // The last error stays for the record; lastSuccessAt after lastErrorAt says it recovered.
        assertThat(mastodon.lastErrorAt()).isEqualTo(failed);
        assertThat(states.get(0).cursor()).isEqualTo("c");
    }

    @Test
    void backfillProgressIsRecordedPerChannelAccountBesideItsPollsAndClipped() {
        channels.recordBackfill("mastodon", "brand", "running: 340 imported, back to 2026-11-02");
        // A backfill may start before the first poll: the state is there, with nothing polled yet.
        assertThat(channels.state("mastodon", "brand")).contains(new ChannelState("mastodon", "brand", null, null, null,
                null, null, 0, "running: 340 imported, back to 2026-11-02"));

        Instant polled = T0.plusSeconds(10);
        channels.recordPoll("mastodon", "brand", polled, null);
        Instant stored = clock.instant();
        interactions.store(batch("mastodon", "brand",
                List.of(withAccount(post("mastodon", "1", T0), "brand")), List.of(), "c7"));
        assertThat(channels.state("mastodon", "brand").orElseThrow().backfill())
                .isEqualTo("running: 340 imported, back to 2026-11-02");
        channels.recordBackfill("mastodon", "brand", "done: 1200 imported");
        assertThat(channels.state("mastodon", "brand")).contains(new ChannelState("mastodon", "brand", "c7", stored,
                stored, null, null, 1, "done: 1200 imported"));

        channels.recordPoll("feeds", null, polled, null);
        // Clipped to the column, never between the halves of an emoji.
        String long1 = "x".repeat(ChannelStateRows.MAX_BACKFILL - 1) + "🎉 and more";
        channels.recordBackfill("telegram", null, long1);
        assertThat(channels.state("telegram", null).orElseThrow().backfill())
                .isEqualTo("x".repeat(ChannelStateRows.MAX_BACKFILL - 1));
        channels.recordBackfill("telegram", null, "é".repeat(600));
        assertThat(channels.state("telegram", null).orElseThrow().backfill())
                .isEqualTo("é".repeat(ChannelStateRows.MAX_BACKFILL));

        assertThat(channels.states()).extracting(ChannelState::channel, ChannelState::account, ChannelState::backfill)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("feeds", null, null),
                        org.assertj.core.groups.Tuple.tuple("mastodon", "brand", "done: 1200 imported"),
                        org.assertj.core.groups.Tuple.tuple("telegram", null, "é".repeat(ChannelStateRows.MAX_BACKFILL)));
        channels.recordBackfill("mastodon", "brand", null);
        assertThat(channels.state("mastodon", "brand").orElseThrow().backfill()).isNull();
        assertThatThrownBy(() -> channels.recordBackfill(null, "brand", "x")).isInstanceOf(NullPointerException.class);
    }

    // ---- dead letters ----

    @Test
    void deadLettersGoThroughTheirLifecycle() {
        long first = deadLetters.add(new DeadLetter.New("feeds", null, "occurredAt is missing", "<item>1</item>", "direct:feeds"));
        clock.advance(Duration.ofSeconds(1));
        long second = deadLetters.add(new DeadLetter.New("mastodon", "brand", "kind is missing", "{\"id\":2}", "direct:mastodon"));
        Instant thirdAt = clock.advance(Duration.ofSeconds(1));
        long third = deadLetters.add(new DeadLetter.New("feeds", null, "text is empty", "<item>3</item>", "direct:feeds"));

        assertThat(deadLetters.countPending()).isEqualTo(3);
        assertThat(deadLetters.list(null, false, 10)).extracting(DeadLetter::id).containsExactly(third, second, first);
        assertThat(deadLetters.list("feeds", false, 10)).extracting(DeadLetter::id).containsExactly(third, first);
        assertThat(deadLetters.list(null, false, 1)).extracting(DeadLetter::id).containsExactly(third);
        assertThat(deadLetters.find(third)).contains(new DeadLetter(third, "feeds", null, "text is empty",
                "<item>3</item>", "direct:feeds", thirdAt, 1, null));

        deadLetters.recordFailedReplay(first, "occurredAt 'yesterday' is not an ISO-8601 instant");
        DeadLetter refused = deadLetters.find(first).orElseThrow();
        assertThat(refused.attempts()).isEqualTo(2);
        assertThat(refused.reason()).isEqualTo("occurredAt 'yesterday' is not an ISO-8601 instant");
        assertThat(refused.pending()).isTrue();

        Instant replayedAt = T0.plusSeconds(3600);
        deadLetters.markReplayed(first, replayedAt);
        assertThat(deadLetters.find(first).orElseThrow().replayedAt()).isEqualTo(replayedAt);
        assertThat(deadLetters.countPending()).isEqualTo(2);
        assertThat(deadLetters.list("feeds", false, 10)).extracting(DeadLetter::id).containsExactly(third);
        assertThat(deadLetters.list("feeds", true, 10)).extracting(DeadLetter::id).containsExactly(third, first);

        assertThat(deadLetters.find(-1)).isEmpty();
        assertThatThrownBy(() -> deadLetters.markReplayed(-1, replayedAt)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no dead letter -1");
        assertThatThrownBy(() -> deadLetters.list(null, true, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPayloadRefusedAgainAtEveryReadIsOnePendingDeadLetterUntilReplayed() {
        DeadLetter.New malformed = new DeadLetter.New("feeds", "acme", "occurredAt is missing", "<item>7</item>", "direct:feeds-acme");
        StoreResult first = interactions.store(new IngestBatch("feeds", "acme", List.of(), List.of(malformed, malformed), "c1"));
        StoreResult again = interactions.store(new IngestBatch("feeds", "acme", List.of(),
                List.of(new DeadLetter.New("feeds", "acme", "occurredAt 'x' is not an instant", "<item>7</item>", "direct:feeds-acme")), "c2"));

        assertThat(first.deadLetters()).hasSize(2).containsOnly(first.deadLetters().get(0));
        assertThat(again.deadLetters()).containsExactly(first.deadLetters().get(0));
        assertThat(deadLetters.countPending()).isEqualTo(1);
        assertThat(deadLetters.find(first.deadLetters().get(0)).orElseThrow().reason()).isEqualTo("occurredAt 'x' is not an instant");

        // The same payload from another account, or to another replay endpoint, is another dead letter.
        deadLetters.add(new DeadLetter.New("feeds", "other", "occurredAt is missing", "<item>7</item>", "direct:feeds-acme"));
        deadLetters.add(new DeadLetter.New("feeds", "acme", "occurredAt is missing", "<item>7</item>", "direct:elsewhere"));
        assertThat(deadLetters.countPending()).isEqualTo(3);

        // Once replayed, a new refusal of the same payload is a new dead letter: it came again after the fix.
        deadLetters.markReplayed(first.deadLetters().get(0), T0);
        long later = deadLetters.add(malformed);
        assertThat(later).isNotEqualTo(first.deadLetters().get(0));
        assertThat(deadLetters.countPending()).isEqualTo(3);
    }

    // ---- identity links ----

    @Test
    void linksAreUpsertedUnlinkedAndListedPerRecordWithWhatTheChannelsTold() throws SQLException {
        SocialIdentity alice = new SocialIdentity("mastodon", "alice", "Alice", "https://m.example/@alice",
                "alice@example.com", "+31 6 1111 2222");
        interactions.store(batch("mastodon", null, List.of(by("m1", T0, alice)), List.of(), null));
        ContactRef contact7 = ContactRef.contact("7", ContactRef.Method.EMAIL, 0.95);
        ContactRef lead9 = ContactRef.lead("9", ContactRef.Method.HANDLE, 0.5);

        assertThat(links.linkOf("mastodon", "alice")).isEmpty();
        links.link("mastodon", "alice", lead9, "auto");
        Instant relinkedAt = clock.advance(Duration.ofMinutes(1));
        links.link("mastodon", "alice", contact7, "user:jane");
        // Linked by hand before any of its interactions arrived: listed with its key only.
        links.link("telegram", "zed", contact7, "user:jane");
        links.link("feeds", "bob", lead9, "auto");

        assertThat(links.linkOf("mastodon", "alice")).contains(contact7);
        assertThat(count("SELECT COUNT(*) FROM identity_links WHERE channel = 'mastodon' AND handle = 'alice'")).isEqualTo(1);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT linked_by, linked_at FROM identity_links"
                     + " WHERE channel = 'mastodon' AND handle = 'alice'");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("linked_by")).isEqualTo("user:jane");
            assertThat(Jdbc.getInstant(rs, "linked_at")).isEqualTo(relinkedAt);
        }
        assertThat(links.identitiesOf(contact7)).containsExactly(alice, new SocialIdentity("telegram", "zed", null, null, null, null));
        assertThat(links.identitiesOf(ContactRef.lead("9", ContactRef.Method.MANUAL, 1))).containsExactly(
                new SocialIdentity("feeds", "bob", null, null, null, null));
        assertThat(links.identitiesOf(ContactRef.contact("9", ContactRef.Method.MANUAL, 1))).isEmpty();

        links.unlink("mastodon", "alice");
        links.unlink("mastodon", "nobody");
        assertThat(links.linkOf("mastodon", "alice")).isEmpty();
        assertThat(links.identitiesOf(contact7)).extracting(SocialIdentity::handle).containsExactly("zed");
        assertThatThrownBy(() -> links.link("mastodon", null, contact7, "auto")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> links.link("mastodon", "alice", new ContactRef("Contacts", null, ContactRef.Method.EMAIL, 1), "auto"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a type, an id and a method");
    }

    @Test
    void reviewsQueueOncePerIdentityAndResolveIntoAManualLinkThatWakesTheWaitingRows() throws SQLException {
        SocialIdentity bob = new SocialIdentity("mastodon", "bob", "Bob", "https://m.example/@bob", "bob@example.com", null);
        SocialIdentity carol = SocialIdentity.of("feeds", "carol", "Carol");
        SocialIdentity alice = SocialIdentity.of("mastodon", "alice", "Alice");
        ContactRef contact7 = ContactRef.contact("7", ContactRef.Method.EMAIL, 0.9);
        ContactRef contact8 = ContactRef.contact("8", ContactRef.Method.EMAIL, 0.9);
        ContactRef lead9 = ContactRef.lead("9", ContactRef.Method.HANDLE, 0.6);

        Instant bobAt = clock.instant();
        long bobReview = links.queueReview(bob, List.of(contact7, contact8));
        Instant carolAt = clock.advance(Duration.ofMinutes(1));
        long carolReview = links.queueReview(carol, List.of(contact7, lead9));
        clock.advance(Duration.ofMinutes(1));
        // Queued again: the same review with the new candidates and details, still waiting since it was first queued.
        SocialIdentity bobNow = new SocialIdentity("mastodon", "bob", "Bob B.", null, "bob@example.com", "+31 6 3333 4444");
        assertThat(links.queueReview(bobNow, List.of(contact8, lead9))).isEqualTo(bobReview);

        IdentityLinks.Review bobOpen = new IdentityLinks.Review(bobReview, bobNow, List.of(contact8, lead9), bobAt,
                IdentityLinks.ReviewStatus.OPEN);
        IdentityLinks.Review carolOpen = new IdentityLinks.Review(carolReview, carol, List.of(contact7, lead9), carolAt,
                IdentityLinks.ReviewStatus.OPEN);
        assertThat(links.openReviews(10)).containsExactly(bobOpen, carolOpen);
        assertThat(links.openReviews(1)).containsExactly(bobOpen);
        assertThat(links.review(carolReview)).contains(carolOpen);
        assertThat(links.review(-1)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM link_reviews")).isEqualTo(2);

        // Bob's writes wait for the review; Alice's for something else.
        interactions.store(batch("mastodon", null, List.of(by("b1", T0, bob), by("b2", T0, bob), by("a1", T0, alice)),
                List.of(), null));
        for (CrmOutbox.Entry entry : outbox.claimDue(10, clock.instant(), Duration.ofMinutes(5))) {
            outbox.await(entry.id(), "waiting for a person to choose the CRM record");
        }
        Map<String, Long> rows = outboxIds();

        Instant resolvedAt = clock.advance(Duration.ofMinutes(1));
        links.resolveReview(bobReview, contact8, "user:jane");

        assertThat(links.linkOf("mastodon", "bob")).contains(new ContactRef("Contacts", "8", ContactRef.Method.MANUAL, 1.0));
        assertThat(outboxRow(rows.get("b1"))).isEqualTo(new OutboxRow("PENDING", 1, resolvedAt, null, null, null));
        assertThat(outboxRow(rows.get("b2"))).isEqualTo(new OutboxRow("PENDING", 1, resolvedAt, null, null, null));
        assertThat(outboxRow(rows.get("a1")).status()).isEqualTo("WAITING");
        assertThat(links.openReviews(10)).containsExactly(carolOpen);
        // Closed reviews stay for the record, with their status.
        assertThat(links.review(bobReview)).contains(new IdentityLinks.Review(bobReview, bobNow, List.of(contact8, lead9),
                bobAt, IdentityLinks.ReviewStatus.RESOLVED));
        assertReviewRow(bobReview, "RESOLVED", "user:jane", resolvedAt, "Contacts", "8");

        assertThatThrownBy(() -> links.resolveReview(bobReview, contact7, "user:joe"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("link review " + bobReview + " is RESOLVED, not OPEN: it cannot be resolved again");
        assertThatThrownBy(() -> links.resolveReview(-1, contact7, "user:joe"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("there is no link review -1");
        assertThat(links.linkOf("mastodon", "bob")).contains(new ContactRef("Contacts", "8", ContactRef.Method.MANUAL, 1.0));

        Instant rejectedAt = clock.advance(Duration.ofMinutes(1));
        links.resolveReview(carolReview, null, "user:jane");
        assertThat(links.linkOf("feeds", "carol")).isEmpty();
        assertThat(links.openReviews(10)).isEmpty();
        assertReviewRow(carolReview, "REJECTED", "user:jane", rejectedAt, null, null);
        assertThat(links.review(carolReview)).get().extracting(IdentityLinks.Review::status)
                .isEqualTo(IdentityLinks.ReviewStatus.REJECTED);
        assertThatThrownBy(() -> links.resolveReview(carolReview, null, "user:jane"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is REJECTED, not OPEN");

        // Once closed, queueing the identity again opens a new review.
        long again = links.queueReview(carol, List.of(lead9));
        assertThat(again).isNotEqualTo(carolReview);
        assertThat(links.openReviews(10)).extracting(IdentityLinks.Review::id).containsExactly(again);
        assertThatThrownBy(() -> links.queueReview(carol, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentQueueingOfOneIdentityKeepsOneOpenReview() throws Exception {
        SocialIdentity dave = SocialIdentity.of("mastodon", "dave", "Dave");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Set<Long>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                ContactRef candidate = ContactRef.contact("c" + t, ContactRef.Method.EMAIL, 0.9);
                results.add(pool.submit(() -> {
                    start.await();
                    Set<Long> ids = new java.util.HashSet<>();
                    for (int i = 0; i < 10; i++) {
                        ids.add(links.queueReview(dave, List.of(candidate)));
                    }
                    return ids;
                }));
            }
            start.countDown();
            Set<Long> ids = new java.util.HashSet<>();
            for (Future<Set<Long>> result : results) {
                ids.addAll(result.get(1, TimeUnit.MINUTES));
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(count("SELECT COUNT(*) FROM link_reviews")).isEqualTo(1);
        assertThat(links.openReviews(10)).singleElement().satisfies(r -> assertThat(r.candidates()).hasSize(1));
    }

    @Test
    void interactionCountAndTagsAreThoseOfTheIdentitysOwnInteractions() throws SQLException {
        SocialIdentity alice = SocialIdentity.of("mastodon", "alice", "Alice");
        interactions.store(batch("mastodon", null, List.of(by("m1", T0, alice), by("m2", T0, alice), by("m3", T0, alice),
                by("b1", T0, SocialIdentity.of("mastodon", "bob", "Bob"))), List.of(), null));
        interactions.store(batch("feeds", null, List.of(by("f1", T0, SocialIdentity.of("feeds", "alice", "Alice"))),
                List.of(), null));
        tag("mastodon", "m1", "prospect");
        tag("mastodon", "m1", "vip");
        tag("mastodon", "m2", "prospect");
        tag("mastodon", "b1", "complaint");
        tag("feeds", "f1", "newsletter");

        assertThat(links.interactionCount("mastodon", "alice")).isEqualTo(3);
        assertThat(links.interactionCount("feeds", "alice")).isEqualTo(1);
        assertThat(links.interactionCount("mastodon", "nobody")).isZero();
        assertThat(links.tagsOf("mastodon", "alice")).containsExactly("prospect", "vip");
        assertThat(links.tagsOf("feeds", "alice")).containsExactly("newsletter");
        assertThat(links.tagsOf("mastodon", "nobody")).isEmpty();
        // The identity look-ups filter on the handle: the author index leads with it (one index serves listing and
        // look-ups; a second one cost every ingested interaction another index write).
        assertThat(indexColumns("interactions", "ix_interactions_author")).startsWith("author_handle");
        assertThat(indexColumns("interactions", "ix_interactions_identity")).isEmpty();
    }

    // ---- CRM outbox ----

    @Test
    void aClaimHidesItsRowsUntilTheLeaseEndsAndReadsTheInteractionsBackWhole() throws SQLException {
        Interaction first = full("c1", "你好，世界！🎉", "zh-CN");
        Interaction second = full("c2", "Eén café — lekker.", "nl");
        Interaction third = full("c3", "<script>alert('x')</script>", null);
        Instant firstAt = clock.instant();
        interactions.store(batch("mastodon", "brand", List.of(first), List.of(), null));
        Instant secondAt = clock.advance(Duration.ofSeconds(1));
        interactions.store(batch("mastodon", "brand", List.of(second), List.of(), null));
        Instant thirdAt = clock.advance(Duration.ofSeconds(1));
        interactions.store(batch("mastodon", "brand", List.of(third), List.of(), null));
        Instant now = clock.instant();
        Duration lease = Duration.ofMinutes(5);

        List<CrmOutbox.Entry> claimed = outbox.claimDue(2, now, lease);
        assertThat(claimed).extracting(CrmOutbox.Entry::interaction).containsExactly(first, second);
        assertThat(claimed).extracting(CrmOutbox.Entry::attempts).containsExactly(1, 1);
        assertThat(claimed).extracting(CrmOutbox.Entry::createdAt).containsExactly(firstAt, secondAt);
        assertThat(outboxRow(claimed.get(0).id())).isEqualTo(new OutboxRow("PENDING", 1, now.plus(lease), null, null, null));

        List<CrmOutbox.Entry> rest = outbox.claimDue(10, now, lease);
        assertThat(rest).extracting(CrmOutbox.Entry::interaction).containsExactly(third);
        assertThat(rest.get(0).createdAt()).isEqualTo(thirdAt);
        assertThat(outbox.claimDue(10, now, lease)).isEmpty();
        assertThat(outbox.claimDue(10, now.plus(lease).minusMillis(1), lease)).isEmpty();

        // The worker died: when its lease runs out, the rows are due again, oldest first, the attempt counted.
        List<CrmOutbox.Entry> again = outbox.claimDue(10, now.plus(lease), lease);
        assertThat(again).extracting(CrmOutbox.Entry::interaction).containsExactly(first, second, third);
        assertThat(again).extracting(CrmOutbox.Entry::attempts).containsExactly(2, 2, 2);
        assertThat(again).extracting(CrmOutbox.Entry::id)
                .containsExactly(claimed.get(0).id(), claimed.get(1).id(), rest.get(0).id());

        assertThatThrownBy(() -> outbox.claimDue(0, now, lease)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> outbox.claimDue(1, now, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outboxRowsMoveThroughDoneRetryAwaitWakeFailAndRequeueAndAreCounted() throws SQLException {
        SocialIdentity alice = SocialIdentity.of("mastodon", "alice", "Alice");
        SocialIdentity bob = SocialIdentity.of("mastodon", "bob", "Bob");
        Interaction a2 = withAccount(by("a2", T0, alice), "brand").withRaw("{\"id\":\"a2\"}");
        Instant created = clock.instant();
        interactions.store(batch("mastodon", "brand", List.of(by("a1", T0, alice), a2, by("a3", T0, alice),
                by("b1", T0, bob)), List.of(), null));
        Map<String, Long> rows = outboxIds();
        assertThat(outbox.stats(created)).isEqualTo(new CrmOutbox.Stats(4, 0, 0, Duration.ZERO, null));
        Duration lease = Duration.ofMinutes(5);
        assertThat(outbox.claimDue(10, created, lease)).hasSize(4);

        Instant now = clock.advance(Duration.ofMinutes(1));
        outbox.done(rows.get("a1"), "note-1", now);
        outbox.retryAt(rows.get("a2"), now.plusSeconds(30), "HTTP 503 from the CRM");
        outbox.await(rows.get("a3"), "2 candidates: waiting for a person");
        outbox.await(rows.get("b1"), "lead policy: 1 of 3 interactions");

        assertThat(outboxRow(rows.get("a1"))).isEqualTo(new OutboxRow("DONE", 1, created.plus(lease), null, null, "note-1"));
        assertThat(outboxRow(rows.get("a2"))).isEqualTo(new OutboxRow("PENDING", 1, now.plusSeconds(30), "HTTP 503 from the CRM", null, null));
        assertThat(outboxRow(rows.get("a3"))).isEqualTo(new OutboxRow("WAITING", 1, created.plus(lease), null, "2 candidates: waiting for a person", null));
        assertThat(doneAt(rows.get("a1"))).isEqualTo(now);
        assertThat(outbox.stats(now)).isEqualTo(new CrmOutbox.Stats(1, 2, 0, Duration.ofMinutes(1), "HTTP 503 from the CRM"));

        // A retry waits for its time; WAITING rows are never claimed.
        assertThat(outbox.claimDue(10, now.plus(lease), lease)).extracting(CrmOutbox.Entry::id).containsExactly(rows.get("a2"));

        Instant failedAt = clock.advance(Duration.ofMinutes(1));
        outbox.fail(rows.get("a2"), "the CRM refuses the note: description is too long");
        assertThat(outboxRow(rows.get("a2"))).isEqualTo(new OutboxRow("FAILED", 2, now.plus(lease).plus(lease),
                "the CRM refuses the note: description is too long", null, null));
        List<DeadLetter> letters = deadLetters.list(null, false, 10);
        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.get(0);
        assertThat(letter).isEqualTo(new DeadLetter(letter.id(), "mastodon", "brand",
                "the CRM refuses the note: description is too long", letter.payload(),
                "parley:outbox?id=" + rows.get("a2"), failedAt, 1, null));
        assertThat(new InteractionJson().read(letter.payload())).isEqualTo(a2);

        Instant wokenAt = clock.advance(Duration.ofMinutes(1));
        assertThat(outbox.wake("mastodon", "alice")).isEqualTo(1);
        assertThat(outbox.wake("mastodon", "alice")).isZero();
        assertThat(outboxRow(rows.get("a3"))).isEqualTo(new OutboxRow("PENDING", 1, wokenAt, null, null, null));
        assertThat(outboxRow(rows.get("b1")).status()).isEqualTo("WAITING");
        assertThat(outbox.stats(wokenAt)).isEqualTo(new CrmOutbox.Stats(1, 1, 1, Duration.ofMinutes(3),
                "the CRM refuses the note: description is too long"));

        // Resync: every row of Alice's that is not PENDING already is due again, its attempts kept.
        Instant requeuedAt = clock.advance(Duration.ofMinutes(1));
        assertThat(outbox.requeue(List.of(alice, SocialIdentity.of("feeds", "alice", "Alice")))).isEqualTo(2);
        assertThat(outboxRow(rows.get("a1"))).isEqualTo(new OutboxRow("PENDING", 1, requeuedAt, null, null, "note-1"));
        assertThat(outboxRow(rows.get("a2"))).isEqualTo(new OutboxRow("PENDING", 2, requeuedAt,
                "the CRM refuses the note: description is too long", null, null));
        assertThat(outboxRow(rows.get("a3"))).isEqualTo(new OutboxRow("PENDING", 1, wokenAt, null, null, null));
        assertThat(outboxRow(rows.get("b1")).status()).isEqualTo("WAITING");
        assertThat(outbox.requeue(List.of())).isZero();
        assertThat(outbox.stats(requeuedAt)).isEqualTo(new CrmOutbox.Stats(3, 1, 0, Duration.ofMinutes(4),
                "the CRM refuses the note: description is too long"));
    }

    @Test
    void aWorkerWhoseLeaseRanOutCannotUndoWhatAnotherFinished() throws SQLException {
        interactions.store(batch("feeds", null, List.of(post("feeds", "1", T0)), List.of(), null));
        Instant now = clock.instant();
        long id = outbox.claimDue(1, now, Duration.ofMinutes(1)).get(0).id();
        // The first worker's lease ran out; a second one claims the row and writes it.
        assertThat(outbox.claimDue(1, now.plus(Duration.ofMinutes(1)), Duration.ofMinutes(1))).hasSize(1);
        outbox.done(id, "note-2", now);

        outbox.retryAt(id, now.plusSeconds(60), "timeout");
        outbox.await(id, "late");
        outbox.fail(id, "late");
        outbox.done(id, "note-1", now.plusSeconds(1));
        assertThat(outboxRow(id)).isEqualTo(new OutboxRow("DONE", 2, now.plus(Duration.ofMinutes(2)), null, null, "note-2"));
        assertThat(deadLetters.countPending()).isZero();

        assertThatThrownBy(() -> outbox.done(-1, "x", now)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("there is no CRM outbox row -1");
        assertThatThrownBy(() -> outbox.fail(-1, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentWorkersClaimEveryRowOnceAndCompleteItExactlyOnce() throws Exception {
        int rows = 1000;
        int workers = 4;
        for (int from = 0; from < rows; from += 250) {
            interactions.store(batch("feeds", null, IntStream.range(from, from + 250)
                    .mapToObj(i -> post("feeds", "row-" + i, T0.plusSeconds(i))).toList(), List.of(), null));
        }
        Instant now = clock.instant();
        Map<Long, String> holders = new ConcurrentHashMap<>();
        Map<Long, Integer> claims = new ConcurrentHashMap<>();
        Map<Long, Integer> completions = new ConcurrentHashMap<>();
        List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String worker = "worker-" + w;
                done.add(pool.submit(() -> {
                    start.await();
                    int mine = 0;
                    for (List<CrmOutbox.Entry> batch = outbox.claimDue(7, now, Duration.ofHours(1)); !batch.isEmpty();
                         batch = outbox.claimDue(7, now, Duration.ofHours(1))) {
                        for (CrmOutbox.Entry entry : batch) {
                            String other = holders.putIfAbsent(entry.id(), worker);
                            if (other != null) {
                                overlaps.add(entry.id() + " claimed by " + worker + " while " + other + " held it");
                            }
                            claims.merge(entry.id(), 1, Integer::sum);
                        }
                        for (CrmOutbox.Entry entry : batch) {
                            holders.remove(entry.id(), worker);
                            outbox.done(entry.id(), "note-" + entry.interaction().externalId(), now);
                            completions.merge(entry.id(), 1, Integer::sum);
                            mine++;
                        }
                    }
                    return mine;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : done) {
                total += result.get(2, TimeUnit.MINUTES);
            }
            assertThat(total).isEqualTo(rows);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(overlaps).isEmpty();
        assertThat(claims).hasSize(rows).allSatisfy((id, n) -> assertThat(n).as("claims of row " + id).isEqualTo(1));
        assertThat(completions).hasSize(rows).allSatisfy((id, n) -> assertThat(n).as("completions of " + id).isEqualTo(1));
        assertThat(count("SELECT COUNT(*) FROM crm_outbox WHERE status = 'DONE' AND attempts = 1")).isEqualTo(rows);
        assertThat(count("SELECT COUNT(*) FROM crm_outbox o JOIN interactions i ON i.id = o.interaction_id"
                + " WHERE o.crm_id <> CONCAT('note-', i.external_id)")).isZero();
        assertThat(outbox.stats(now)).isEqualTo(new CrmOutbox.Stats(0, 0, 0, Duration.ZERO, null));
    }

    // ---- rejected candidates, requeue of one row, person tags ----

    @Test
    void candidatesRejectedHoldsAfterARejectionUntilTheIdentityIsLinkedOrALaterReviewSaysOtherwise() {
        SocialIdentity dan = SocialIdentity.of("mastodon", "dan", "Dan");
        SocialIdentity eve = SocialIdentity.of("feeds", "eve", "Eve");
        ContactRef contact7 = ContactRef.contact("7", ContactRef.Method.EMAIL, 0.9);
        ContactRef contact8 = ContactRef.contact("8", ContactRef.Method.HANDLE, 0.8);

        assertThat(links.candidatesRejected("mastodon", "dan")).as("never reviewed").isFalse();
        long first = links.queueReview(dan, List.of(contact7, contact8));
        assertThat(links.candidatesRejected("mastodon", "dan")).as("open").isFalse();
        links.resolveReview(first, null, "user:jane");
        assertThat(links.candidatesRejected("mastodon", "dan")).isTrue();
        assertThat(links.candidatesRejected("feeds", "dan")).as("another identity").isFalse();
        assertThat(links.review(first)).get().extracting(IdentityLinks.Review::status)
                .isEqualTo(IdentityLinks.ReviewStatus.REJECTED);

        // Queued again (by hand, say): the latest review is open, then rejected again.
        long second = links.queueReview(dan, List.of(contact7, contact8));
        assertThat(second).isNotEqualTo(first);
        assertThat(links.candidatesRejected("mastodon", "dan")).isFalse();
        links.resolveReview(second, null, "user:jane");
        assertThat(links.candidatesRejected("mastodon", "dan")).isTrue();

        // Linked later (a lead under the policy, or by hand): no longer rejected, not even once unlinked again.
        clock.advance(Duration.ofMinutes(1));
        links.link("mastodon", "dan", ContactRef.lead("l-1", ContactRef.Method.LEAD_CREATED, 1.0), "auto");
        assertThat(links.candidatesRejected("mastodon", "dan")).isFalse();
        links.unlink("mastodon", "dan");
        assertThat(links.candidatesRejected("mastodon", "dan")).isFalse();

        // A later review resolved to a record.
        long rejected = links.queueReview(eve, List.of(contact7, contact8));
        links.resolveReview(rejected, null, "user:jane");
        assertThat(links.candidatesRejected("feeds", "eve")).isTrue();
        long resolved = links.queueReview(eve, List.of(contact7, contact8));
        links.resolveReview(resolved, contact8, "user:jane");
        assertThat(links.candidatesRejected("feeds", "eve")).isFalse();
        assertThat(links.review(resolved)).get().extracting(IdentityLinks.Review::status)
                .isEqualTo(IdentityLinks.ReviewStatus.RESOLVED);
        assertThat(links.review(rejected)).get().extracting(IdentityLinks.Review::status)
                .isEqualTo(IdentityLinks.ReviewStatus.REJECTED);
        assertThatThrownBy(() -> links.candidatesRejected("feeds", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requeueOfOneRowPutsItBackDueNowWhateverItsStatus() throws SQLException {
        interactions.store(batch("feeds", null, List.of(post("feeds", "1", T0), post("feeds", "2", T0)), List.of(), null));
        Map<String, Long> rows = outboxIds();
        Instant now = clock.instant();
        Duration lease = Duration.ofMinutes(5);
        assertThat(outbox.claimDue(10, now, lease)).hasSize(2);
        outbox.fail(rows.get("1"), "HTTP 422: refused");
        outbox.done(rows.get("2"), "note-2", now);
        assertThat(outbox.stats(now)).isEqualTo(new CrmOutbox.Stats(0, 0, 1, Duration.ZERO, "HTTP 422: refused"));
        assertThat(deadLetters.list(null, false, 10)).singleElement().extracting(DeadLetter::replayUri)
                .isEqualTo("parley:outbox?id=" + rows.get("1"));

        Instant replayedAt = clock.advance(Duration.ofMinutes(1));
        assertThat(outbox.requeue(rows.get("1"))).isTrue();
        assertThat(outboxRow(rows.get("1"))).isEqualTo(new OutboxRow("PENDING", 1, replayedAt, "HTTP 422: refused", null, null));
        assertThat(outbox.stats(replayedAt)).isEqualTo(new CrmOutbox.Stats(1, 0, 0, Duration.ofMinutes(1), "HTTP 422: refused"));
        List<CrmOutbox.Entry> again = outbox.claimDue(10, replayedAt, lease);
        assertThat(again).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(rows.get("1"));
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.interaction().externalId()).isEqualTo("1");
            assertThat(e.tagChange()).isNull();
        });
        outbox.done(rows.get("1"), "note-1", replayedAt);
        assertThat(outboxRow(rows.get("1")).status()).isEqualTo("DONE");

        // A DONE row too (written again: the connector's key look-up finds the first write).
        assertThat(outbox.requeue(rows.get("2"))).isTrue();
        assertThat(outboxRow(rows.get("2"))).isEqualTo(new OutboxRow("PENDING", 1, replayedAt, null, null, "note-2"));
        assertThat(outbox.requeue(-1)).isFalse();

        // A row a worker holds (PENDING with a lease) keeps its lease: requeue must not hand it to a second worker.
        List<CrmOutbox.Entry> held = outbox.claimDue(10, replayedAt, lease);
        assertThat(held).extracting(CrmOutbox.Entry::id).containsExactly(rows.get("2"));
        assertThat(outbox.requeue(rows.get("2"))).isTrue();
        assertThat(outbox.claimDue(10, replayedAt, lease)).isEmpty();
    }

    @Test
    void personTagsAreNormalisedIdempotentAndEachChangeWritesOneTagRow() throws SQLException {
        ContactRef contact7 = ContactRef.contact("7", ContactRef.Method.EMAIL, 0.9);
        ContactRef lead7 = ContactRef.lead("7", ContactRef.Method.LEAD_CREATED, 1.0);
        Instant taggedAt = clock.advance(Duration.ofMinutes(1));

        assertThat(personTags.add(contact7, "  VIP ", "user:jane")).isTrue();
        assertThat(personTags.add(contact7, "vip", "rule:r1")).as("already there").isFalse();
        assertThat(personTags.add(ContactRef.contact("7", ContactRef.Method.MANUAL, 1.0), "Vip", "user:joe"))
                .as("the same record, however it was matched").isFalse();
        Instant laterAt = clock.advance(Duration.ofMinutes(1));
        assertThat(personTags.add(contact7, "needs follow-up_2", "rule:r1")).isTrue();
        assertThat(personTags.tagsOf(contact7)).containsExactly(new org.parley.api.Tag("needs follow-up_2", "rule:r1", laterAt),
                new org.parley.api.Tag("vip", "user:jane", taggedAt));
        assertThat(personTags.tagsOf(lead7)).as("another record type").isEmpty();
        assertThat(tagRows()).containsExactly(new TagRow("Contacts", "7", "vip", true, "PENDING"),
                new TagRow("Contacts", "7", "needs follow-up_2", true, "PENDING"));

        assertThat(personTags.remove(contact7, "VIP", "user:jane")).isTrue();
        assertThat(personTags.remove(contact7, "vip", "user:jane")).as("gone already").isFalse();
        assertThat(personTags.remove(lead7, "needs follow-up_2", "user:jane")).as("not on the lead").isFalse();
        assertThat(personTags.tagsOf(contact7)).extracting(org.parley.api.Tag::name).containsExactly("needs follow-up_2");
        assertThat(tagRows()).containsExactly(new TagRow("Contacts", "7", "vip", true, "PENDING"),
                new TagRow("Contacts", "7", "needs follow-up_2", true, "PENDING"),
                new TagRow("Contacts", "7", "vip", false, "PENDING"));
        assertThat(count("SELECT COUNT(*) FROM crm_outbox WHERE interaction_id IS NOT NULL")).isZero();

        String longest = "x".repeat(64);
        assertThat(personTags.add(lead7, longest, "user:jane")).isTrue();
        for (String bad : new String[] {"", "   ", "x".repeat(65), "a/b", "vip!", "tab\there"}) {
            assertThatThrownBy(() -> personTags.add(lead7, bad, "user:jane")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag");
            assertThatThrownBy(() -> personTags.remove(lead7, bad, "user:jane")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> personTags.add(lead7, "a/b", "user:jane"))
                .hasMessage("tag 'a/b' may only contain letters, digits, '-', '_' and spaces");
        assertThatThrownBy(() -> personTags.add(lead7, "x".repeat(65), "user:jane"))
                .hasMessageContaining("is 65 characters long; at most 64 are allowed");
        assertThatThrownBy(() -> personTags.add(lead7, null, "user:jane")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> personTags.add(lead7, "ok", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> personTags.add(new ContactRef("Contacts", null, ContactRef.Method.EMAIL, 1), "ok", "user:jane"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tagRows()).hasSize(4);
        assertThat(count("SELECT COUNT(*) FROM contact_tags")).isEqualTo(2);
    }

    @Test
    void concurrentAddsOfOneTagStoreItOnceWithOneOutboxRow() throws Exception {
        ContactRef contact = ContactRef.contact("c-1", ContactRef.Method.EMAIL, 0.9);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String user = "user:u" + t;
                results.add(pool.submit(() -> {
                    start.await();
                    return personTags.add(contact, "prospect", user);
                }));
            }
            start.countDown();
            int added = 0;
            for (Future<Boolean> result : results) {
                added += result.get(1, TimeUnit.MINUTES) ? 1 : 0;
            }
            assertThat(added).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(tagRows()).containsExactly(new TagRow("Contacts", "c-1", "prospect", true, "PENDING"));
    }

    @Test
    void claimsReturnTagChangesWithHistoryRowsAndATagRowFailsIntoADeadLetterAndIsReplayed() throws SQLException {
        ContactRef contact7 = ContactRef.contact("7", ContactRef.Method.EMAIL, 0.9);
        ContactRef asMirrored = new ContactRef("Contacts", "7", ContactRef.Method.MANUAL, 1.0);
        Instant historyAt = clock.instant();
        interactions.store(batch("feeds", null, List.of(post("feeds", "1", T0)), List.of(), null));
        Instant addedAt = clock.advance(Duration.ofSeconds(1));
        personTags.add(contact7, "VIP", "user:jane");
        Instant removedAt = clock.advance(Duration.ofSeconds(1));
        personTags.remove(contact7, "vip", "user:jane");
        Instant now = clock.instant();
        assertThat(outbox.stats(now)).isEqualTo(new CrmOutbox.Stats(3, 0, 0, Duration.ofSeconds(2), null));

        Duration lease = Duration.ofMinutes(5);
        List<CrmOutbox.Entry> claimed = outbox.claimDue(10, now, lease);
        assertThat(claimed).extracting(CrmOutbox.Entry::createdAt).containsExactly(historyAt, addedAt, removedAt);
        assertThat(claimed.get(0).interaction().externalId()).isEqualTo("1");
        assertThat(claimed.get(0).tagChange()).isNull();
        assertThat(claimed.subList(1, 3)).extracting(CrmOutbox.Entry::interaction).containsOnlyNulls();
        assertThat(claimed.subList(1, 3)).extracting(CrmOutbox.Entry::tagChange).containsExactly(
                new CrmOutbox.TagChange(asMirrored, "vip", true), new CrmOutbox.TagChange(asMirrored, "vip", false));
        assertThat(claimed).extracting(CrmOutbox.Entry::attempts).containsExactly(1, 1, 1);
        assertThat(outbox.claimDue(10, now, lease)).isEmpty();

        long add = claimed.get(1).id();
        long remove = claimed.get(2).id();
        outbox.done(add, null, now);
        Instant failedAt = clock.advance(Duration.ofMinutes(1));
        outbox.fail(remove, "CRM refused: no such target list");
        assertThat(outboxRow(add)).isEqualTo(new OutboxRow("DONE", 1, now.plus(lease), null, null, null));
        assertThat(outboxRow(remove).status()).isEqualTo("FAILED");
        assertThat(outbox.stats(failedAt)).isEqualTo(new CrmOutbox.Stats(1, 0, 1, Duration.ofSeconds(62),
                "CRM refused: no such target list"));
        DeadLetter letter = deadLetters.list(null, false, 10).get(0);
        assertThat(letter).isEqualTo(new DeadLetter(letter.id(), "crm", null, "CRM refused: no such target list",
                "{\"kind\":\"TAG\",\"crmType\":\"Contacts\",\"crmId\":\"7\",\"tag\":\"vip\",\"member\":false}",
                "parley:outbox?id=" + remove, failedAt, 1, null));

        // Identity operations leave tag rows alone; the replay of the dead letter puts the row back.
        assertThat(outbox.requeue(List.of(SocialIdentity.of("feeds", "alice", "Alice")))).isZero();
        assertThat(outbox.requeue(remove)).isTrue();
        assertThat(outbox.claimDue(10, failedAt, lease)).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(remove);
            assertThat(e.tagChange()).isEqualTo(new CrmOutbox.TagChange(asMirrored, "vip", false));
            assertThat(e.attempts()).isEqualTo(2);
        });
    }

    /** What a test checks of a TAG outbox row. */
    record TagRow(String crmType, String crmRecordId, String tag, boolean member, String status) {
    }

    /** The TAG rows of the outbox, oldest first. */
    List<TagRow> tagRows() throws SQLException {
        List<TagRow> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT crm_type, crm_record_id, tag, member, status, interaction_id"
                     + " FROM crm_outbox WHERE kind = 'TAG' ORDER BY id")) {
            while (rs.next()) {
                assertThat(rs.getObject("interaction_id")).isNull();
                rows.add(new TagRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5)));
            }
        }
        return rows;
    }

    // ---- replies ----

    @Test
    void repliesAreAddedPendingOrAwaitingApprovalFoundAndListedNewestFirst() throws SQLException {
        Instant second = T0.plusSeconds(10);
        Instant third = T0.plusSeconds(20);
        long a = replies.add(new Reply.New(key("mastodon", "m1"), "brand", "Thanks, we are on it! 🎉", "crm:ann", false,
                "key-a", T0));
        long b = replies.add(new Reply.New(key("feeds", "f1"), null, "Glad you liked it.", "karaf:bob", true,
                "key-b", second));
        long c = replies.add(reply(key("mastodon", "m2"), "key-c", third, false));

        assertThat(replies.find(a)).contains(new Reply(a, key("mastodon", "m1"), "brand", "Thanks, we are on it! 🎉",
                "crm:ann", Reply.Status.PENDING, null, "key-a", null, null, null, 0, T0, null));
        assertThat(replies.find(b)).contains(new Reply(b, key("feeds", "f1"), null, "Glad you liked it.", "karaf:bob",
                Reply.Status.AWAITING_APPROVAL, null, "key-b", null, null, null, 0, second, null));
        assertThat(replies.find(-1)).isEmpty();
        // PENDING is due when it was asked for; awaiting approval, it is not due at all.
        assertThat(replyRow(a)).isEqualTo(new ReplyRow("PENDING", 0, false, T0));
        assertThat(replyRow(b)).isEqualTo(new ReplyRow("AWAITING_APPROVAL", 0, false, null));

        assertThat(replies.list(null, 10)).extracting(Reply::id).containsExactly(c, b, a);
        assertThat(replies.list(null, 2)).extracting(Reply::id).containsExactly(c, b);
        assertThat(replies.list(Reply.Status.PENDING, 10)).extracting(Reply::id).containsExactly(c, a);
        assertThat(replies.list(Reply.Status.AWAITING_APPROVAL, 10)).extracting(Reply::id).containsExactly(b);
        assertThat(replies.list(Reply.Status.SENT, 10)).isEmpty();
        assertThatThrownBy(() -> replies.list(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(replies.count(null)).isEqualTo(3);
        assertThat(replies.count(Reply.Status.PENDING)).isEqualTo(2);
        assertThat(replies.count(Reply.Status.SENT)).isZero();

        // Incomplete replies are refused, naming what is wrong; nothing is stored.
        InteractionKey m3 = key("mastodon", "m3");
        Map<String, Reply.New> refused = new java.util.LinkedHashMap<>();
        refused.put("inReplyTo is missing", new Reply.New(null, "brand", "hi", "crm:ann", false, "k1", T0));
        refused.put("text is missing", new Reply.New(m3, "brand", null, "crm:ann", false, "k2", T0));
        refused.put("text is blank", new Reply.New(m3, "brand", " \n\t", "crm:ann", false, "k3", T0));
        refused.put("requestedBy is missing", new Reply.New(m3, "brand", "hi", null, false, "k4", T0));
        refused.put("requestedBy is blank", new Reply.New(m3, "brand", "hi", "", false, "k5", T0));
        refused.put("idempotencyKey is missing", new Reply.New(m3, "brand", "hi", "crm:ann", false, null, T0));
        refused.put("idempotencyKey is 65 characters long; at most 64 are kept",
                new Reply.New(m3, "brand", "hi", "crm:ann", false, "k".repeat(65), T0));
        refused.put("requestedAt is missing", new Reply.New(m3, "brand", "hi", "crm:ann", false, "k6", null));
        refused.put("inReplyTo.channel is 65 characters long; at most 64 are kept",
                new Reply.New(key("c".repeat(65), "1"), "brand", "hi", "crm:ann", false, "k7", T0));
        refused.forEach((message, reply) -> assertThatThrownBy(() -> replies.add(reply)).as(message)
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message));
        assertThatThrownBy(() -> replies.add(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(count("SELECT COUNT(*) FROM replies")).isEqualTo(3);
    }

    @Test
    void aReplyAwaitingApprovalIsApprovedOnceAndOnlyThenDue() throws SQLException {
        long id = replies.add(reply(key("mastodon", "m1"), "k1", T0, true));
        long plain = replies.add(reply(key("mastodon", "m2"), "k2", T0, false));
        Duration lease = Duration.ofMinutes(5);
        Instant later = T0.plus(Duration.ofHours(1));
        assertThat(replies.claimDue(10, later, lease)).extracting(claim -> claim.reply().id()).containsExactly(plain);
        replies.sent(plain, "post-2", null, later);

        Instant approvedAt = T0.plus(Duration.ofHours(2));
        assertThat(replies.approve(id, "crm:bob", approvedAt)).isTrue();
        assertThat(replies.approve(id, "crm:carol", approvedAt.plusSeconds(1))).isFalse();
        assertThat(replies.approve(plain, "crm:bob", approvedAt)).isFalse();
        assertThat(replies.approve(-1, "crm:bob", approvedAt)).isFalse();
        assertThatThrownBy(() -> replies.approve(id, " ", approvedAt)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("approvedBy is blank");
        Reply approved = replies.find(id).orElseThrow();
        assertThat(approved.status()).isEqualTo(Reply.Status.PENDING);
        assertThat(approved.approvedBy()).isEqualTo("crm:bob");
        assertThat(approved.requestedAt()).isEqualTo(T0);
        assertThat(replyRow(id)).isEqualTo(new ReplyRow("PENDING", 0, false, approvedAt));
        assertThat(replies.find(plain).orElseThrow().approvedBy()).isNull();

        // Due from its approval on, not from its request.
        assertThat(replies.claimDue(10, approvedAt.minusMillis(1), lease)).isEmpty();
        assertThat(replies.claimDue(10, approvedAt, lease)).containsExactly(new ReplyStore.Claim(
                new Reply(id, key("mastodon", "m1"), "brand", approved.text(), "crm:ann", Reply.Status.PENDING,
                        "crm:bob", "k1", null, null, null, 1, T0, null), false));
    }

    @Test
    void aClaimHidesItsRepliesUntilTheLeaseEndsAndAClaimAfterALeaseRanOutWithNoOutcomeIsUncertain()
            throws SQLException {
        long first = replies.add(reply(key("mastodon", "m1"), "k1", T0, false));
        long second = replies.add(reply(key("mastodon", "m2"), "k2", T0.plusSeconds(1), false));
        long third = replies.add(reply(key("feeds", "f1"), "k3", T0.plusSeconds(2), false));
        Instant now = T0.plusSeconds(10);
        Duration lease = Duration.ofMinutes(5);

        List<ReplyStore.Claim> claimed = replies.claimDue(2, now, lease);
        assertThat(claimed).extracting(claim -> claim.reply().id()).containsExactly(first, second);
        assertThat(claimed).extracting(claim -> claim.reply().attempts()).containsExactly(1, 1);
        assertThat(claimed).extracting(ReplyStore.Claim::uncertain).containsExactly(false, false);
        assertThat(claimed.get(0).reply()).isEqualTo(replies.find(first).orElseThrow());
        assertThat(replyRow(first)).isEqualTo(new ReplyRow("PENDING", 1, true, now.plus(lease)));

        assertThat(replies.claimDue(10, now, lease)).extracting(claim -> claim.reply().id()).containsExactly(third);
        assertThat(replies.claimDue(10, now, lease)).isEmpty();
        assertThat(replies.claimDue(10, now.plus(lease).minusMillis(1), lease)).isEmpty();

        // The worker recorded that the second is to be tried again, then died while posting the first and the third:
        // when the lease runs out they are due again, and their claims say the posts may have gone out.
        replies.retryAt(second, now.plus(lease), "HTTP 503 from mastodon.social");
        Instant expired = now.plus(lease);
        List<ReplyStore.Claim> again = replies.claimDue(10, expired, lease);
        assertThat(again).extracting(claim -> claim.reply().id()).containsExactly(first, second, third);
        assertThat(again).extracting(claim -> claim.reply().attempts()).containsExactly(2, 2, 2);
        assertThat(again).extracting(ReplyStore.Claim::uncertain).containsExactly(true, false, true);
        assertThat(replyRow(first)).isEqualTo(new ReplyRow("PENDING", 2, true, expired.plus(lease)));

        // A person decides: failed as uncertain, then retried; the next claim is a fresh attempt, not uncertain.
        Instant decided = expired.plusSeconds(30);
        replies.fail(first, "outcome unknown: the process stopped while posting", decided);
        assertThat(replyRow(first)).isEqualTo(new ReplyRow("FAILED", 2, false, expired.plus(lease)));
        assertThat(replies.retry(first, decided)).isTrue();
        assertThat(replies.claimDue(10, decided, lease)).containsExactly(new ReplyStore.Claim(new Reply(first,
                key("mastodon", "m1"), "brand", "Thanks for mastodon:m1", "crm:ann", Reply.Status.PENDING, null, "k1",
                null, null, "outcome unknown: the process stopped while posting", 3, T0, null), false));

        assertThatThrownBy(() -> replies.claimDue(0, now, lease)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replies.claimDue(1, now, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replies.claimDue(1, now, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repliesMoveThroughSentRetryAtFailAndRetryAndLateMovesChangeNothing() throws SQLException {
        long a = replies.add(reply(key("mastodon", "m1"), "k-a", T0, false));
        long b = replies.add(reply(key("mastodon", "m2"), "k-b", T0, false));
        long c = replies.add(reply(key("mastodon", "m3"), "k-c", T0, false));
        Duration lease = Duration.ofHours(1);
        assertThat(replies.claimDue(10, T0, lease)).hasSize(3);

        Instant at = clock.advance(Duration.ofSeconds(30));
        replies.sent(a, "109876", "https://mastodon.social/@brand/109876", at);
        assertThat(replies.find(a)).contains(new Reply(a, key("mastodon", "m1"), "brand", "Thanks for mastodon:m1",
                "crm:ann", Reply.Status.SENT, null, "k-a", "109876", "https://mastodon.social/@brand/109876", null, 1, T0,
                at));
        assertThat(replyRow(a).inFlight()).isFalse();

        replies.retryAt(b, at.plusSeconds(60), "HTTP 429: rate limited");
        assertThat(replies.find(b).orElseThrow().error()).isEqualTo("HTTP 429: rate limited");
        assertThat(replyRow(b)).isEqualTo(new ReplyRow("PENDING", 1, false, at.plusSeconds(60)));
        assertThat(replies.claimDue(10, at.plusSeconds(59), lease)).isEmpty();
        List<ReplyStore.Claim> retried = replies.claimDue(10, at.plusSeconds(60), lease);
        assertThat(retried).extracting(claim -> claim.reply().id()).containsExactly(b);
        assertThat(retried.get(0)).extracting(claim -> claim.reply().attempts(), ReplyStore.Claim::uncertain)
                .containsExactly(2, false);
        // A retry without an error keeps the last one.
        replies.retryAt(b, at.plusSeconds(120), null);
        assertThat(replies.find(b).orElseThrow().error()).isEqualTo("HTTP 429: rate limited");
        assertThat(replies.claimDue(10, at.plusSeconds(120), lease)).hasSize(1);

        Instant failedAt = at.plusSeconds(130);
        replies.fail(b, "HTTP 422: the text is too long", failedAt);
        assertThat(replies.find(b).orElseThrow()).extracting(Reply::status, Reply::error, Reply::attempts, Reply::sentAt)
                .containsExactly(Reply.Status.FAILED, "HTTP 422: the text is too long", 3, null);
        assertThat(replyRow(b).inFlight()).isFalse();
        // A long reason is cut to the column, never between the halves of an emoji.
        replies.fail(c, "x".repeat(JdbcReplyStore.MAX_ERROR - 1) + "🎉" + "y".repeat(100), failedAt);
        assertThat(replies.find(c).orElseThrow().error()).isEqualTo("x".repeat(JdbcReplyStore.MAX_ERROR - 1));

        // A worker whose lease ran out cannot undo what is done: a SENT reply stays as it was sent.
        replies.fail(a, "late", failedAt);
        replies.retryAt(a, failedAt, "late");
        replies.sent(a, "other", null, failedAt);
        assertThat(replies.find(a).orElseThrow()).extracting(Reply::status, Reply::externalId, Reply::error, Reply::sentAt)
                .containsExactly(Reply.Status.SENT, "109876", null, at);
        // Nor fail a reply that is not in its hands.
        long waiting = replies.add(reply(key("mastodon", "m4"), "k-w", T0, true));
        replies.fail(waiting, "late", failedAt);
        assertThat(replies.find(waiting).orElseThrow().status()).isEqualTo(Reply.Status.AWAITING_APPROVAL);

        // Retry: FAILED only, due at once, its attempts and last error kept.
        Instant retriedAt = failedAt.plusSeconds(60);
        assertThat(replies.retry(a, retriedAt)).isFalse();
        assertThat(replies.retry(waiting, retriedAt)).isFalse();
        assertThat(replies.retry(-1, retriedAt)).isFalse();
        assertThat(replies.retry(b, retriedAt)).isTrue();
        assertThat(replies.retry(b, retriedAt)).isFalse();
        assertThat(replies.find(b).orElseThrow()).extracting(Reply::status, Reply::error, Reply::attempts)
                .containsExactly(Reply.Status.PENDING, "HTTP 422: the text is too long", 3);
        assertThat(replyRow(b)).isEqualTo(new ReplyRow("PENDING", 3, false, retriedAt));

        // A post that went out after all is recorded over a failure: it is public whatever the store said.
        replies.sent(c, "555", null, retriedAt);
        assertThat(replies.find(c).orElseThrow()).extracting(Reply::status, Reply::externalId, Reply::url, Reply::error)
                .containsExactly(Reply.Status.SENT, "555", null, null);

        assertThatThrownBy(() -> replies.sent(-1, "x", null, at)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("there is no reply -1");
        assertThatThrownBy(() -> replies.retryAt(-1, at, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> replies.fail(-1, "x", at)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repliesToInteractionsComeOldestFirstAcrossManyChunks() {
        InteractionKey m1 = key("mastodon", "m1");
        InteractionKey m2 = key("mastodon", "m2");
        InteractionKey f1 = key("feeds", "m1");
        long late = replies.add(reply(m1, "k1", T0.plusSeconds(30), false));
        long early = replies.add(reply(m2, "k2", T0.plusSeconds(10), true));
        long otherChannel = replies.add(reply(f1, "k3", T0.plusSeconds(20), false));
        long sameTime = replies.add(reply(m1, "k4", T0.plusSeconds(10), false));

        // m2 in the first chunk, m1 (twice) in the last: the chunks' replies come back as one list.
        List<InteractionKey> keys = new ArrayList<>();
        keys.add(m2);
        IntStream.range(0, 1200).forEach(i -> keys.add(key("mastodon", "none-" + i)));
        keys.add(m1);
        keys.add(m1);
        assertThat(replies.repliesTo(keys)).extracting(Reply::id).containsExactly(early, sameTime, late);
        assertThat(replies.repliesTo(List.of(f1))).extracting(Reply::id).containsExactly(otherChannel);
        assertThat(replies.repliesTo(List.of(key("mastodon", "none")))).isEmpty();
        assertThat(replies.repliesTo(List.of())).isEmpty();
    }

    @Test
    void anIdempotencyKeyBelongsToOneReplyEvenWhenAddsRace() throws Exception {
        long id = replies.add(reply(key("mastodon", "m1"), "key-1", T0, false));
        assertThatThrownBy(() -> replies.add(reply(key("mastodon", "m2"), "key-1", T0, true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("idempotency key 'key-1' is taken by reply " + id);

        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Long> added = Collections.synchronizedList(new ArrayList<>());
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                InteractionKey to = key("mastodon", "race-" + t);
                done.add(pool.submit(() -> {
                    start.await();
                    try {
                        added.add(replies.add(reply(to, "key-2", T0, false)));
                    } catch (IllegalArgumentException e) {
                        refused.add(e.getMessage());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : done) {
                result.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(added).hasSize(1);
        assertThat(refused).hasSize(threads - 1)
                .allSatisfy(message -> assertThat(message).isEqualTo("idempotency key 'key-2' is taken by reply "
                        + added.get(0)));
        assertThat(count("SELECT COUNT(*) FROM replies WHERE idempotency_key = 'key-2'")).isEqualTo(1);

        // The schema holds the key unique for any writer, not only for this store.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("INSERT INTO replies (in_reply_to_channel,"
                     + " in_reply_to_id, text, requested_by, status, idempotency_key, requested_at, updated_at)"
                     + " VALUES ('feeds', 'f1', 'hi', 'crm:ann', 'PENDING', 'key-1', ?, ?)")) {
            Jdbc.setInstant(ps, 1, T0);
            Jdbc.setInstant(ps, 2, T0);
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
        }
    }

    @Test
    void concurrentWorkersClaimEveryReplyOnceAndSendItExactlyOnce() throws Exception {
        int rows = 300;
        int workers = 4;
        for (int i = 0; i < rows; i++) {
            replies.add(reply(key("feeds", "row-" + i), "key-" + i, T0.plusSeconds(i), false));
        }
        Instant now = T0.plusSeconds(rows);
        Map<Long, String> holders = new ConcurrentHashMap<>();
        Map<Long, Integer> claims = new ConcurrentHashMap<>();
        List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
        List<Long> uncertain = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String worker = "worker-" + w;
                done.add(pool.submit(() -> {
                    start.await();
                    int mine = 0;
                    for (List<ReplyStore.Claim> batch = replies.claimDue(7, now, Duration.ofHours(1)); !batch.isEmpty();
                         batch = replies.claimDue(7, now, Duration.ofHours(1))) {
                        for (ReplyStore.Claim claim : batch) {
                            long id = claim.reply().id();
                            String other = holders.putIfAbsent(id, worker);
                            if (other != null) {
                                overlaps.add(id + " claimed by " + worker + " while " + other + " held it");
                            }
                            if (claim.uncertain()) {
                                uncertain.add(id);
                            }
                            claims.merge(id, 1, Integer::sum);
                        }
                        for (ReplyStore.Claim claim : batch) {
                            holders.remove(claim.reply().id(), worker);
                            replies.sent(claim.reply().id(), "post-" + claim.reply().inReplyTo().externalId(), null, now);
                            mine++;
                        }
                    }
                    return mine;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : done) {
                total += result.get(2, TimeUnit.MINUTES);
            }
            assertThat(total).isEqualTo(rows);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(overlaps).isEmpty();
        assertThat(uncertain).isEmpty();
        assertThat(claims).hasSize(rows).allSatisfy((id, n) -> assertThat(n).as("claims of reply " + id).isEqualTo(1));
        assertThat(count("SELECT COUNT(*) FROM replies WHERE status = 'SENT' AND attempts = 1 AND in_flight = FALSE"
                + " AND external_id = CONCAT('post-', in_reply_to_id)")).isEqualTo(rows);
    }

    // ---- helpers ----

    /** What a test checks of an outbox row. */
    record OutboxRow(String status, int attempts, Instant nextAttemptAt, String lastError, String waitingReason,
                     String crmId) {
    }

    OutboxRow outboxRow(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT status, attempts, next_attempt_at, last_error,"
                     + " waiting_reason, crm_id FROM crm_outbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("outbox row " + id).isTrue();
                return new OutboxRow(rs.getString("status"), rs.getInt("attempts"), Jdbc.getInstant(rs, "next_attempt_at"),
                        rs.getString("last_error"), rs.getString("waiting_reason"), rs.getString("crm_id"));
            }
        }
    }

    Instant doneAt(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT done_at FROM crm_outbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Jdbc.getInstant(rs, "done_at");
            }
        }
    }

    /** What a test checks of a reply's row beyond the Reply: whether it is claimed, and when it is due. */
    record ReplyRow(String status, int attempts, boolean inFlight, Instant nextAttemptAt) {
    }

    ReplyRow replyRow(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT status, attempts, in_flight, next_attempt_at"
                     + " FROM replies WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("reply " + id).isTrue();
                return new ReplyRow(rs.getString("status"), rs.getInt("attempts"), rs.getBoolean("in_flight"),
                        Jdbc.getInstant(rs, "next_attempt_at"));
            }
        }
    }

    /** A reply from crm:ann on the brand account, with a text naming what it answers. */
    static Reply.New reply(InteractionKey inReplyTo, String idempotencyKey, Instant requestedAt, boolean needsApproval) {
        return new Reply.New(inReplyTo, "brand", "Thanks for " + inReplyTo, "crm:ann", needsApproval, idempotencyKey,
                requestedAt);
    }

    /** Outbox row ids by the external id of their interaction. */
    Map<String, Long> outboxIds() throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT i.external_id, o.id FROM crm_outbox o"
                     + " JOIN interactions i ON i.id = o.interaction_id")) {
            while (rs.next()) {
                ids.put(rs.getString(1), rs.getLong(2));
            }
        }
        return ids;
    }

    void assertReviewRow(long id, String status, String resolvedBy, Instant resolvedAt, String crmType, String crmId)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("SELECT status, open_flag, resolved_by, resolved_at,"
                     + " crm_type, crm_id FROM link_reviews WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("status")).isEqualTo(status);
                assertThat(rs.getObject("open_flag")).isNull();
                assertThat(rs.getString("resolved_by")).isEqualTo(resolvedBy);
                assertThat(Jdbc.getInstant(rs, "resolved_at")).isEqualTo(resolvedAt);
                assertThat(rs.getString("crm_type")).isEqualTo(crmType);
                assertThat(rs.getString("crm_id")).isEqualTo(crmId);
            }
        }
    }

    /** Tags an interaction the way the tagging step will, directly in interaction_tags. */
    void tag(String channel, String externalId, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("INSERT INTO interaction_tags (interaction_id, name,"
                     + " source, set_at) SELECT id, ?, 'rule:test', ? FROM interactions WHERE channel = ? AND external_id = ?")) {
            ps.setString(1, name);
            Jdbc.setInstant(ps, 2, clock.instant());
            ps.setString(3, channel);
            ps.setString(4, externalId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    /** The columns of an index, lower case, in order. */
    List<String> indexColumns(String table, String index) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            for (String name : List.of(table, table.toUpperCase())) {
                try (ResultSet rs = connection.getMetaData().getIndexInfo(null, connection.getSchema(), name, false, false)) {
                    while (rs.next()) {
                        if (index.equalsIgnoreCase(rs.getString("INDEX_NAME"))) {
                            columns.add(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }
            }
        }
        return columns;
    }


    interface SqlHook {
        void before(String sql) throws SQLException;
    }

    /** A DataSource whose connections run {@code hook} before preparing each statement. */
    static DataSource beforeStatement(DataSource target, SqlHook hook) {
        InvocationHandler dataSource = (proxy, method, args) -> {
            Object result = invoke(target, method, args);
            if (!(result instanceof Connection connection)) {
                return result;
            }
            InvocationHandler handler = (p, m, a) -> {
                if (m.getName().equals("prepareStatement") && a != null && a[0] instanceof String sql) {
                    hook.before(sql);
                }
                return invoke(connection, m, a);
            };
            return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        };
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, dataSource);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Stores an interaction the way another writer would, bypassing this store, and commits it. */
    void insertDirectly(Interaction in) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement ps = connection.prepareStatement("INSERT INTO interactions (channel, external_id, kind,"
                     + " occurred_at, interaction_json, received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, in.channel());
            ps.setString(2, in.externalId());
            ps.setString(3, in.kind().name());
            Jdbc.setInstant(ps, 4, in.occurredAt());
            ps.setString(5, new InteractionJson().write(in));
            Jdbc.setInstant(ps, 6, clock.instant());
            ps.executeUpdate();
        }
    }

    // ---- assessment, tags, person actions, scores ----

    static IngestBatch assessed(List<Interaction> interactions, Map<InteractionKey, Assessment> assessments) {
        return new IngestBatch("mastodon", null, interactions, List.of(), null, assessments);
    }

    @Test
    void anAssessmentIsStoredWithItsInteractionInOneTransaction() {
        Interaction angry = by("a1", T0, SocialIdentity.of("mastodon", "sari", "Sari"));
        Interaction told = Interaction.builder("mastodon", "a2").kind(InteractionKind.COMMENT).language("nl")
                .author(SocialIdentity.of("mastodon", "sari", "Sari")).text("Prima").occurredAt(T0).build();
        interactions.store(assessed(List.of(angry, told), Map.of(
                key("mastodon", "a1"), new Assessment("en", true, -0.75, List.of(
                        new RuleAction("service/refunds", RuleAction.Type.TAG_INTERACTION, "refund"),
                        new RuleAction("service/refunds", RuleAction.Type.FLAG_FOR_REPLY, null),
                        new RuleAction("sales/prospects", RuleAction.Type.TAG_PERSON, "unhappy"),
                        new RuleAction("sales/prospects", RuleAction.Type.ASSIGN_OWNER, "sales.lead"))),
                key("mastodon", "a2"), new Assessment("nl", false, 0.5, List.of()))));

        assertThat(interactions.find(key("mastodon", "a1"))).get().extracting(Interaction::language).isEqualTo("en");
        assertThat(interactionTags.tagsOf(key("mastodon", "a1"))).extracting(Tag::name, Tag::source)
                .containsExactly(tuple("needs-reply", "rule:service/refunds"), tuple("refund", "rule:service/refunds"));
        assertThat(personActions.pending(key("mastodon", "a1"))).extracting(p -> p.action())
                .containsExactly(new RuleAction("sales/prospects", RuleAction.Type.TAG_PERSON, "unhappy"),
                        new RuleAction("sales/prospects", RuleAction.Type.ASSIGN_OWNER, "sales.lead"));
        assertThat(personActions.pending(key("mastodon", "a2"))).isEmpty();
        PersonActions.Pending first = personActions.pending(key("mastodon", "a1")).get(0);
        personActions.done(first.id(), T0);
        assertThat(personActions.pending(key("mastodon", "a1"))).extracting(PersonActions.Pending::id)
                .doesNotContain(first.id()).hasSize(1);
    }

    @Test
    void aRuleTagRemovedByAPersonIsNotPutBackByTheRuleUntilAPersonAddsItAgain() {
        interactions.store(batch("mastodon", null, List.of(post("mastodon", "t1", T0)), List.of(), null));
        InteractionKey t1 = key("mastodon", "t1");
        assertThat(interactionTags.add(t1, "Complaint", "rule:service/complaints")).isTrue();
        assertThat(interactionTags.add(t1, "complaint", "rule:service/complaints")).isFalse();

        assertThat(interactionTags.remove(t1, "complaint", "user:jane")).isTrue();
        assertThat(interactionTags.add(t1, "complaint", "rule:service/complaints")).isFalse();
        assertThat(interactionTags.tagsOf(t1)).isEmpty();

        assertThat(interactionTags.add(t1, "complaint", "user:joe")).isTrue();
        assertThat(interactionTags.remove(t1, "complaint", "rule:service/complaints")).isTrue();
        assertThat(interactionTags.add(t1, "complaint", "rule:service/complaints")).isTrue();
        assertThatThrownBy(() -> interactionTags.add(key("mastodon", "nope"), "x", "user:jane"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no stored interaction mastodon:nope");
    }

    @Test
    void aPersonTagRemovedByAPersonIsNotPutBackByARule() {
        ContactRef sari = ContactRef.contact("c-7", ContactRef.Method.EMAIL, 1.0);
        assertThat(personTags.add(sari, "unhappy", "rule:service/unhappy")).isTrue();
        assertThat(personTags.remove(sari, "unhappy", "user:jane")).isTrue();

        assertThat(personTags.add(sari, "unhappy", "rule:service/unhappy")).isFalse();
        assertThat(personTags.tagsOf(sari)).isEmpty();
        assertThat(personTags.add(sari, "unhappy", "user:jane")).isTrue();
        assertThat(personTags.tagsOf(sari)).extracting(Tag::source).containsExactly("user:jane");
    }

    @Test
    void scoresFollowTheInteractionsOfEveryLinkedIdentity() {
        ContactRef sari = ContactRef.contact("c-7", ContactRef.Method.EMAIL, 1.0);
        SocialIdentity onMastodon = SocialIdentity.of("mastodon", "sari", "Sari");
        SocialIdentity onTelegram = SocialIdentity.of("telegram", "sari_t", "Sari");
        interactions.store(assessed(List.of(by("m1", T0.minus(Duration.ofDays(60)), onMastodon)),
                Map.of(key("mastodon", "m1"), new Assessment("en", true, -0.8, List.of()))));
        links.link("mastodon", "sari", sari, "auto");
        assertThat(personScores.of(sari)).isEmpty();

        PersonScores.PersonScore before = personScores.update(sari, T0);
        assertThat(before.interactions()).isEqualTo(1);
        assertThat(before.sentiment()).isEqualTo(-0.8);
        assertThat(before.engagement()).isBetween(1.0, 30.0);
        assertThat(before.written()).isFalse();

        interactions.store(new IngestBatch("telegram", null, List.of(by("t1", T0, onTelegram)), List.of(), null,
                Map.of(key("telegram", "t1"), new Assessment("en", true, 0.9, List.of()))));
        links.link("telegram", "sari_t", sari, "auto");
        PersonScores.PersonScore after = personScores.update(sari, T0);

        assertThat(after.interactions()).isEqualTo(2);
        assertThat(after.channels()).isEqualTo(2);
        assertThat(after.lastContact()).isEqualTo(T0);
        // The recent, happy message weighs four times the old, angry one.
        assertThat(after.sentiment()).isCloseTo((0.9 - 0.8 * 0.25) / 1.25, within(0.001));
        assertThat(after.engagement()).isGreaterThan(before.engagement() + 40);

        personScores.written(sari, after.engagement(), after.sentiment());
        assertThat(personScores.of(sari)).get().extracting(PersonScores.PersonScore::written).isEqualTo(true);
    }

    private List<String> ids(InteractionQuery query) {
        return interactions.find(query).stream().map(Interaction::externalId).collect(Collectors.toList());
    }

    static IngestBatch batch(String channel, String account, List<Interaction> interactions,
                             List<DeadLetter.New> deadLetters, String cursor) {
        return new IngestBatch(channel, account, interactions, deadLetters, cursor);
    }

    static InteractionKey key(String channel, String externalId) {
        return new InteractionKey(channel, externalId);
    }

    static Interaction post(String channel, String externalId, Instant at) {
        return Interaction.builder(channel, externalId).kind(InteractionKind.POST)
                .author(SocialIdentity.of(channel, "alice", "Alice")).text("post " + externalId)
                .occurredAt(at).build();
    }

    static Interaction withAuthor(Interaction in, String handle) {
        return new Interaction(in.channel(), in.externalId(), in.kind(), in.account(),
                SocialIdentity.of(in.channel(), handle, handle.toUpperCase()), in.text(), in.media(), in.url(),
                in.occurredAt(), in.inReplyTo(), in.threadId(), in.language(), in.metrics(), in.rating(), in.raw());
    }

    static Interaction by(String externalId, Instant at, SocialIdentity author) {
        return Interaction.builder(author.channel(), externalId).kind(InteractionKind.COMMENT).author(author)
                .text("hello").occurredAt(at).build();
    }

    static Interaction withAccount(Interaction in, String account) {
        return in.withDefaults(in.channel(), account);
    }

    /** An interaction with every field set, nanoseconds included. */
    static Interaction full(String externalId, String text, String language) {
        return Interaction.builder("mastodon", externalId).kind(InteractionKind.REVIEW).account("brand")
                .author(new SocialIdentity("mastodon", "user_" + externalId, "Ñame " + text.substring(0, 3),
                        "https://example.social/@" + externalId, externalId + "@example.com", "+31 6 1234 5678"))
                .text(text).media(List.of("https://example.social/media/" + externalId + ".jpg"))
                .url("https://example.social/@user/" + externalId)
                .occurredAt(Instant.parse("2026-11-19T10:15:30.123456789Z"))
                .inReplyTo("parent-" + externalId).threadId("thread-" + externalId).language(language)
                .metrics(new Metrics(12, 3, 4)).rating(4)
                .raw("{\"id\":\"" + externalId + "\",\"content\":" + quoted(text) + "}").build();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    long count(String sql) throws SQLException {
        return count(dataSource, sql);
    }

    static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean tableExists(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String schema = connection.getSchema();
            for (String name : List.of(table, table.toUpperCase())) {
                try (ResultSet rs = connection.getMetaData().getTables(null, schema, name, new String[] {"TABLE"})) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
