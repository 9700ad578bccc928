package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.api.ContactRef;

/** A person: identities, tags, scores and counts; linking and tagging. */
class ContactsApiTest extends ApiTestBase {

    @Test
    void thePersonWithIdentitiesTagsScoresAndCounts() {
        Http.Answer answer = get("/contacts/Contacts/c-ana", ALICE_FOR_ANA);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(TimelineApiTest.fieldNames(json)).containsExactlyInAnyOrder("contact", "identities", "tags", "scores",
                "counts");
        assertThat(handles(json)).containsExactly("feeds:ana@example.org", "mastodon:ana@social.example", "telegram:ana_t");
        JsonNode mastodon = json.path("identities").get(1);
        assertThat(mastodon.path("displayName").asText()).isEqualTo("Ana");
        assertThat(mastodon.path("profileUrl").asText()).isEqualTo("https://social.example/@ana");
        assertThat(TimelineApiTest.fieldNames(mastodon)).containsExactlyInAnyOrder("channel", "handle", "displayName",
                "profileUrl");
        assertThat(json.path("tags").get(0).path("name").asText()).isEqualTo("vip");
        assertThat(json.path("scores").path("engagement").asDouble()).isEqualTo(62.5);
        assertThat(json.path("scores").path("sentiment").asDouble()).isEqualTo(0.25);
        assertThat(json.path("scores").path("lastContact").asText()).isEqualTo("2026-11-20T11:00:00Z");
        assertThat(json.path("counts").path("interactions").asLong()).isEqualTo(4);
        assertThat(json.path("counts").path("byChannel").path("mastodon").asLong()).isEqualTo(2);
    }

    @Test
    void aPersonWithoutScoresYetHasNullScores() {
        JsonNode json = get("/contacts/Contacts/c-ben", VIEWER).json();

        assertThat(json.get("scores").isNull()).isTrue();
        assertThat(json.path("counts").path("interactions").asLong()).isEqualTo(1);
    }

    @Test
    void anAdminLinksAndUnlinksIdentities() {
        Http.Answer linked = post("/contacts/Contacts/c-ana/identities", ADMIN,
                "{\"channel\":\"bluesky\",\"handle\":\"ana.bsky.social\"}");
        assertThat(linked.status()).isEqualTo(200);
        assertThat(handles(linked.json())).contains("bluesky:ana.bsky.social");
        assertThat(fakes.links.get(Fakes.identityKey("bluesky", "ana.bsky.social")))
                .isEqualTo(new ContactRef("Contacts", "c-ana", ContactRef.Method.MANUAL, 1.0));

        Http.Answer unlinked = delete("/contacts/Contacts/c-ana/identities?channel=telegram&handle=ana_t", ADMIN);
        assertThat(unlinked.status()).isEqualTo(200);
        assertThat(handles(unlinked.json())).doesNotContain("telegram:ana_t");
        assertThat(fakes.links).doesNotContainKey(Fakes.identityKey("telegram", "ana_t"));
    }

    @Test
    void anIdentityLinkedToSomeoneElseIsNotUnlinkedThroughThisPerson() {
        Http.Answer answer = delete("/contacts/Contacts/c-ana/identities?channel=mastodon&handle=ben@social.example",
                ADMIN);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.code()).isEqualTo("not_found");
        assertThat(fakes.links).containsKey(Fakes.identityKey("mastodon", "ben@social.example"));
    }

    @Test
    void linkingChecksItsBody() {
        Http.Answer noHandle = post("/contacts/Contacts/c-ana/identities", ADMIN, "{\"channel\":\"bluesky\"}");
        assertThat(noHandle.status()).isEqualTo(400);
        assertThat(noHandle.json().path("message").asText()).isEqualTo("'handle' is required");

        Http.Answer badChannel = post("/contacts/Contacts/c-ana/identities", ADMIN,
                "{\"channel\":\"blue sky\",\"handle\":\"x\"}");
        assertThat(badChannel.status()).isEqualTo(400);
        assertThat(badChannel.json().path("message").asText()).startsWith("channel 'blue sky'");

        Http.Answer missingQuery = delete("/contacts/Contacts/c-ana/identities", ADMIN);
        assertThat(missingQuery.status()).isEqualTo(400);
    }

    @Test
    void theTabTagsAndUntagsThePersonAsItsCrmUser() {
        Http.Answer added = post("/contacts/Contacts/c-ana/tags", ALICE_FOR_ANA, "{\"tag\":\"  Prospect \"}");
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().path("changed").asBoolean()).isTrue();
        assertThat(names(added.json())).containsExactly("prospect", "vip");
        assertThat(added.json().path("tags").get(0).path("source").asText()).isEqualTo("user:crm:alice");

        Http.Answer again = post("/contacts/Contacts/c-ana/tags", ALICE_FOR_ANA, "{\"tag\":\"prospect\"}");
        assertThat(again.json().path("changed").asBoolean()).isFalse();

        Http.Answer removed = delete("/contacts/Contacts/c-ana/tags/vip", ALICE_FOR_ANA);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().path("changed").asBoolean()).isTrue();
        assertThat(names(removed.json())).containsExactly("prospect");

        Http.Answer absent = delete("/contacts/Contacts/c-ana/tags/vip", ALICE_FOR_ANA);
        assertThat(absent.json().path("changed").asBoolean()).isFalse();
    }

    @Test
    void aTagTheStoreRefusesIsAnInvalidRequestWithItsReason() {
        Http.Answer answer = post("/contacts/Contacts/c-ana/tags", ADMIN, "{\"tag\":\"no/slashes\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("invalid_request");
        assertThat(answer.json().path("message").asText()).contains("may only contain letters");
    }

    @Test
    void aContactOfAnotherShapeIsAnInvalidRequest() {
        Http.Answer answer = get("/contacts/1Contacts/c-ana", VIEWER);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("message").asText()).contains("must be a CRM module name");
    }

    private static List<String> handles(JsonNode json) {
        List<String> handles = new ArrayList<>();
        json.path("identities").forEach(i -> handles.add(i.path("channel").asText() + ":" + i.path("handle").asText()));
        return handles;
    }

    private static List<String> names(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.path("tags").forEach(t -> names.add(t.path("name").asText()));
        return names;
    }
}
