package org.parley.channel.meta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.Reply;
import org.parley.api.SocialIdentity;
import org.parley.camel.OutboundReply;
import org.parley.camel.RateLimitedException;
import org.parley.camel.ReplyRefusedException;
import org.parley.channel.testkit.MutableClock;

/** Each kind of reply, as the Graph API test server receives it, and Meta's refusals as the reply desk needs them. */
class ReplySenderTest {

    private static final Instant WRITTEN = Instant.parse("2025-06-15T10:00:00Z");

    private GraphServer graph;
    private MutableClock clock;
    private ReplySender sender;

    @BeforeEach
    void start() throws Exception {
        graph = GraphServer.start();
        clock = new MutableClock(WRITTEN.plus(Duration.ofHours(2)));
        sender = sender(TestSettings.settings(graph.url()));
    }

    private ReplySender sender(MetaSettings settings) {
        return new ReplySender(new GraphApi(settings), settings, clock);
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private static Interaction original(String externalId, InteractionKind kind, String author, String inReplyTo,
                                        String threadId) {
        return Interaction.builder("meta", externalId).kind(kind).account("brand")
                .author(new SocialIdentity("meta", author, null, null, null, null)).text("hello")
                .url("https://www.facebook.com/acme/posts/pfbid02abc")
                .occurredAt(WRITTEN).inReplyTo(inReplyTo).threadId(threadId).build();
    }

    private static OutboundReply reply(Interaction original, String text) {
        Reply reply = new Reply(7, new InteractionKey("meta", original.externalId()), "brand", text, "agent",
                Reply.Status.PENDING, null, "key-7", null, null, null, 1, WRITTEN.plusSeconds(60), null);
        return new OutboundReply(reply, original, false);
    }

    private GraphServer.Request onlyPost() {
        assertThat(graph.posts()).hasSize(1);
        return graph.posts().get(0);
    }

    @Test
    void aFacebookCommentIsAnsweredOnItsCommentsEdge() {
        Interaction comment = original("fb:555_900", InteractionKind.COMMENT, "fb:7000", null, "fb:104_555");

        ReplySender.Sent sent = sender.post(reply(comment, "Sorry! We sent you a message."));

        GraphServer.Request post = onlyPost();
        assertThat(post.path()).isEqualTo("/v21.0/555_900/comments");
        assertThat(post.json().path("message").asText()).isEqualTo("Sorry! We sent you a message.");
        assertThat(post.header("Authorization")).isEqualTo("Bearer " + TestSettings.ACCESS_TOKEN);
        assertThat(post.query()).containsKey("appsecret_proof").doesNotContainKey("access_token");
        assertThat(sent.externalId()).startsWith("fb:900_");
        assertThat(sent.url()).isEqualTo("https://www.facebook.com/acme/posts/pfbid02abc");
    }

    @Test
    void aReplyToAFacebookReplyGoesToTheTopLevelComment() {
        Interaction reply = original("fb:555_901", InteractionKind.COMMENT, "fb:7001", "fb:555_900", "fb:104_555");

        sender.post(reply(reply, "Thanks both"));

        assertThat(onlyPost().path()).isEqualTo("/v21.0/555_900/comments");
    }

    @Test
    void anInstagramCommentIsAnsweredOnItsRepliesEdge() {
        Interaction comment = original("ig:17860000000000001", InteractionKind.COMMENT, "ig:1780000000000001", null,
                "ig:17900000000000001");

        ReplySender.Sent sent = sender.post(reply(comment, "In our shop downtown!"));

        GraphServer.Request post = onlyPost();
        assertThat(post.path()).isEqualTo("/v21.0/17860000000000001/replies");
        assertThat(post.json().path("message").asText()).isEqualTo("In our shop downtown!");
        assertThat(sent.externalId()).startsWith("ig:");
        assertThat(sent.url()).isNull();
    }

    @Test
    void anInstagramMentionIsAnsweredThroughTheMentionsEdge() {
        Interaction inComment = original("ig:17870000000000001", InteractionKind.MENTION, "ig:@foodie", null,
                "ig:17910000000000001");
        Interaction inCaption = original("ig:17910000000000002", InteractionKind.MENTION, "ig:@runner", null,
                "ig:17910000000000002");

        sender.post(reply(inComment, "Yes, it is vegan"));
        sender.post(reply(inCaption, "Enjoy them!"));

        assertThat(graph.posts()).hasSize(2);
        JsonNode first = graph.posts().get(0).json();
        assertThat(graph.posts().get(0).path()).isEqualTo("/v21.0/" + TestSettings.IG_ACCOUNT_ID + "/mentions");
        assertThat(first.path("media_id").asText()).isEqualTo("17910000000000001");
        assertThat(first.path("comment_id").asText()).isEqualTo("17870000000000001");
        JsonNode second = graph.posts().get(1).json();
        assertThat(second.path("media_id").asText()).isEqualTo("17910000000000002");
        assertThat(second.has("comment_id")).isFalse();
    }

    @Test
    void aMessengerMessageIsAnsweredInsideTheWindowAsAResponse() {
        Interaction dm = original("fb:m_Abc", InteractionKind.DIRECT_MESSAGE, "fb:2400000000000001", null, "fb:dm:2400000000000001");

        ReplySender.Sent sent = sender.post(reply(dm, "Yes, size M is in stock."));

        GraphServer.Request post = onlyPost();
        assertThat(post.path()).isEqualTo("/v21.0/" + TestSettings.PAGE_ID + "/messages");
        JsonNode body = post.json();
        assertThat(body.path("recipient").path("id").asText()).isEqualTo("2400000000000001");
        assertThat(body.path("messaging_type").asText()).isEqualTo("RESPONSE");
        assertThat(body.path("message").path("text").asText()).isEqualTo("Yes, size M is in stock.");
        assertThat(sent.externalId()).startsWith("fb:m_Reply");
    }

    @Test
    void anInstagramMessageGoesThroughThePageOrWithoutAPageThroughTheInstagramAccount() {
        Interaction dm = original("ig:aWdf", InteractionKind.DIRECT_MESSAGE, "ig:1780000000000001", null, "ig:dm:1780000000000001");

        sender.post(reply(dm, "We ship to Austria"));
        sender(TestSettings.settings(graph.url(), Map.of("pageId", ""))).post(reply(dm, "We ship to Austria"));

        assertThat(graph.posts()).extracting(GraphServer.Request::path).containsExactly(
                "/v21.0/" + TestSettings.PAGE_ID + "/messages", "/v21.0/" + TestSettings.IG_ACCOUNT_ID + "/messages");
        assertThat(graph.posts().get(0).json().path("recipient").path("id").asText()).isEqualTo("1780000000000001");
    }

    @Test
    void aWhatsappMessageIsAnsweredWithContextMessageId() {
        Interaction wa = original("wa:wamid.HBgLMTY1MDM4", InteractionKind.DIRECT_MESSAGE, "wa:16505551234", null,
                "wa:dm:16505551234");

        ReplySender.Sent sent = sender.post(reply(wa, "Yes, also in green."));

        GraphServer.Request post = onlyPost();
        assertThat(post.path()).isEqualTo("/v21.0/" + TestSettings.WA_PHONE_NUMBER_ID + "/messages");
        JsonNode body = post.json();
        assertThat(body.path("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(body.path("to").asText()).isEqualTo("16505551234");
        assertThat(body.path("type").asText()).isEqualTo("text");
        assertThat(body.path("text").path("body").asText()).isEqualTo("Yes, also in green.");
        assertThat(body.path("context").path("message_id").asText()).isEqualTo("wamid.HBgLMTY1MDM4");
        assertThat(sent.externalId()).startsWith("wa:wamid.Reply");
    }

    @Test
    void aDirectMessageOutsideTheWindowIsRefusedBeforeAnythingIsSent() {
        Interaction dm = original("fb:m_Abc", InteractionKind.DIRECT_MESSAGE, "fb:2400000000000001", null, null);
        Interaction wa = original("wa:wamid.X", InteractionKind.DIRECT_MESSAGE, "wa:16505551234", null, null);
        clock.set(WRITTEN.plus(Duration.ofHours(24)).plusSeconds(1));

        assertThatThrownBy(() -> sender.post(reply(dm, "Late answer")))
                .isInstanceOf(ReplyRefusedException.class)
                .hasMessageContaining("reply window of this Messenger conversation closed at 2025-06-16T10:00:00Z")
                .hasMessageContaining("within 24 hours");
        assertThatThrownBy(() -> sender.post(reply(wa, "Late answer")))
                .isInstanceOf(ReplyRefusedException.class).hasMessageContaining("WhatsApp");
        assertThat(graph.requests()).as("nothing reached Meta").isEmpty();

        clock.set(WRITTEN.plus(Duration.ofHours(24)));
        sender.post(reply(dm, "Just in time"));
        assertThat(graph.posts()).hasSize(1);
    }

    @Test
    void aShorterConfiguredWindowIsKept() {
        ReplySender strict = sender(TestSettings.settings(graph.url(), Map.of("messageWindow", "PT1H")));
        Interaction dm = original("ig:aWdf", InteractionKind.DIRECT_MESSAGE, "ig:1780000000000001", null, null);

        assertThatThrownBy(() -> strict.post(reply(dm, "hi"))).isInstanceOf(ReplyRefusedException.class)
                .hasMessageContaining("within 1 hour of the person's message");
        assertThat(graph.requests()).isEmpty();
    }

    @Test
    void metasRateLimitWaitsAsLongAsItsUsageHeaderSays() {
        graph.failNext(400, GraphServer.error(32, 0, "OAuthException", "(#32) Page request limit reached"),
                GraphServer.headers("X-Business-Use-Case-Usage", "{\"104000000000001\":[{\"type\":\"pages\",\"call_count\":100,"
                        + "\"total_cputime\":30,\"total_time\":40,\"estimated_time_to_regain_access\":5}]}"));
        Interaction comment = original("fb:555_900", InteractionKind.COMMENT, "fb:7000", null, null);

        assertThatThrownBy(() -> sender.post(reply(comment, "hi")))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(e.getMessage()).contains("Page request limit reached");
                });
    }

    @Test
    void anHttp429WithoutHintsWaitsAMinute() {
        graph.failNext(429, "", Map.of());
        Interaction wa = original("wa:wamid.X", InteractionKind.DIRECT_MESSAGE, "wa:16505551234", null, null);

        assertThatThrownBy(() -> sender.post(reply(wa, "hi")))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60)));
    }

    @Test
    void aRefusedTokenIsARefusalWithMetasMessageAndNeverTheToken() {
        ReplySender wrongToken = sender(TestSettings.settings(graph.url(), Map.of("pageAccessToken", "EAAGexpiredtoken999")));
        Interaction comment = original("fb:555_900", InteractionKind.COMMENT, "fb:7000", null, null);

        assertThatThrownBy(() -> wrongToken.post(reply(comment, "hi")))
                .isInstanceOf(ReplyRefusedException.class)
                .hasMessageContaining("Meta refused the access token (Invalid OAuth access token - Cannot parse access token)")
                .hasMessageContaining("renew pageAccessToken in org.parley.channel.meta-brand.cfg")
                .hasMessageNotContaining("EAAGexpiredtoken999");
    }

    @Test
    void otherRefusalsCarryMetasMessageAndServerTroubleIsRetried() {
        Interaction comment = original("fb:555_900", InteractionKind.COMMENT, "fb:7000", null, null);
        graph.failNext(400, GraphServer.error(100, 33, "GraphMethodException",
                "Unsupported post request. Object with ID '555_900' does not exist"), Map.of());
        assertThatThrownBy(() -> sender.post(reply(comment, "hi"))).isInstanceOf(ReplyRefusedException.class)
                .hasMessage("Meta refused the Facebook comment: Unsupported post request. Object with ID '555_900' does not exist");

        graph.failNext(500, "{\"error\":{\"message\":\"An unexpected error has occurred. Please retry your request later.\","
                + "\"type\":\"OAuthException\",\"is_transient\":true,\"code\":2}}", Map.of());
        assertThatThrownBy(() -> sender.post(reply(comment, "hi")))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(ReplyRefusedException.class)
                .hasMessageContaining("HTTP 500, code 2");

        graph.failNext(400, GraphServer.error(10, 2018278, "OAuthException",
                "(#10) This message is sent outside of allowed window."), Map.of());
        Interaction dm = original("fb:m_Abc", InteractionKind.DIRECT_MESSAGE, "fb:2400000000000001", null, null);
        assertThatThrownBy(() -> sender.post(reply(dm, "hi"))).isInstanceOf(ReplyRefusedException.class)
                .hasMessageContaining("reply window of this conversation is closed");
    }

    @Test
    void aGraphApiThatCannotBeReachedIsRetried() {
        graph.close();
        Interaction comment = original("fb:555_900", InteractionKind.COMMENT, "fb:7000", null, null);

        assertThatThrownBy(() -> sender.post(reply(comment, "hi")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot connect to 127.0.0.1");
    }

    @Test
    void tooLongATextOrAnUnanswerableOriginalIsRefusedBeforeSending() {
        Interaction dm = original("ig:aWdf", InteractionKind.DIRECT_MESSAGE, "ig:1780000000000001", null, null);
        assertThatThrownBy(() -> sender.post(reply(dm, "x".repeat(1001))))
                .isInstanceOf(ReplyRefusedException.class).hasMessageContaining("1001 characters; an Instagram message takes at most 1000");

        Interaction foreign = original("m_Abc", InteractionKind.DIRECT_MESSAGE, "2400", null, null);
        assertThatThrownBy(() -> sender.post(reply(foreign, "hi")))
                .isInstanceOf(ReplyRefusedException.class).hasMessageContaining("no Meta id");

        Interaction pathTrick = original("fb:../../me", InteractionKind.COMMENT, "fb:7000", null, null);
        assertThatThrownBy(() -> sender.post(reply(pathTrick, "hi")))
                .isInstanceOf(ReplyRefusedException.class).hasMessageContaining("not a Facebook comment id");

        MetaSettings noWhatsapp = TestSettings.settings(graph.url(), Map.of("whatsappPhoneNumberId", ""));
        Interaction wa = original("wa:wamid.X", InteractionKind.DIRECT_MESSAGE, "wa:16505551234", null, null);
        assertThatThrownBy(() -> sender(noWhatsapp).post(reply(wa, "hi")))
                .isInstanceOf(ReplyRefusedException.class).hasMessageContaining("whatsappPhoneNumberId");
        assertThat(graph.requests()).isEmpty();
    }
}
