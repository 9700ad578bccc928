package org.parley.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.parley.api.Assessment;
import org.parley.api.ContactRef;
import org.parley.api.CrmOutbox;
import org.parley.api.DeadLetter;
import org.parley.api.IdentityLinks.ReviewStatus;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.PersonErasure;
import org.parley.api.PersonExport;
import org.parley.api.PersonExport.CrmWrite;
import org.parley.api.PersonExport.Export;
import org.parley.api.PersonExport.LinkedIdentity;
import org.parley.api.PersonExport.StoredInteraction;
import org.parley.api.PersonExport.TagMark;
import org.parley.api.Reply;
import org.parley.api.RuleAction;
import org.parley.api.SocialIdentity;
import org.parley.api.json.InteractionJson;

/**
 * What {@link JdbcPersonExport} and {@link JdbcPersonErasure} must do on every database Parley runs on, run once per
 * database by the subclasses: everything held about one person is exported, or erased, and nothing about anyone else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PersonExportContractTest {

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final ContactRef ANA = ContactRef.contact("c-ana", ContactRef.Method.MANUAL, 1.0);
    static final ContactRef BEN = ContactRef.contact("c-ben", ContactRef.Method.EMAIL, 0.9);
    static final ContactRef OTHER = ContactRef.lead("l-other", ContactRef.Method.EMAIL, 0.7);
    /** Children first, for the foreign keys. */
    static final List<String> TABLES = List.of("interaction_tags", "interaction_tag_suppressions", "rule_actions",
            "crm_outbox", "erasures", "replies", "interactions", "identities", "contact_tags",
            "contact_tag_suppressions", "identity_links", "link_reviews", "person_scores", "retired_interactions",
            "dead_letters");

    MutableClock clock;
    DataSource dataSource;
    JdbcInteractionStore interactions;
    JdbcIdentityLinks links;
    JdbcInteractionTags interactionTags;
    JdbcPersonTags personTags;
    JdbcReplyStore replies;
    JdbcPersonScores scores;
    JdbcPersonExport export;
    JdbcPersonErasure erasure;
    JdbcCrmOutbox outbox;
    JdbcDeadLetterStore deadLetters;

    /** A new, empty database each time it is called. */
    protected abstract DataSource newDatabase(String name) throws Exception;

    @BeforeAll
    void migrateOnce() throws Exception {
        clock = new MutableClock(T0);
        dataSource = newDatabase("export");
        ParleyDatabase database = new ParleyDatabase(dataSource, clock);
        interactions = new JdbcInteractionStore(database);
        links = new JdbcIdentityLinks(database);
        interactionTags = new JdbcInteractionTags(database);
        personTags = new JdbcPersonTags(database);
        replies = new JdbcReplyStore(database);
        scores = new JdbcPersonScores(database);
        export = new JdbcPersonExport(database);
        erasure = new JdbcPersonErasure(database);
        outbox = new JdbcCrmOutbox(database);
        deadLetters = new JdbcDeadLetterStore(database);
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
    void anExportHoldsEverythingAboutThePersonAndNothingAboutAnyoneElse() throws Exception {
        Instant seededAt = clock.instant();
        seedAnaAndBen();
        clock.advance(Duration.ofMinutes(5));

        Export ana = export.export(ANA);

        assertThat(ana.person()).isEqualTo(new PersonExport.Person("Contacts", "c-ana"));
        assertThat(ana.exportedAt()).isEqualTo(clock.instant());
        assertThat(ana.identities()).extracting(LinkedIdentity::channel, LinkedIdentity::handle,
                LinkedIdentity::email, LinkedIdentity::method, LinkedIdentity::confidence, LinkedIdentity::linkedBy)
                .containsExactly(
                        tuple("mastodon", "ana@social.example", null, ContactRef.Method.MANUAL, 1.0, "user:admin"),
                        tuple("telegram", "ana_t", null, ContactRef.Method.MANUAL, 1.0, "user:admin"));
        assertThat(ana.identities().get(0).displayName()).isEqualTo("ana@social.example's name");
        assertThat(ana.identities().get(0).firstSeenAt()).isNotNull();

        // Every channel, oldest first, with the raw payload, language, sentiment and tags.
        assertThat(ana.interactions()).extracting(i -> i.interaction().key().toString())
                .containsExactly("mastodon:m1", "telegram:t1", "mastodon:m2");
        StoredInteraction m1 = ana.interactions().get(0);
        assertThat(m1.interaction().raw()).isEqualTo("{\"raw\":\"m1\"}");
        assertThat(m1.interaction().text()).isEqualTo("said m1 in ქართული");
        assertThat(m1.interaction().language()).isEqualTo("ka");
        assertThat(m1.languageDetected()).isTrue();
        assertThat(m1.sentiment()).isEqualTo(0.6);
        assertThat(m1.receivedAt()).isEqualTo(seededAt);
        assertThat(m1.tags()).extracting(TagMark::name, TagMark::source, TagMark::suppressed).containsExactly(
                tuple("complaint", "user:agent", true),
                tuple("urgent", "user:agent", false),
                tuple("vip", "rule:r1", false));
        assertThat(m1.ruleActions()).extracting(PersonExport.RuleActionMark::ruleId,
                PersonExport.RuleActionMark::action, PersonExport.RuleActionMark::value)
                .containsExactly(tuple("r1", "TAG_PERSON", "prospect"));
        assertThat(ana.interactions().get(1).sentiment()).isNull();
        assertThat(ana.interactions().get(1).interaction().raw()).isEqualTo("{\"raw\":\"t1\"}");

        assertThat(ana.replies()).extracting(Reply::text, Reply::requestedBy, Reply::approvedBy, Reply::status)
                .containsExactly(tuple("Thanks, Ana", "user:agent", "user:lead", Reply.Status.PENDING),
                        tuple("Sorry to hear", "user:agent", null, Reply.Status.AWAITING_APPROVAL));
        assertThat(ana.replies()).extracting(Reply::inReplyTo).containsExactly(
                new InteractionKey("mastodon", "m1"), new InteractionKey("telegram", "t1"));

        assertThat(ana.tags()).extracting(TagMark::name, TagMark::source, TagMark::suppressed).containsExactly(
                tuple("customer", "user:admin", false),
                tuple("newsletter", "user:admin", true),
                tuple("prospect", "rule:r2", false));

        assertThat(ana.scores()).isNotNull();
        assertThat(ana.scores().interactions()).isEqualTo(3);
        assertThat(ana.scores().channels()).isEqualTo(2);

        assertThat(ana.linkReviews()).extracting(PersonExport.LinkReview::status, r -> r.identity().handle())
                .containsExactly(tuple(ReviewStatus.OPEN, "maybe_ana"));
        assertThat(ana.linkReviews().get(0).candidates()).extracting(ContactRef::id).containsExactly("c-ana",
                "l-other");

        assertThat(ana.crmWrites()).filteredOn(w -> "HISTORY".equals(w.kind())).extracting(CrmWrite::interaction)
                .containsExactlyInAnyOrder(new InteractionKey("mastodon", "m1"), new InteractionKey("mastodon", "m2"),
                        new InteractionKey("telegram", "t1"));
        assertThat(ana.crmWrites()).filteredOn(w -> "TAG".equals(w.kind()))
                .extracting(CrmWrite::tag, CrmWrite::member, CrmWrite::status)
                .containsExactlyInAnyOrder(tuple("customer", true, "PENDING"), tuple("newsletter", true, "PENDING"),
                        tuple("newsletter", false, "PENDING"), tuple("prospect", true, "PENDING"));

        // Nothing of Ben's, anywhere in the document.
        String json = new InteractionJson().mapper().writeValueAsString(ana);
        for (String bens : List.of("c-ben", "ben@social.example", "\"b1\"", "said by Ben", "Hi Ben", "ben-only",
                "maybe_ben")) {
            assertThat(json).as(bens).doesNotContain(bens);
        }

        Export ben = export.export(BEN);
        assertThat(ben.interactions()).extracting(i -> i.interaction().key().toString())
                .containsExactly("mastodon:b1");
        assertThat(ben.replies()).extracting(Reply::text).containsExactly("Hi Ben");
        assertThat(ben.tags()).extracting(TagMark::name).containsExactly("ben-only");
        assertThat(ben.linkReviews()).extracting(r -> r.identity().handle()).containsExactly("maybe_ben");
        assertThat(new InteractionJson().mapper().writeValueAsString(ben)).doesNotContain("c-ana", "ana_t",
                "ana@social.example", "Thanks, Ana");
    }

    @Test
    void reviewsOfThePersonsIdentitiesAndThoseResolvedToThemAreKeptWhatEverTheirStatus() {
        long ofIdentity = links.queueReview(identity("telegram", "ana_t"), List.of(ANA, OTHER));
        links.resolveReview(ofIdentity, ANA, "user:admin");
        long chosenElsewhere = links.queueReview(identity("bluesky", "ana.bsky"), List.of(OTHER, ANA));
        links.resolveReview(chosenElsewhere, OTHER, "user:admin");
        long rejected = links.queueReview(identity("mastodon", "ana2@social.example"), List.of(ANA, OTHER));
        links.resolveReview(rejected, null, "user:admin");
        // An id that merely contains Ana's is not Ana.
        links.queueReview(identity("feeds", "x"), List.of(ContactRef.contact("c-ana-2", ContactRef.Method.EMAIL, 0.5),
                ContactRef.lead("c-ana", ContactRef.Method.EMAIL, 0.5)));

        Export ana = export.export(ANA);

        // ana_t is linked to Ana by the review itself; the other two named Ana but were closed without her.
        assertThat(ana.linkReviews()).extracting(PersonExport.LinkReview::id, PersonExport.LinkReview::status)
                .containsExactly(tuple(ofIdentity, ReviewStatus.RESOLVED));
        assertThat(ana.linkReviews().get(0).chosen()).isEqualTo(new PersonExport.Person("Contacts", "c-ana"));
        assertThat(ana.linkReviews().get(0).resolvedBy()).isEqualTo("user:admin");
        assertThat(ana.identities()).extracting(LinkedIdentity::handle, LinkedIdentity::firstSeenAt)
                .containsExactly(tuple("ana_t", null));
    }

    @Test
    void aPersonParleyKnowsNothingAboutHasAnEmptyExport() {
        seedAnaAndBen();

        Export nobody = export.export(ContactRef.lead("nobody", ContactRef.Method.MANUAL, 1));

        assertThat(nobody.person()).isEqualTo(new PersonExport.Person("Leads", "nobody"));
        assertThat(nobody.identities()).isEmpty();
        assertThat(nobody.interactions()).isEmpty();
        assertThat(nobody.replies()).isEmpty();
        assertThat(nobody.tags()).isEmpty();
        assertThat(nobody.scores()).isNull();
        assertThat(nobody.linkReviews()).isEmpty();
        assertThat(nobody.crmWrites()).isEmpty();
    }

    @Test
    void aRecordWithoutTypeOrIdIsRefused() {
        assertThatThrownBy(() -> export.export(new ContactRef("Contacts", " ", ContactRef.Method.MANUAL, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type and an id");
        assertThatThrownBy(() -> export.export(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJsonFormHasEveryPartWithIsoInstants() throws Exception {
        seedAnaAndBen();

        Map<String, Object> document = new InteractionJson().mapper().readValue(
                new InteractionJson().mapper().writeValueAsString(export.export(ANA)),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });

        assertThat(document.keySet()).containsExactlyInAnyOrder("person", "exportedAt", "identities", "interactions",
                "replies", "tags", "scores", "linkReviews", "crmWrites");
        assertThat(document.get("exportedAt")).isEqualTo(clock.instant().toString());
        assertThat(document.get("person")).isEqualTo(Map.of("type", "Contacts", "id", "c-ana"));
        Map<?, ?> first = (Map<?, ?>) ((List<?>) document.get("interactions")).get(0);
        assertThat(((Map<?, ?>) first.get("interaction")).get("raw")).isEqualTo("{\"raw\":\"m1\"}");
        assertThat(((Map<?, ?>) first.get("interaction")).get("occurredAt")).isEqualTo(T0.plusSeconds(10).toString());
    }

    // ---- erasure ----

    @Test
    void anErasureRemovesEverythingAboutThePersonQueuesTheCrmPartAndLeavesOthersAlone() throws Exception {
        seedAnaAndBen();
        Duration lease = Duration.ofMinutes(5);
        Map<String, Long> rows = historyRows(outbox.claimDue(100, clock.instant(), lease));
        outbox.done(rows.get("mastodon:m1"), "note-m1", clock.instant());
        outbox.fail(rows.get("mastodon:m2"), "CRM refused it");       // a dead letter holding m2's text
        // telegram:t1 stays claimed: its write may be in flight until the lease ends.
        Instant leaseEnd = clock.instant().plus(lease);
        clock.advance(Duration.ofMinutes(1));
        Export benBefore = export.export(BEN);

        PersonErasure.Erasure erased = erasure.erase(ANA, "admin", "GDPR-42");

        assertThat(erased.requestedBy()).isEqualTo("admin");
        assertThat(erased.reference()).isEqualTo("GDPR-42");
        assertThat(erased.erasedAt()).isEqualTo(clock.instant());
        assertThat(List.of(erased.identities(), erased.interactions(), erased.replies(), erased.tags(),
                erased.crmRemovals(), erased.crmRemovalsLeft())).containsExactly(2, 3, 2, 2, 3, 3);
        assertThat(erased.status()).isEqualTo(PersonErasure.Status.CRM_PENDING);
        assertThat(erased.completedAt()).isNull();

        Export ana = export.export(ANA);
        assertThat(ana.identities()).isEmpty();
        assertThat(ana.interactions()).isEmpty();
        assertThat(ana.replies()).isEmpty();
        assertThat(ana.tags()).isEmpty();
        assertThat(ana.scores()).isNull();
        assertThat(ana.linkReviews()).isEmpty();
        assertThat(ana.crmWrites()).filteredOn(w -> !"TAG".equals(w.kind())).isEmpty();
        assertThat(deadLetters.list(null, true, 100)).extracting(DeadLetter::payload)
                .noneMatch(payload -> payload.contains("said m2"));
        // Ben is as he was; the review that named Ana among its candidates names the others only.
        assertThat(new InteractionJson().mapper().writeValueAsString(export.export(BEN)))
                .isEqualTo(new InteractionJson().mapper().writeValueAsString(benBefore).replace(
                        benBefore.exportedAt().toString(), clock.instant().toString()));
        assertThat(export.export(OTHER).linkReviews()).filteredOn(r -> r.identity().handle().equals("maybe_ana"))
                .singleElement().satisfies(review -> {
                    assertThat(review.status()).isEqualTo(ReviewStatus.OPEN);
                    assertThat(review.candidates()).extracting(ContactRef::id).containsExactly("l-other");
                });
        // The audit record says what and how much, never whom.
        String audit = new InteractionJson().mapper().writeValueAsString(erasure.find(erased.id()).orElseThrow());
        for (String personal : List.of("c-ana", "ana", "m1", "m2", "t1")) {
            assertThat(audit).as(personal).doesNotContain(personal);
        }

        // The CRM part: the two finished writes are due now, the one in flight when its lease ends; and Ana is
        // taken off her tags' lists.
        List<CrmOutbox.Entry> due = outbox.claimDue(100, clock.instant(), lease);
        assertThat(due).filteredOn(e -> e.removal() != null).extracting(e -> e.removal().key().toString(),
                        e -> e.removal().crmId(), e -> e.removal().erasureId())
                .containsExactlyInAnyOrder(tuple("mastodon:m1", "note-m1", erased.id()),
                        tuple("mastodon:m2", null, erased.id()));
        assertThat(due).filteredOn(e -> e.tagChange() != null).extracting(e -> e.tagChange().record().id(),
                        e -> e.tagChange().tag(), e -> e.tagChange().member())
                .containsExactlyInAnyOrder(tuple("c-ana", "customer", false), tuple("c-ana", "prospect", false));
        clock.advance(Duration.between(clock.instant(), leaseEnd));
        List<CrmOutbox.Entry> later = outbox.claimDue(100, clock.instant(), lease);
        assertThat(later).filteredOn(e -> e.removal() != null).extracting(e -> e.removal().key().toString())
                .containsExactly("telegram:t1");

        for (CrmOutbox.Entry e : due) {
            if (e.removal() != null) {
                outbox.removed(e.id(), e.removal().erasureId(), clock.instant());
            }
        }
        assertThat(erasure.find(erased.id()).orElseThrow().crmRemovalsLeft()).isEqualTo(1);
        CrmOutbox.Entry last = later.stream().filter(e -> e.removal() != null).findFirst().orElseThrow();
        outbox.removed(last.id(), last.removal().erasureId(), clock.instant());

        PersonErasure.Erasure complete = erasure.find(erased.id()).orElseThrow();
        assertThat(complete.status()).isEqualTo(PersonErasure.Status.COMPLETE);
        assertThat(complete.crmRemovalsLeft()).isZero();
        assertThat(complete.completedAt()).isEqualTo(clock.instant());
        assertThat(complete.crmRemovals()).isEqualTo(3);
    }

    @Test
    void aLateDuplicateOfAnErasedInteractionIsNotStoredAgainWhileANewMessageIs() {
        seedAnaAndBen();
        erasure.erase(ANA, "admin", null);

        var again = interactions.store(new IngestBatch("mastodon", "brand", List.of(
                by("mastodon", "m1", "ana@social.example", T0.plusSeconds(10), "said m1 again"),
                by("mastodon", "m3", "ana@social.example", T0.plusSeconds(90), "a new message")), List.of(), null));

        assertThat(again.duplicates()).containsExactly(new InteractionKey("mastodon", "m1"));
        assertThat(again.stored()).containsExactly(new InteractionKey("mastodon", "m3"));
        assertThat(interactions.find(new InteractionKey("mastodon", "m1"))).isEmpty();
    }

    @Test
    void aRemovalTheCrmRefusesLeavesADeadLetterWithoutContentAndTheErasureSaysSo() {
        seedAnaAndBen();
        Map<String, Long> rows = historyRows(outbox.claimDue(100, clock.instant(), Duration.ofMinutes(5)));
        for (String key : List.of("mastodon:m1", "mastodon:m2", "telegram:t1")) {
            outbox.done(rows.get(key), "note-" + key.substring(key.indexOf(':') + 1), clock.instant());
        }
        PersonErasure.Erasure erased = erasure.erase(ANA, "admin", null);
        List<CrmOutbox.Entry> removals = outbox.claimDue(100, clock.instant(), Duration.ofMinutes(5)).stream()
                .filter(e -> e.removal() != null).toList();
        assertThat(removals).hasSize(3);
        CrmOutbox.Entry removal = removals.stream().filter(e -> e.removal().crmId().equals("note-m1")).findFirst()
                .orElseThrow();

        outbox.fail(removal.id(), "CRM refused the removal: forbidden");
        removals.stream().filter(e -> e != removal)
                .forEach(e -> outbox.removed(e.id(), erased.id(), clock.instant()));

        PersonErasure.Erasure failed = erasure.find(erased.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(PersonErasure.Status.CRM_FAILED);
        assertThat(failed.crmRemovalsFailed()).isEqualTo(1);
        assertThat(failed.crmRemovalsLeft()).isZero();
        assertThat(failed.completedAt()).isNull();
        assertThat(deadLetters.list("crm", false, 10)).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).contains("forbidden");
            assertThat(letter.payload()).isEqualTo("{\"kind\":\"ERASE\",\"erasure\":" + erased.id()
                    + ",\"interaction\":\"mastodon:m1\",\"crmId\":\"note-m1\"}");
        });

        // Replayed (the row is due again) and done, the erasure completes.
        assertThat(outbox.requeue(removal.id())).isTrue();
        CrmOutbox.Entry retried = outbox.claimDue(100, clock.instant(), Duration.ofMinutes(5)).stream()
                .filter(e -> e.removal() != null).findFirst().orElseThrow();
        outbox.removed(retried.id(), erased.id(), clock.instant());
        outbox.removed(retried.id(), erased.id(), clock.instant()); // a late worker changes nothing
        assertThat(erasure.find(erased.id()).orElseThrow().status()).isEqualTo(PersonErasure.Status.COMPLETE);
    }

    @Test
    void erasingSomeoneParleyKnowsNothingAboutIsAnsweredAndComplete() {
        seedAnaAndBen();

        PersonErasure.Erasure nobody = erasure.erase(ContactRef.lead("nobody", ContactRef.Method.MANUAL, 1),
                "admin", "GDPR-43");

        assertThat(List.of(nobody.identities(), nobody.interactions(), nobody.replies(), nobody.tags(),
                nobody.crmRemovals())).containsOnly(0);
        assertThat(nobody.status()).isEqualTo(PersonErasure.Status.COMPLETE);
        assertThat(nobody.completedAt()).isEqualTo(clock.instant());
        assertThat(export.export(ANA).interactions()).hasSize(3);
    }

    @Test
    void erasuresAreListedNewestFirstAndBadRequestsAreRefused() {
        long first = erasure.erase(ANA, "admin", "one").id();
        long second = erasure.erase(BEN, "dpo", "two").id();

        assertThat(erasure.recent(10)).extracting(PersonErasure.Erasure::id, PersonErasure.Erasure::reference)
                .containsExactly(tuple(second, "two"), tuple(first, "one"));
        assertThat(erasure.recent(1)).hasSize(1);
        assertThat(erasure.find(second + 1000)).isEmpty();
        assertThatThrownBy(() -> erasure.recent(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit 0");
        assertThatThrownBy(() -> erasure.erase(ANA, "admin", "x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference is 256 characters long; at most 255");
        assertThatThrownBy(() -> erasure.erase(ANA, " ", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> erasure.erase(new ContactRef("Contacts", "", ContactRef.Method.MANUAL, 1), "a", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type and an id");
        assertThat(erasure.recent(10)).hasSize(2);
    }

    /** The claimed HISTORY rows by interaction key. */
    private static Map<String, Long> historyRows(List<CrmOutbox.Entry> claimed) {
        Map<String, Long> rows = new java.util.HashMap<>();
        for (CrmOutbox.Entry e : claimed) {
            if (e.interaction() != null) {
                rows.put(e.interaction().key().toString(), e.id());
            }
        }
        return rows;
    }

    // ---- seed ----

    private void seedAnaAndBen() {
        // The channel gave no language: Parley detected it.
        Interaction m1 = by("mastodon", "m1", "ana@social.example", T0.plusSeconds(10), "said m1 in ქართული")
                .withLanguage(null);
        Assessment assessed = new Assessment("ka", true, 0.6, List.of(
                new RuleAction("r1", RuleAction.Type.TAG_INTERACTION, "vip"),
                new RuleAction("r1", RuleAction.Type.TAG_PERSON, "prospect")));
        interactions.store(new IngestBatch("mastodon", "brand", List.of(m1,
                by("mastodon", "m2", "ana@social.example", T0.plusSeconds(30), "said m2"),
                by("mastodon", "b1", "ben@social.example", T0.plusSeconds(20), "said by Ben")), List.of(), null)
                .assessed(Map.of(m1.key(), assessed)));
        interactions.store(new IngestBatch("telegram", "brand",
                List.of(by("telegram", "t1", "ana_t", T0.plusSeconds(20), "said t1")), List.of(), null));
        links.link("mastodon", "ana@social.example", ANA, "user:admin");
        links.link("telegram", "ana_t", ANA, "user:admin");
        links.link("mastodon", "ben@social.example", BEN, "auto");

        InteractionKey m1Key = new InteractionKey("mastodon", "m1");
        interactionTags.add(m1Key, "urgent", "user:agent");
        interactionTags.add(m1Key, "complaint", "rule:r1");
        interactionTags.remove(m1Key, "complaint", "user:agent");

        personTags.add(ANA, "customer", "user:admin");
        personTags.add(ANA, "prospect", "rule:r2");
        personTags.add(ANA, "newsletter", "rule:r3");
        personTags.remove(ANA, "newsletter", "user:admin");
        personTags.add(BEN, "ben-only", "user:admin");

        long thanks = replies.add(new Reply.New(m1Key, "brand", "Thanks, Ana", "user:agent", true, "k-ana-1", T0));
        replies.approve(thanks, "user:lead", T0.plusSeconds(1));
        replies.add(new Reply.New(new InteractionKey("telegram", "t1"), "brand", "Sorry to hear", "user:agent", true,
                "k-ana-2", T0.plusSeconds(2)));
        replies.add(new Reply.New(new InteractionKey("mastodon", "b1"), "brand", "Hi Ben", "user:agent", false,
                "k-ben-1", T0.plusSeconds(3)));

        scores.update(ANA, T0.plusSeconds(60));
        scores.update(BEN, T0.plusSeconds(60));

        links.queueReview(identity("telegram", "maybe_ana"), List.of(ANA, OTHER));
        links.queueReview(identity("telegram", "maybe_ben"), List.of(BEN, OTHER));
    }

    private static SocialIdentity identity(String channel, String handle) {
        return new SocialIdentity(channel, handle, handle + " shown", null, handle + "@mail.example", null);
    }

    static Interaction by(String channel, String externalId, String handle, Instant at, String text) {
        return Interaction.builder(channel, externalId).kind(InteractionKind.COMMENT).account("brand")
                .author(new SocialIdentity(channel, handle, handle + "'s name", "https://" + channel + ".example/" + handle,
                        null, null))
                .text(text).occurredAt(at).language("ka").raw("{\"raw\":\"" + externalId + "\"}").build();
    }
}
