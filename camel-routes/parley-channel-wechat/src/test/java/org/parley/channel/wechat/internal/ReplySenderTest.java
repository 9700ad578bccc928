package org.parley.channel.wechat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.Reply;
import org.parley.api.SocialIdentity;
import org.parley.camel.OutboundReply;
import org.parley.camel.ReplyRefusedException;
import org.parley.channel.testkit.MutableClock;

/** How the sender reports what it cannot know: a message cut off after sending, a WeChat that cannot be reached. */
class ReplySenderTest {

    private static final Instant NOW = Instant.parse("2025-06-15T16:00:00Z");

    private WeChatServer wechat;
    private ReplySender sender;

    @BeforeEach
    void start() throws Exception {
        wechat = WeChatServer.start();
        sender = sender(wechat.url().toString());
    }

    @AfterEach
    void stop() {
        wechat.close();
    }

    private static ReplySender sender(String apiBaseUrl) {
        WeChatSettings settings = TestAccounts.settings(java.net.URI.create(apiBaseUrl), Map.of("readTimeout", "PT1S"));
        MutableClock clock = new MutableClock(NOW);
        WeChatApi api = new WeChatApi(settings);
        return new ReplySender(api, new AccessTokens(api, clock), settings, null, clock);
    }

    private static OutboundReply outbound(String text) {
        Interaction original = Interaction.builder("wechat", TestAccounts.GH + ":1").kind(InteractionKind.DIRECT_MESSAGE)
                .account("brand").author(SocialIdentity.of("wechat", TestAccounts.OPEN_ID, null)).text("hi")
                .occurredAt(NOW.minusSeconds(60)).build();
        Reply reply = new Reply(7, original.key(), "brand", text, "agent", Reply.Status.PENDING, null, "k-7", null, null,
                null, 0, NOW, null);
        return new OutboundReply(reply, original, false);
    }

    @Test
    void aMessageWithNoAnswerAfterSendingIsNotSentAgainBlindly() {
        sender.send(outbound("warm up")); // the token is fetched and cached
        wechat.stallNextSend(Duration.ofSeconds(3));

        assertThatThrownBy(() -> sender.send(outbound("slow")))
                .isInstanceOf(ReplyRefusedException.class).hasMessageContaining("it may have been sent");
        assertThat(wechat.sent()).extracting(WeChatServer.Sent::content).containsExactly("warm up", "slow");
    }

    @Test
    void aWeChatThatCannotBeReachedIsTriedAgainLater() {
        ReplySender unreachable = sender("http://127.0.0.1:" + freePort());
        assertThatThrownBy(() -> unreachable.send(outbound("hello")))
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(ReplyRefusedException.class)
                .hasMessageContaining("GET /cgi-bin/token").hasMessageContaining("cannot connect");
    }

    @Test
    void theIdOfASentReplyNamesTheAccountAndTheReply() {
        assertThat(sender.send(outbound("hello"))).isEqualTo(TestAccounts.GH + ":cs:7");
        assertThatThrownBy(() -> sender.send(outbound("  "))).isInstanceOf(ReplyRefusedException.class)
                .hasMessageContaining("empty");
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
