package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.parley.api.Reply;
import org.parley.rest.internal.Http.Auth;

/** Replies: asked for from the tab as its CRM user, followed, approved by a second person, retried by an admin. */
class RepliesApiTest extends ApiTestBase {

    @Test
    void theTabAsksForAReplyAs202WithWhereToFollowIt() {
        Http.Answer answer = post("/interactions/mastodon/m2/replies", ALICE_FOR_ANA, "{\"text\":\"Glad to hear, Ana ✨\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        JsonNode reply = answer.json();
        assertThat(reply.path("status").asText()).isEqualTo("PENDING");
        assertThat(reply.path("requestedBy").asText()).isEqualTo("crm:alice");
        assertThat(reply.path("inReplyTo").asText()).isEqualTo("mastodon:m2");
        assertThat(reply.path("channel").asText()).isEqualTo("mastodon");
        assertThat(reply.path("account").asText()).isEqualTo("brand");
        assertThat(reply.path("text").asText()).isEqualTo("Glad to hear, Ana ✨");
        long id = reply.path("id").asLong();
        assertThat(answer.header("Location")).endsWith("/parley/api/v1/replies/" + id);

        Http.Answer followed = Http.get(java.net.URI.create(answer.header("Location")), ALICE_FOR_ANA);
        assertThat(followed.status()).isEqualTo(200);
        assertThat(followed.json().path("id").asLong()).isEqualTo(id);
        assertThat(fakes.replies.get(id).requestedBy()).isEqualTo("crm:alice");
    }

    @Test
    void aKarafUserRepliesUnderItsKarafName() {
        Http.Answer answer = post("/interactions/telegram/t1/replies", ADMIN, "{\"text\":\"您好\"}");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().path("requestedBy").asText()).isEqualTo("karaf:admin");
    }

    @Test
    void aReplyToNothingOrOfNothingIsRefused() {
        Http.Answer unknown = post("/interactions/mastodon/nope/replies", ADMIN, "{\"text\":\"hi\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("not_found");

        Http.Answer empty = post("/interactions/mastodon/m1/replies", ADMIN, "{\"text\":\"   \"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("message").asText()).isEqualTo("'text' is required");

        Http.Answer tooLong = post("/interactions/mastodon/m1/replies", ADMIN,
                "{\"text\":\"" + "x".repeat(InteractionsResource.MAX_REPLY + 1) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
    }

    @Test
    void aChannelThatCannotPostNowIsAConflictWithTheDesksReason() {
        fakes.channelDown = true;

        Http.Answer answer = post("/interactions/mastodon/m1/replies", ALICE_FOR_ANA, "{\"text\":\"hi\"}");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.code()).isEqualTo("conflict");
        assertThat(answer.json().path("message").asText()).contains("its channel route is not running");
    }

    @Test
    void aReplyAwaitingApprovalIsApprovedByASecondPersonOnly() {
        fakes.requireApproval = true;
        long id = post("/interactions/mastodon/m1/replies", ALICE_FOR_ANA, "{\"text\":\"We are on it\"}")
                .json().path("id").asLong();
        assertThat(fakes.replies.get(id).status()).isEqualTo(Reply.Status.AWAITING_APPROVAL);

        Http.Answer byAuthor = post("/replies/" + id + "/approve", ALICE_FOR_ANA, null);
        assertThat(byAuthor.status()).isEqualTo(409);
        assertThat(byAuthor.json().path("message").asText()).contains("a second person must approve it");

        Auth bob = Auth.bearer(ApiServer.tabToken("Contacts", "c-ana", "bob"));
        Http.Answer bySecond = post("/replies/" + id + "/approve", bob, null);
        assertThat(bySecond.status()).isEqualTo(200);
        assertThat(bySecond.json().path("status").asText()).isEqualTo("PENDING");
        assertThat(bySecond.json().path("approvedBy").asText()).isEqualTo("crm:bob");
    }

    @Test
    void onlyAFailedReplyIsRetried() {
        Http.Answer failed = post("/replies/3/retry", ADMIN, null);
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().path("status").asText()).isEqualTo("PENDING");

        Http.Answer sent = post("/replies/1/retry", ADMIN, null);
        assertThat(sent.status()).isEqualTo(409);
        assertThat(sent.json().path("message").asText()).isEqualTo("Reply 1 is SENT; only a FAILED reply can be retried");
    }

    @Test
    void unknownAndMalformedReplyIds() {
        Http.Answer unknown = get("/replies/999", VIEWER);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("message").asText()).isEqualTo("there is no reply 999");

        Http.Answer malformed = get("/replies/abc", VIEWER);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("message").asText()).isEqualTo("reply id 'abc' is not a number");

        assertThat(post("/replies/999/approve", ADMIN, null).status()).isEqualTo(404);
    }

    @Test
    void aTabSeesTheRepliesToItsContactOnly() {
        // Reply 4 answers Ben.
        Http.Answer answer = get("/replies/4", ALICE_FOR_ANA);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().path("message").asText()).isEqualTo("the tab token is for another contact");
        assertThat(get("/replies/4", Auth.bearer(ApiServer.tabToken("Contacts", "c-ben", "alice"))).status())
                .isEqualTo(200);
    }

    @Test
    void aTabCannotTagOrAnswerAnotherPersonsInteraction() {
        assertThat(post("/interactions/mastodon/b1/replies", ALICE_FOR_ANA, "{\"text\":\"hi\"}").status()).isEqualTo(403);
        assertThat(post("/interactions/mastodon/b1/tags", ALICE_FOR_ANA, "{\"tag\":\"x\"}").status()).isEqualTo(403);
        assertThat(fakes.replies).hasSize(4);
    }
}
