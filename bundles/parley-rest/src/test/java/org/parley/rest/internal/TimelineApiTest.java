package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GET /contacts/{type}/{id}/timeline: one person, every channel, newest first, threaded, tagged, paged. */
class TimelineApiTest extends ApiTestBase {

    @Test
    void everyLinkedChannelNewestFirstWithEveryDocumentedField() {
        Http.Answer answer = get("/contacts/Contacts/c-ana/timeline", ALICE_FOR_ANA);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode json = answer.json();
        assertThat(json.path("contact").path("type").asText()).isEqualTo("Contacts");
        assertThat(json.path("contact").path("id").asText()).isEqualTo("c-ana");
        assertThat(keys(json)).containsExactly("feeds:" + Fakes.FEED_ID, "telegram:t1", "mastodon:m2", "mastodon:m1");
        assertThat(json.get("nextCursor").isNull()).isTrue();

        JsonNode m1 = json.path("entries").get(3);
        assertThat(fieldNames(m1)).containsExactlyInAnyOrder("key", "ref", "channel", "externalId", "kind", "account",
                "author", "text", "url", "media", "occurredAt", "inReplyTo", "threadId", "language", "sentiment", "tags",
                "metrics", "rating", "replies");
        assertThat(m1.path("ref").asText()).isEqualTo("mastodon/m1");
        assertThat(m1.path("kind").asText()).isEqualTo("MENTION");
        assertThat(m1.path("account").asText()).isEqualTo("brand");
        assertThat(m1.path("text").asText()).isEqualTo("@brand my order never arrived 😡");
        assertThat(m1.path("occurredAt").asText()).isEqualTo("2026-11-20T08:00:00Z");
        assertThat(m1.path("sentiment").asDouble()).isEqualTo(-0.8);
        assertThat(m1.path("threadId").asText()).isEqualTo("m1");
        assertThat(m1.get("inReplyTo").isNull()).isTrue();
        assertThat(m1.get("rating").isNull()).isTrue();
        assertThat(m1.path("metrics").path("likes").asLong()).isEqualTo(2);
        assertThat(m1.path("author").path("handle").asText()).isEqualTo("ana@social.example");
        assertThat(m1.path("author").path("profileUrl").asText()).isEqualTo("https://social.example/@ana");
        // What the channel revealed beyond the public profile stays out of the API.
        assertThat(fieldNames(m1.path("author"))).containsExactlyInAnyOrder("channel", "handle", "displayName", "profileUrl");
        assertThat(answer.body()).doesNotContain("+31 6 1234 5678");
        JsonNode tag = m1.path("tags").get(0);
        assertThat(tag.path("name").asText()).isEqualTo("complaint");
        assertThat(tag.path("source").asText()).isEqualTo("rule:complaints");
        assertThat(tag.path("at").asText()).isEqualTo("2026-11-20T08:00:00Z");
        // The reply Parley posted appears under the interaction it answers.
        JsonNode reply = m1.path("replies").get(0);
        assertThat(reply.path("text").asText()).isEqualTo("Sorry! Looking into it.");
        assertThat(reply.path("status").asText()).isEqualTo("SENT");
        assertThat(reply.path("inReplyTo").asText()).isEqualTo("mastodon:m1");

        JsonNode m2 = json.path("entries").get(2);
        assertThat(m2.path("inReplyTo").asText()).isEqualTo("m1");
        assertThat(m2.path("threadId").asText()).isEqualTo("m1");
        assertThat(m2.path("text").asText()).isEqualTo("شكرا، وصل الطلب");
        assertThat(m2.path("language").asText()).isEqualTo("ar");
        assertThat(m2.path("replies").get(0).path("status").asText()).isEqualTo("AWAITING_APPROVAL");

        JsonNode t1 = json.path("entries").get(1);
        assertThat(t1.path("text").asText()).isEqualTo("你好，我想问一下");
        assertThat(t1.get("sentiment").isNull()).isTrue();
        assertThat(t1.path("tags").isArray()).isTrue();
        assertThat(t1.path("tags")).isEmpty();
    }

    @Test
    void untrustedTextComesBackAsItWasStoredInJson() {
        JsonNode review = get("/contacts/Contacts/c-ana/timeline", ALICE_FOR_ANA).json().path("entries").get(0);

        assertThat(review.path("text").asText()).isEqualTo("<script>alert(1)</script> Five stars");
        assertThat(review.path("rating").asInt()).isEqualTo(5);
        assertThat(review.path("kind").asText()).isEqualTo("REVIEW");
    }

    @Test
    void anExternalIdThatIsNoPathSegmentHasARefTheInteractionEndpointsTake() {
        JsonNode review = get("/contacts/Contacts/c-ana/timeline", ALICE_FOR_ANA).json().path("entries").get(0);
        String ref = review.path("ref").asText();
        assertThat(ref).startsWith("feeds/b64.");

        Http.Answer tagged = post("/interactions/" + ref + "/tags", ALICE_FOR_ANA, "{\"tag\":\"praise\"}");

        assertThat(tagged.status()).as(tagged.body()).isEqualTo(200);
        assertThat(tagged.json().path("tags").get(0).path("name").asText()).isEqualTo("praise");
        assertThat(tagged.json().path("tags").get(0).path("source").asText()).isEqualTo("user:crm:alice");
    }

    @Test
    void pagesFollowTheCursorToTheEnd() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Answer page = get("/contacts/Contacts/c-ana/timeline?limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor), VIEWER);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().path("entries").forEach(e -> seen.add(e.path("key").asText()));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactly("feeds:" + Fakes.FEED_ID, "telegram:t1", "mastodon:m2", "mastodon:m1");
    }

    @Test
    void aBadCursorOrLimitIsAnInvalidRequest() {
        Http.Answer cursor = get("/contacts/Contacts/c-ana/timeline?cursor=bogus", VIEWER);
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.code()).isEqualTo("invalid_request");
        assertThat(cursor.json().path("message").asText()).contains("pass nextCursor unchanged");

        Http.Answer limit = get("/contacts/Contacts/c-ana/timeline?limit=201", VIEWER);
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.json().path("message").asText()).isEqualTo("limit '201' must be a number from 1 to 200");
    }

    @Test
    void aRecordParleyDoesNotKnowHasAnEmptyTimeline() {
        Http.Answer answer = get("/contacts/Leads/nobody/timeline", VIEWER);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("entries")).isEmpty();
        assertThat(answer.json().get("nextCursor").isNull()).isTrue();
    }

    private static List<String> keys(JsonNode json) {
        List<String> keys = new ArrayList<>();
        json.path("entries").forEach(e -> keys.add(e.path("key").asText()));
        return keys;
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
