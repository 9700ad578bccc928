package org.parley.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.parley.api.ContactRef;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.Metrics;
import org.parley.api.SocialIdentity;
import org.parley.api.Timeline;
import org.parley.api.Timeline.Entry;
import org.parley.api.Timeline.Page;

/**
 * What {@link JdbcTimeline} must do on every database Parley runs on, run once per database by the subclasses: one
 * person's interactions across channels, newest first, paged by position, stable while interactions arrive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TimelineContractTest {

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final ContactRef ANA = ContactRef.contact("c-ana", ContactRef.Method.MANUAL, 1.0);
    static final ContactRef BEN = ContactRef.contact("c-ben", ContactRef.Method.EMAIL, 0.9);
    static final List<String> TABLES = List.of("interaction_tags", "crm_outbox", "interactions", "identities",
            "identity_links", "channel_state");

    DataSource dataSource;
    JdbcInteractionStore interactions;
    JdbcIdentityLinks links;
    JdbcTimeline timeline;

    /** A new, empty database each time it is called. */
    protected abstract DataSource newDatabase(String name) throws Exception;

    @BeforeAll
    void migrateOnce() throws Exception {
        dataSource = newDatabase("timeline");
        ParleyDatabase database = new ParleyDatabase(dataSource, new MutableClock(T0));
        interactions = new JdbcInteractionStore(database);
        links = new JdbcIdentityLinks(database);
        timeline = new JdbcTimeline(database);
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    @Test
    void aPersonsTimelineHasEveryLinkedIdentityOnEveryChannelNewestFirstAndNobodyElse() {
        store(by("mastodon", "m1", "ana@social.example", T0.plusSeconds(10)),
                by("mastodon", "m2", "ana@social.example", T0.plusSeconds(40)),
                by("telegram", "t1", "ana_t", T0.plusSeconds(30)),
                by("feeds", "f1", "ana@example.org", T0.plusSeconds(20)),
                // Ben, and a stranger whose handle is Ana's on another channel: neither is Ana.
                by("mastodon", "m3", "ben@social.example", T0.plusSeconds(50)),
                by("telegram", "t2", "ana@social.example", T0.plusSeconds(60)));
        link(ANA, "mastodon", "ana@social.example");
        link(ANA, "telegram", "ana_t");
        link(ANA, "feeds", "ana@example.org");
        link(BEN, "mastodon", "ben@social.example");

        Page page = timeline.page(ANA, null, 10);

        assertThat(ids(page)).containsExactly("m2", "t1", "f1", "m1");
        assertThat(page.next()).isNull();
        Entry newest = page.entries().get(0);
        assertThat(newest.interaction().channel()).isEqualTo("mastodon");
        assertThat(newest.interaction().text()).isEqualTo("said m2 in ქართული and 中文");
        assertThat(newest.interaction().author().displayName()).isEqualTo("ana@social.example's name");
        assertThat(newest.interaction().metrics()).isEqualTo(new Metrics(3, 2, 1));
        assertThat(newest.interaction().inReplyTo()).isEqualTo("m1");
        assertThat(newest.interaction().threadId()).isEqualTo("m1");
        assertThat(newest.interaction().raw()).as("the raw payload stays in the store").isNull();
        assertThat(newest.position().occurredAt()).isEqualTo(T0.plusSeconds(40));
        assertThat(ids(timeline.page(BEN, null, 10))).containsExactly("m3");
    }

    @Test
    void pagesFollowEachOtherWithoutGapsOrRepeatsThroughEqualTimes() {
        List<Interaction> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Three share one instant: the store's order of arrival breaks the tie.
            Instant at = i < 3 ? T0 : T0.plusSeconds(i);
            all.add(by(i % 2 == 0 ? "mastodon" : "telegram", "x" + i, i % 2 == 0 ? "ana@social.example" : "ana_t", at));
        }
        store(all.toArray(Interaction[]::new));
        link(ANA, "mastodon", "ana@social.example");
        link(ANA, "telegram", "ana_t");

        List<String> seen = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        Timeline.Position after = null;
        int pages = 0;
        do {
            Page page = timeline.page(ANA, after, 2);
            page.entries().forEach(e -> {
                seen.add(e.interaction().externalId());
                times.add(e.position().occurredAt());
            });
            after = page.next();
            pages++;
        } while (after != null);

        assertThat(pages).isEqualTo(4);
        assertThat(seen).containsExactlyInAnyOrder("x0", "x1", "x2", "x3", "x4", "x5", "x6");
        assertThat(seen.subList(0, 4)).containsExactly("x6", "x5", "x4", "x3");
        // The three at T0 come last, in the store's order of arrival (newest first); which that is depends on batching.
        assertThat(seen.subList(4, 7)).containsExactlyInAnyOrder("x0", "x1", "x2");
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void interactionsArrivingBetweenPagesNeitherShiftNorRepeatTheNextPage() {
        store(by("mastodon", "a", "ana@social.example", T0.plusSeconds(50)),
                by("mastodon", "b", "ana@social.example", T0.plusSeconds(40)),
                by("mastodon", "c", "ana@social.example", T0.plusSeconds(30)),
                by("mastodon", "d", "ana@social.example", T0.plusSeconds(10)));
        link(ANA, "mastodon", "ana@social.example");

        Page first = timeline.page(ANA, null, 2);
        assertThat(ids(first)).containsExactly("a", "b");
        // Meanwhile: something newer than the whole first page, and a late delivery of something older.
        store(by("mastodon", "new", "ana@social.example", T0.plusSeconds(90)),
                by("mastodon", "late", "ana@social.example", T0.plusSeconds(20)));

        Page second = timeline.page(ANA, first.next(), 2);
        assertThat(ids(second)).containsExactly("c", "late");
        Page third = timeline.page(ANA, second.next(), 2);
        assertThat(ids(third)).containsExactly("d");
        assertThat(third.next()).isNull();
        assertThat(ids(timeline.page(ANA, null, 2))).containsExactly("new", "a");
    }

    @Test
    void theLastFullPageSaysThereIsNothingMore() {
        store(by("mastodon", "a", "ana@social.example", T0.plusSeconds(2)),
                by("mastodon", "b", "ana@social.example", T0.plusSeconds(1)));
        link(ANA, "mastodon", "ana@social.example");

        Page page = timeline.page(ANA, null, 2);

        assertThat(ids(page)).containsExactly("a", "b");
        assertThat(page.next()).isNull();
    }

    @Test
    void sentimentIsReadWhereItWasAssessedAndNullElsewhere() throws SQLException {
        store(by("mastodon", "happy", "ana@social.example", T0.plusSeconds(2)),
                by("mastodon", "unknown", "ana@social.example", T0.plusSeconds(1)));
        link(ANA, "mastodon", "ana@social.example");
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "UPDATE interactions SET sentiment = ? WHERE external_id = ?")) {
            ps.setDouble(1, 0.75);
            ps.setString(2, "happy");
            ps.executeUpdate();
        }

        List<Entry> entries = timeline.page(ANA, null, 10).entries();

        assertThat(entries).extracting(Entry::sentiment).containsExactly(0.75, null);
    }

    @Test
    void aRecordWithoutLinkedIdentitiesHasAnEmptyTimeline() {
        store(by("mastodon", "a", "ana@social.example", T0));

        Page page = timeline.page(ContactRef.lead("nobody", ContactRef.Method.MANUAL, 1), null, 10);

        assertThat(page.entries()).isEmpty();
        assertThat(page.next()).isNull();
        assertThat(timeline.countsByChannel(ContactRef.lead("nobody", ContactRef.Method.MANUAL, 1))).isEmpty();
    }

    @Test
    void aLinkedIdentityWithoutInteractionsYetAddsNothing() {
        link(ANA, "bluesky", "ana.bsky.social");
        store(by("mastodon", "a", "ana@social.example", T0));
        link(ANA, "mastodon", "ana@social.example");

        assertThat(ids(timeline.page(ANA, null, 10))).containsExactly("a");
    }

    @Test
    void aRecordWithMoreIdentitiesThanOneStatementTakesIsMergedInOrder() {
        int identities = JdbcTimeline.IDENTITIES_PER_STATEMENT + 8;
        List<Interaction> all = new ArrayList<>();
        for (int i = 0; i < identities; i++) {
            String handle = "ana_" + i;
            all.add(by("telegram", "t" + i, handle, T0.plusSeconds(i * 7L % identities)));
            link(ANA, "telegram", handle);
        }
        store(all.toArray(Interaction[]::new));

        List<String> seen = new ArrayList<>();
        Timeline.Position after = null;
        do {
            Page page = timeline.page(ANA, after, 6);
            page.entries().forEach(e -> seen.add(e.interaction().externalId()));
            after = page.next();
        } while (after != null);

        assertThat(seen).hasSize(identities).doesNotHaveDuplicates();
        List<Instant> times = seen.stream()
                .map(id -> T0.plusSeconds(Integer.parseInt(id.substring(1)) * 7L % identities)).toList();
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void countsArePerChannelOfTheLinkedIdentitiesOnly() {
        store(by("mastodon", "m1", "ana@social.example", T0),
                by("mastodon", "m2", "ana@social.example", T0.plusSeconds(1)),
                by("telegram", "t1", "ana_t", T0),
                by("telegram", "t2", "ana@social.example", T0));
        link(ANA, "mastodon", "ana@social.example");
        link(ANA, "telegram", "ana_t");

        assertThat(timeline.countsByChannel(ANA)).isEqualTo(Map.of("mastodon", 2L, "telegram", 1L));
    }

    @Test
    void limitsAndRecordsAreChecked() {
        assertThatThrownBy(() -> timeline.page(ANA, null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit 0 is outside 1..200");
        assertThatThrownBy(() -> timeline.page(ANA, null, Timeline.MAX_PAGE + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> timeline.page(new ContactRef("Contacts", " ", ContactRef.Method.MANUAL, 1), null, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type and an id");
    }

    @Test
    void aFirstPageOfAPersonWithManyInteractionsReadsOnlyAPage() {
        List<Interaction> batch = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            batch.add(by(i % 2 == 0 ? "mastodon" : "telegram", "n" + i, i % 2 == 0 ? "ana@social.example" : "ana_t",
                    T0.plus(Duration.ofMinutes(i))));
            if (batch.size() == 500) {
                store(batch.toArray(Interaction[]::new));
                batch.clear();
            }
        }
        link(ANA, "mastodon", "ana@social.example");
        link(ANA, "telegram", "ana_t");

        Page page = timeline.page(ANA, null, 50);

        assertThat(page.entries()).hasSize(50);
        assertThat(page.entries().get(0).interaction().externalId()).isEqualTo("n1999");
        assertThat(page.entries().get(49).interaction().externalId()).isEqualTo("n1950");
        assertThat(timeline.countsByChannel(ANA)).isEqualTo(Map.of("mastodon", 1000L, "telegram", 1000L));
    }

    // ---- helpers ----

    private void store(Interaction... batch) {
        // One batch per channel, as channels hand them over.
        Map<String, List<Interaction>> byChannel = new java.util.TreeMap<>();
        for (Interaction in : batch) {
            byChannel.computeIfAbsent(in.channel(), c -> new ArrayList<>()).add(in);
        }
        byChannel.forEach((channel, list) ->
                interactions.store(new IngestBatch(channel, "brand", list, List.of(), null)));
    }

    private void link(ContactRef record, String channel, String handle) {
        links.link(channel, handle, record, "test");
    }

    static Interaction by(String channel, String externalId, String handle, Instant at) {
        return Interaction.builder(channel, externalId).kind(InteractionKind.COMMENT).account("brand")
                .author(new SocialIdentity(channel, handle, handle + "'s name", "https://" + channel + ".example/" + handle,
                        null, null))
                .text("said " + externalId + " in ქართული and 中文").url("https://" + channel + ".example/p/" + externalId)
                .occurredAt(at).inReplyTo("m1").threadId("m1").language("ka").metrics(new Metrics(3, 2, 1))
                .raw("{\"raw\":true}").build();
    }

    static List<String> ids(Page page) {
        return page.entries().stream().map(e -> e.interaction().externalId()).toList();
    }
}
