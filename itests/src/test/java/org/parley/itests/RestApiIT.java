package org.parley.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.parley.api.ContactRef;
import org.parley.api.IdentityLinks;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionStore;
import org.parley.api.InteractionTags;
import org.parley.api.PersonTags;
import org.parley.api.SocialIdentity;
import org.parley.api.Tag;
import org.parley.rest.TabToken;

/**
 * Parley's API in a stock Karaf over the real store, the real reply desk and Karaf's own JAAS realm: a person's
 * cross-channel timeline paged by cursor, tags set from the tab landing in the store, and who may do what (no
 * credentials, each role, tab tokens for the contact, another contact, expired and forged).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestApiIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ContactRef ANA = new ContactRef("Contacts", "it-ana", ContactRef.Method.MANUAL, 1.0);
    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    @Inject
    private BundleContext bundleContext;
    @Inject
    private InteractionStore interactions;
    @Inject
    private IdentityLinks links;
    @Inject
    private PersonTags personTags;
    @Inject
    private InteractionTags interactionTags;

    private RestClient api;

    @Configuration
    public Option[] config() {
        return RestKarafOptions.karafWithParleyRest();
    }

    @Before
    public void apiIsUpAndAnaHasATimeline() {
        api = await().atMost(PATIENCE).until(() -> RestClient.find(bundleContext), c -> c != null);
        await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> api.get("/channels", viewer()).status() == 200);
        if (interactions.existing(List.of(new InteractionKey("itest-social", "s1"))).isEmpty()) {
            SocialIdentity social = SocialIdentity.of("itest-social", "ana@social.example", "Ana");
            SocialIdentity chat = SocialIdentity.of("itest-chat", "ana_chat", "Ана");
            SocialIdentity ben = SocialIdentity.of("itest-social", "ben@social.example", "Ben");
            interactions.store(new IngestBatch("itest-social", "brand", List.of(
                    interaction("itest-social", "s1", social, "my order never arrived 😡", T0),
                    interaction("itest-social", "s2", social, "شكرا، وصل الطلب", T0.plusSeconds(3600)),
                    interaction("itest-social", "b1", ben, "hello", T0.plusSeconds(60))), List.of(), null));
            interactions.store(new IngestBatch("itest-chat", "bot", List.of(
                    interaction("itest-chat", "c1", chat, "你好，我想问一下", T0.plusSeconds(7200))), List.of(), null));
            links.link("itest-social", "ana@social.example", ANA, "itest");
            links.link("itest-chat", "ana_chat", ANA, "itest");
            links.link("itest-social", "ben@social.example",
                    new ContactRef("Contacts", "it-ben", ContactRef.Method.MANUAL, 1.0), "itest");
        }
    }

    @Test
    public void theTabReadsAPersonsTimelineAcrossChannelsPageByPage() {
        String tab = tabToken("it-ana", Instant.now().plusSeconds(600));
        List<String> keys = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RestClient.Answer page = api.get("/contacts/Contacts/it-ana/timeline?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), tab);
            assertEquals(page.body(), 200, page.status());
            page.json().path("entries").forEach(e -> keys.add(e.path("key").asText()));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
            pages++;
        } while (cursor != null);

        assertEquals(2, pages);
        assertEquals(List.of("itest-chat:c1", "itest-social:s2", "itest-social:s1"), keys);
        JsonNode first = api.get("/contacts/Contacts/it-ana/timeline", tab).json().path("entries");
        assertEquals("你好，我想问一下", first.get(0).path("text").asText());
        assertEquals("شكرا، وصل الطلب", first.get(1).path("text").asText());
        assertEquals("s1", first.get(1).path("inReplyTo").asText());

        RestClient.Answer person = api.get("/contacts/Contacts/it-ana", tab);
        assertEquals(person.body(), 200, person.status());
        assertEquals(2, person.json().path("identities").size());
        assertEquals(3, person.json().path("counts").path("interactions").asLong());
    }

    @Test
    public void tagsSetFromTheTabLandInTheStoreAsItsCrmUser() {
        String tab = tabToken("it-ana", Instant.now().plusSeconds(600));

        RestClient.Answer tagged = api.send("POST", "/interactions/itest-social/s1/tags", tab, "{\"tag\":\"complaint\"}");
        assertEquals(tagged.body(), 200, tagged.status());
        List<Tag> stored = interactionTags.tagsOf(new InteractionKey("itest-social", "s1"));
        assertTrue(stored.toString(), stored.stream().anyMatch(t -> t.name().equals("complaint")
                && t.source().equals("user:crm:alice")));

        RestClient.Answer person = api.send("POST", "/contacts/Contacts/it-ana/tags", tab, "{\"tag\":\"VIP\"}");
        assertEquals(person.body(), 200, person.status());
        assertTrue(personTags.tagsOf(ANA).stream().anyMatch(t -> t.name().equals("vip")));

        JsonNode s1 = api.get("/contacts/Contacts/it-ana/timeline", tab).json().path("entries").get(2);
        assertEquals("complaint", s1.path("tags").get(0).path("name").asText());
    }

    @Test
    public void karafsRealmAndTabTokensDecideWhoMayDoWhat() {
        String path = "/contacts/Contacts/it-ana/tags";
        String body = "{\"tag\":\"checked\"}";

        assertEquals(401, api.send("POST", path, null, body).status());
        RestClient.Answer wrong = api.send("POST", path, RestClient.basic(RestKarafOptions.ADMIN, "wrong"), body);
        assertEquals(401, wrong.status());
        assertEquals("unauthenticated", wrong.code());
        RestClient.Answer clerk = api.get("/contacts/Contacts/it-ana",
                RestClient.basic(RestKarafOptions.CLERK, RestKarafOptions.CLERK_PASSWORD));
        assertEquals(403, clerk.status());
        assertEquals("forbidden", clerk.code());
        assertEquals(200, api.get("/contacts/Contacts/it-ana", viewer()).status());
        assertEquals(403, api.send("POST", path, viewer(), body).status());
        assertEquals(200, api.send("POST", path,
                RestClient.basic(RestKarafOptions.ADMIN, RestKarafOptions.ADMIN_PASSWORD), body).status());
        assertEquals(200, api.send("POST", "/contacts/Contacts/it-carl/identities",
                RestClient.basic(RestKarafOptions.KARAF_ADMIN, RestKarafOptions.KARAF_ADMIN_PASSWORD),
                "{\"channel\":\"itest-other\",\"handle\":\"carl_other\"}").status());
        assertEquals(403, api.get("/channels", tabToken("it-ana", Instant.now().plusSeconds(600))).status());

        RestClient.Answer otherContact = api.get("/contacts/Contacts/it-ana", tabToken("it-ben", Instant.now().plusSeconds(600)));
        assertEquals(403, otherContact.status());
        RestClient.Answer othersInteraction = api.send("POST", "/interactions/itest-social/b1/tags",
                tabToken("it-ana", Instant.now().plusSeconds(600)), body);
        assertEquals(403, othersInteraction.status());
        RestClient.Answer expired = api.get("/contacts/Contacts/it-ana", tabToken("it-ana", Instant.now().minusSeconds(5)));
        assertEquals(401, expired.status());
        assertEquals("token_expired", expired.code());
        RestClient.Answer tooLong = api.get("/contacts/Contacts/it-ana", tabToken("it-ana", Instant.now().plusSeconds(86_400)));
        assertEquals(401, tooLong.status());
        String forged = new TabToken("Contacts", "it-ana", "alice", Instant.now().plusSeconds(600))
                .sign("some-other-secret-that-is-long-enough-000".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, api.get("/contacts/Contacts/it-ana", RestClient.bearer(forged)).status());
    }

    @Test
    public void aReplyToAChannelWithoutARunningRouteIsAConflictNotAnError() {
        RestClient.Answer answer = api.send("POST", "/interactions/itest-social/s2/replies",
                tabToken("it-ana", Instant.now().plusSeconds(600)), "{\"text\":\"Glad it arrived!\"}");

        assertEquals(answer.body(), 409, answer.status());
        assertEquals("conflict", answer.code());
        assertTrue(answer.body(), answer.json().path("message").asText().contains("not running"));
        RestClient.Answer unknown = api.send("POST", "/interactions/itest-social/nope/replies",
                RestClient.basic(RestKarafOptions.ADMIN, RestKarafOptions.ADMIN_PASSWORD), "{\"text\":\"hi\"}");
        assertEquals(404, unknown.status());
        assertFalse(unknown.body().contains("Exception"));
    }

    private static String viewer() {
        return RestClient.basic(RestKarafOptions.VIEWER, RestKarafOptions.VIEWER_PASSWORD);
    }

    private static String tabToken(String contactId, Instant expiry) {
        return RestClient.bearer(new TabToken("Contacts", contactId, "alice", expiry)
                .sign(RestKarafOptions.TAB_SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    private static Interaction interaction(String channel, String id, SocialIdentity author, String text, Instant at) {
        return Interaction.builder(channel, id).kind(id.equals("s2") ? InteractionKind.REPLY : InteractionKind.MENTION)
                .account(channel.equals("itest-chat") ? "bot" : "brand").author(author).text(text).occurredAt(at)
                .inReplyTo(id.equals("s2") ? "s1" : null).threadId(channel.equals("itest-social") ? "s1" : null)
                .build();
    }
}
