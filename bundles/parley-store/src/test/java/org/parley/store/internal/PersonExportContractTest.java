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
import org.parley.api.IdentityLinks.ReviewStatus;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
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
 * What {@link JdbcPersonExport} must do on every database Parley runs on, run once per database by the subclasses:
 * everything held about one person, and nothing about anyone else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PersonExportContractTest {

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final ContactRef ANA = ContactRef.contact("c-ana", ContactRef.Method.MANUAL, 1.0);
    static final ContactRef BEN = ContactRef.contact("c-ben", ContactRef.Method.EMAIL, 0.9);
    static final ContactRef OTHER = ContactRef.lead("l-other", ContactRef.Method.EMAIL, 0.7);
    /** Children first, for the foreign keys. */
    static final List<String> TABLES = List.of("interaction_tags", "interaction_tag_suppressions", "rule_actions",
            "crm_outbox", "replies", "interactions", "identities", "contact_tags", "contact_tag_suppressions",
            "identity_links", "link_reviews", "person_scores");

    MutableClock clock;
    DataSource dataSource;
    JdbcInteractionStore interactions;
    JdbcIdentityLinks links;
    JdbcInteractionTags interactionTags;
    JdbcPersonTags personTags;
    JdbcReplyStore replies;
    JdbcPersonScores scores;
    JdbcPersonExport export;

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
