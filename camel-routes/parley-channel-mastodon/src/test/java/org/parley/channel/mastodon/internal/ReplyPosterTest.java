package org.parley.channel.mastodon.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.Reply;
import org.parley.camel.OutboundReply;
import org.parley.camel.RateLimitedException;
import org.parley.camel.ReplyRefusedException;
import org.parley.channel.testkit.MutableClock;

/** How a reply becomes a status, against the test server. */
class ReplyPosterTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final MutableClock clock = new MutableClock(now);
    private MastodonServer server;
    private MastodonApi api;
    private ReplyPoster poster;
    private MastodonMapper mapper;

    @BeforeEach
    void start() throws Exception {
        server = new MastodonServer(TestSettings.TOKEN);
        MastodonSettings settings = TestSettings.of(server.baseUrl(), 40, Duration.ofDays(7));
        api = new MastodonApi(settings, clock);
        poster = new ReplyPoster(api, clock);
        mapper = new MastodonMapper("brand", MastodonServer.DOMAIN, "direct:x");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Interaction original(ObjectNode notification) {
        return mapper.map(notification).interactions().get(0);
    }

    private static OutboundReply reply(Interaction original, String text, String key, Instant requestedAt, boolean uncertain) {
        Reply reply = new Reply(7, original.key(), "brand", text, "alice", Reply.Status.PENDING, null, key, null, null, null,
                1, requestedAt, null);
        return new OutboundReply(reply, original, uncertain);
    }

    @Test
    void aReplyAnswersTheStatusMentionsItsAuthorAndCarriesTheIdempotencyKey() {
        Interaction original = original(server.mention(1, "Where is my parcel?", "unlisted", null, now));

        PostedStatus posted = poster.post(reply(original, "It left our warehouse today.", "key-1", now, false));

        assertThat(posted.id()).isNotBlank();
        assertThat(posted.url()).isEqualTo("https://social.example/@brand/" + posted.id());
        MastodonServer.Request post = server.requests.get(server.requests.size() - 1);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/api/v1/statuses");
        assertThat(post.idempotencyKey()).isEqualTo("key-1");
        assertThat(post.authorization()).isEqualTo("Bearer " + TestSettings.TOKEN);
        assertThat(post.body().path("status").asText()).isEqualTo("@user1@remote.example It left our warehouse today.");
        assertThat(post.body().path("in_reply_to_id").asText()).isEqualTo(MastodonServer.statusId(1));
        assertThat(post.body().path("visibility").asText()).isEqualTo("unlisted");
    }

    @Test
    void theSameKeyGivesTheSameStatusAndNoSecondPost() {
        Interaction original = original(server.mention(2, "Hello"));

        PostedStatus first = poster.post(reply(original, "Hi!", "key-2", now, false));
        PostedStatus again = poster.post(reply(original, "Hi!", "key-2", now, true));

        assertThat(again).isEqualTo(first);
        assertThat(server.postsInReplyTo(MastodonServer.statusId(2))).isEqualTo(1);
    }

    @Test
    void aReplyNeverWidensTheConversation() {
        Interaction dm = original(server.mention(3, "private question", "direct", null, now));
        Interaction followersOnly = original(server.mention(4, "followers only", "private", null, now));
        assertThat(dm.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);

        poster.post(reply(dm, "answer", "k3", now, false));
        poster.post(reply(followersOnly, "answer", "k4", now, false));

        assertThat(server.posted()).extracting(s -> s.path("in_reply_to_id").asText() + "=" + s.path("visibility").asText())
                .containsExactlyInAnyOrder(MastodonServer.statusId(3) + "=direct", MastodonServer.statusId(4) + "=private");
        assertThat(ReplyPoster.visibility(dm.withRaw(null))).isEqualTo("direct");
        Interaction unknown = Interaction.builder("mastodon", "1").kind(InteractionKind.MENTION).raw("not json").build();
        assertThat(ReplyPoster.visibility(unknown)).isEqualTo("direct"); // unknown: the narrowest
    }

    @Test
    void theAuthorIsMentionedOnceOnly() {
        assertThat(ReplyPoster.withMention("alice@remote.example", "Thanks")).isEqualTo("@alice@remote.example Thanks");
        assertThat(ReplyPoster.withMention("alice@remote.example", "@Alice@Remote.example thanks")).isEqualTo("@Alice@Remote.example thanks");
        assertThat(ReplyPoster.withMention("alice@remote.example", "@alice, thanks")).isEqualTo("@alice, thanks");
        assertThat(ReplyPoster.withMention("alice@remote.example", "@alicia thanks")).isEqualTo("@alice@remote.example @alicia thanks");
        assertThat(ReplyPoster.withMention("alice@remote.example", "@alice@other.example hi")).isEqualTo("@alice@remote.example @alice@other.example hi");
    }

    @Test
    void aCutOffAttemptOlderThanMastodonsMemoryOfTheKeyIsLeftForAPerson() {
        Interaction original = original(server.mention(5, "Hello"));
        int before = server.requests.size();

        assertThatThrownBy(() -> poster.post(reply(original, "Hi!", "key-5", now.minus(Duration.ofMinutes(51)), true)))
                .isInstanceOf(ReplyRefusedException.class)
                .hasMessageContaining("cannot tell whether the reply went out").hasMessageContaining("retry the reply only if it is missing");
        assertThat(server.requests).hasSize(before);
        // Not cut off (a plain retry), or cut off recently: posted.
        assertThat(poster.post(reply(original, "Hi!", "key-5", now.minus(Duration.ofMinutes(49)), true)).id()).isNotBlank();
    }

    @Test
    void aDeletedOriginalOrARefusedTextIsRefusedForGood() {
        Interaction deleted = original(server.mention(6, "Hello"));
        server.delete(MastodonServer.statusId(6));
        Interaction original = original(server.mention(7, "Hello"));

        assertThatThrownBy(() -> poster.post(reply(deleted, "Hi", "k6", now, false)))
                .isInstanceOf(ReplyRefusedException.class)
                .hasMessageStartingWith("The post being answered was deleted on Mastodon");
        assertThatThrownBy(() -> poster.post(reply(original, "x".repeat(495), "k7", now, false)))
                .isInstanceOf(ReplyRefusedException.class)
                .hasMessage("Mastodon refused the reply: Validation failed: Text character limit of 500 exceeded. "
                        + "Change the text and send it again.");
    }

    @Test
    void aRateLimitAsksParleyToWaitUntilTheReset() {
        Interaction original = original(server.mention(8, "Hello"));
        server.rateLimitNext(1, Duration.ofSeconds(40));

        assertThatThrownBy(() -> poster.post(reply(original, "Hi", "k8", now, false)))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter())
                        .isBetween(Duration.ofSeconds(38), Duration.ofSeconds(41)));
        int sent = server.requests.size();
        // The gate is closed: the next reply waits without asking the server.
        assertThatThrownBy(() -> poster.post(reply(original, "Hi", "k8", now, false))).isInstanceOf(RateLimitedException.class);
        assertThat(server.requests).hasSize(sent);
    }

    @Test
    void aRefusedTokenIsRetriedWithAClearMessage() {
        Interaction original = original(server.mention(9, "Hello"));
        server.expireToken(true);

        assertThatThrownBy(() -> poster.post(reply(original, "Hi", "k9", now, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("access token refused: POST " + server.baseUrl() + "/api/v1/statuses answered HTTP 401")
                .hasMessageNotContaining(TestSettings.TOKEN);
    }
}
