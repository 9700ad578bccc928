package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Channel status and dead letters, for admins. */
class AdminApiTest extends ApiTestBase {

    @Test
    void channelsByNameWithTheirStatus() {
        Http.Answer answer = get("/channels", VIEWER);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode channels = answer.json().path("channels");
        assertThat(channels).hasSize(3);
        assertThat(channels.get(0).path("channel").asText()).isEqualTo("feeds");
        assertThat(channels.get(0).path("status").asText()).isEqualTo("NEVER_POLLED");
        assertThat(channels.get(0).get("account").isNull()).isTrue();
        JsonNode mastodon = channels.get(1);
        assertThat(mastodon.path("status").asText()).isEqualTo("OK");
        assertThat(mastodon.path("interactions").asLong()).isEqualTo(340);
        assertThat(mastodon.path("backfill").asText()).isEqualTo("done: 340 imported");
        JsonNode telegram = channels.get(2);
        assertThat(telegram.path("status").asText()).isEqualTo("FAILING");
        assertThat(telegram.path("lastError").asText()).isEqualTo("401 Unauthorized");
        assertThat(TimelineApiTest.fieldNames(telegram)).containsExactlyInAnyOrder("channel", "account", "status",
                "lastPollAt", "lastSuccessAt", "lastError", "lastErrorAt", "interactions", "backfill", "cursor");
    }

    @Test
    void deadLettersPendingByDefaultOrAsAsked() {
        JsonNode pending = get("/deadletters", VIEWER).json().path("deadLetters");
        assertThat(pending).hasSize(1);
        JsonNode letter = pending.get(0);
        assertThat(letter.path("id").asLong()).isEqualTo(1);
        assertThat(letter.path("status").asText()).isEqualTo("PENDING");
        assertThat(letter.path("reason").asText()).isEqualTo("entry has no id");
        assertThat(letter.path("payloadLength").asInt()).isEqualTo(613);
        assertThat(letter.path("payloadPreview").asText()).hasSize(500).startsWith("<item>");

        assertThat(get("/deadletters?status=all", VIEWER).json().path("deadLetters")).hasSize(2);
        JsonNode replayed = get("/deadletters?status=replayed", VIEWER).json().path("deadLetters");
        assertThat(replayed).hasSize(1);
        assertThat(replayed.get(0).path("status").asText()).isEqualTo("REPLAYED");
        assertThat(get("/deadletters?status=all&channel=telegram", VIEWER).json().path("deadLetters")).hasSize(1);

        Http.Answer bad = get("/deadletters?status=lost", VIEWER);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("message").asText()).isEqualTo("status 'lost' must be pending, replayed or all");
    }

    @Test
    void aReplayAnswersItsOutcome() {
        Http.Answer replayed = post("/deadletters/1/replay", ADMIN, null);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.json().path("succeeded").asBoolean()).isTrue();
        assertThat(replayed.json().path("message").asText()).startsWith("replayed");

        Http.Answer again = post("/deadletters/1/replay", ADMIN, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("conflict");

        Http.Answer unknown = post("/deadletters/77/replay", ADMIN, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("message").asText()).isEqualTo("there is no dead letter 77");
    }

    @Test
    void aPayloadRefusedAgainIsAnOutcomeNotAnError() {
        fakes.deadLetters.put(3L, new org.parley.api.DeadLetter(3, "telegram", "bot", "not JSON", "{", "direct:x",
                Fakes.T0, 1, null));

        Http.Answer answer = post("/deadletters/3/replay", ADMIN, null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("succeeded").asBoolean()).isFalse();
        assertThat(answer.json().path("message").asText()).isEqualTo("refused again: not JSON");
    }
}
