package org.parley.channel.bluesky.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.Reply;
import org.parley.camel.OutboundReply;
import org.parley.camel.RateLimitedException;
import org.parley.camel.ReplyRefusedException;

/** Posting one reply, against the test server: idempotence, refusals, rate limits. */
class ReplyPosterTest {

    private BlueskyServer server;
    private ReplyPoster poster;

    @BeforeEach
    void start() throws Exception {
        server = new BlueskyServer();
        poster = new Wiring(Settings.forServer(server.url(), 50, Duration.ofDays(7))).poster();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Interaction original(ObjectNode notification) {
        server.publish(notification);
        NotificationMapper mapper = new NotificationMapper("acme", "direct:x", java.time.Clock.systemUTC());
        return mapper.map(List.of(Notification.of(notification))).interactions().get(0);
    }

    private static OutboundReply reply(Interaction original, String text, boolean uncertain) {
        Reply reply = new Reply(7, original.key(), "acme", text, "alice", Reply.Status.PENDING, null,
                "5b0e8a61-8c2a-4d1e-9f4a-0d7f3c2b1a90", null, null, null, uncertain ? 1 : 0,
                Instant.parse("2026-11-22T10:15:30.250Z"), null);
        return new OutboundReply(reply, original, uncertain);
    }

    @Test
    void postsWithAKeyDerivedFromTheReplyAndLooksUpAnAttemptThatWasCutOff() {
        Interaction original = original(server.notification(1, "mention", "hi"));

        ReplyPoster.Posted first = poster.post(reply(original, "Hello!", false));
        ReplyPoster.Posted again = poster.post(reply(original, "Hello!", true));

        assertThat(again).isEqualTo(first);
        assertThat(server.createRecords).hasValue(1);
        assertThat(server.requests("com.atproto.repo.getRecord")).hasSize(1);
        String rkey = RecordKey.forReply(Instant.parse("2026-11-22T10:15:30Z"), "5b0e8a61-8c2a-4d1e-9f4a-0d7f3c2b1a90");
        assertThat(first.uri()).isEqualTo("at://" + BlueskyServer.DID + "/app.bsky.feed.post/" + rkey);
        assertThat(first.url()).isEqualTo("https://bsky.app/profile/bloemenhuis.bsky.social/post/" + rkey);
    }

    @Test
    void anErrorAnswerAfterTheCommitIsResolvedByLookingThePostUp() {
        Interaction original = original(server.notification(1, "mention", "hi"));
        server.failNextCreateAfterCommit();

        ReplyPoster.Posted posted = poster.post(reply(original, "Hello!", false));

        assertThat(posted.uri()).startsWith("at://" + BlueskyServer.DID + "/app.bsky.feed.post/");
        assertThat(server.createRecords).hasValue(1);
        assertThat(server.repliesTo(BlueskyServer.uriOf(1))).isEqualTo(1);
    }

    @Test
    void anUncertainReplyThatNeverWentOutIsPosted() {
        Interaction original = original(server.notification(1, "mention", "hi"));

        poster.post(reply(original, "Hello!", true));

        assertThat(server.repliesTo(BlueskyServer.uriOf(1))).isEqualTo(1);
        assertThat(server.createRecords).hasValue(1);
    }

    @Test
    void aTakenKeyHoldingAnotherPostIsRefusedNotClaimed() {
        Interaction original = original(server.notification(1, "mention", "hi"));
        poster.post(reply(original, "Hello!", false));

        assertThatThrownBy(() -> poster.post(reply(original, "Something else", false)))
                .isInstanceOf(ReplyRefusedException.class)
                .hasMessageContaining("another post of the Bluesky account already uses its record key");
        assertThat(server.repliesTo(BlueskyServer.uriOf(1))).isEqualTo(1);
    }

    @Test
    void aRateLimitAsksTheReplyDeskToWait() {
        Interaction original = original(server.notification(1, "mention", "hi"));
        poster.post(reply(original, "warm-up", false)); // logs in
        server.rateLimitNext(1);

        assertThatThrownBy(() -> poster.post(reply(original, "Hello!", false)))
                .isInstanceOf(RateLimitedException.class)
                .satisfies(e -> assertThat(((RateLimitedException) e).retryAfter())
                        .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void aReplyBlueskyWillNeverTakeIsRefusedWithAReasonACrmUserUnderstands() {
        Interaction original = original(server.notification(1, "mention", "hi"));

        assertThatThrownBy(() -> poster.post(reply(original, "x".repeat(301), false)))
                .isInstanceOf(ReplyRefusedException.class)
                .hasMessage("The reply has 301 characters; Bluesky takes at most 300");
        assertThat(server.createRecords).hasValue(0);

        server.refuseNextCreate("Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes");
        assertThatThrownBy(() -> poster.post(reply(original, "Hello!", false)))
                .isInstanceOf(ReplyRefusedException.class)
                .hasMessage("Bluesky refused the reply: Invalid app.bsky.feed.post record: Record/text must not be longer "
                        + "than 300 graphemes");
    }

    @Test
    void aPostStoredWithoutItsCidCannotBeAnswered() {
        Interaction original = original(server.notification(1, "mention", "hi"));
        ObjectNode raw = server.notification(1, "mention", "hi");
        raw.remove("cid");
        Interaction withoutCid = original.withRaw(raw.toString());

        assertThatThrownBy(() -> poster.post(reply(withoutCid, "Hello!", false)))
                .isInstanceOf(ReplyRefusedException.class)
                .hasMessageContaining("lacks the post's uri or content id (cid)");
        assertThatThrownBy(() -> poster.post(reply(original.withRaw(null), "Hello!", false)))
                .isInstanceOf(ReplyRefusedException.class)
                .hasMessage("Parley cannot reply to this Bluesky post: it was stored without Bluesky's notification. "
                        + "Reply on Bluesky directly.");
        assertThat(server.createRecords).hasValue(0);
    }
}
