package org.parley.channel.bluesky.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.api.ChannelState;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.Reply;
import org.parley.channel.testkit.ParleyHarness;

/**
 * The Bluesky routes in Parley (real component, pipeline, reply desk and store) against the test server: sessions,
 * what is kept, threads, backfill, failures, and replies that must not double.
 */
class BlueskyRoutesTest {

    @TempDir
    Path work;

    private BlueskyServer server;
    private ParleyHarness parley;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void startServer() throws Exception {
        server = new BlueskyServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (parley != null) {
            parley.close();
        }
        server.close();
    }

    private void start(BlueskySettings settings) throws Exception {
        parley = ParleyHarness.start(work, () -> List.of(new BlueskyRoutes(settings, Clock.systemUTC())));
    }

    private void start() throws Exception {
        start(Settings.forServer(server.url(), 50, Duration.ofDays(7)));
    }

    private Set<String> stored() {
        return parley.stored("bluesky").stream().map(Interaction::externalId).collect(Collectors.toSet());
    }

    private Interaction awaitStored(String uri) {
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.find(new InteractionKey("bluesky", uri)).isPresent());
        return parley.find(new InteractionKey("bluesky", uri)).orElseThrow();
    }

    private Optional<ChannelState> state() {
        return parley.state("bluesky", "acme");
    }

    @Test
    void anExpiredAccessTokenIsRefreshedWithoutANewLogin() throws Exception {
        server.publish(server.notification(1, "mention", "first"));
        start();
        awaitStored(BlueskyServer.uriOf(1));

        server.expireAccessTokens();
        server.publish(server.notification(2, "mention", "second"));
        awaitStored(BlueskyServer.uriOf(2));

        assertThat(server.createSessions).hasValue(1);
        assertThat(server.refreshSessions).hasValue(1);
        assertThat(server.requests("com.atproto.server.refreshSession")).singleElement()
                .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer eyJ.refresh.1"));
        assertThat(server.requests("app.bsky.notification.listNotifications")).last()
                .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer eyJ.access.2"));
        assertThat(server.requests).noneSatisfy(r -> assertThat(String.valueOf(r.query()) + r.authorization())
                .contains(BlueskyServer.PASSWORD));
    }

    @Test
    void whenTheRefreshTokenHasExpiredTooItLogsInAgainOnce() throws Exception {
        server.publish(server.notification(1, "mention", "first"));
        start();
        awaitStored(BlueskyServer.uriOf(1));

        server.expireRefreshTokens();
        server.publish(server.notification(2, "mention", "second"));
        awaitStored(BlueskyServer.uriOf(2));

        assertThat(server.refreshSessions).hasValue(1);
        assertThat(server.createSessions).hasValue(2);
    }

    @Test
    void aRefusedAppPasswordIsAClearPollErrorAndIsNotTriedAgainAtOnce() throws Exception {
        server.publish(server.notification(1, "mention", "first"));
        start(Settings.forServer(server.url(), "wrong-pass-word-1234", 50, Duration.ofDays(7), false));

        await().atMost(ParleyHarness.PATIENCE).until(() -> state().map(ChannelState::lastError).isPresent());
        String error = state().orElseThrow().lastError();
        assertThat(error).contains("Bluesky refused the app password for bloemenhuis.bsky.social "
                        + "(com.atproto.server.createSession answered HTTP 401 AuthenticationRequired: Invalid identifier or password)")
                .doesNotContain("wrong-pass-word-1234");
        assertThat(error).contains("next login attempt in 60 s");
        // Ticks come every 150 ms; createSession, limited to 30 per 5 minutes, is not repeated meanwhile.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> server.createSessions.get() == 1);
        assertThat(stored()).isEmpty();
    }

    @Test
    void likesRepostsAndFollowsArePassedOverAndQuotesAreMentions() throws Exception {
        server.publish(server.notification(1, "like", null));
        server.publish(server.notification(2, "mention", "hello @brand"));
        server.publish(server.notification(3, "repost", null));
        server.publish(server.notification(4, "reply", "thanks!"));
        server.publish(server.notification(5, "follow", null));
        server.publish(server.notification(6, "quote", "look at this"));
        start();

        awaitStored(BlueskyServer.uriOf(6));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).until(() -> stored().size() == 3);
        assertThat(parley.stored("bluesky")).extracting(Interaction::externalId, Interaction::kind).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(BlueskyServer.uriOf(2), InteractionKind.MENTION),
                org.assertj.core.groups.Tuple.tuple(BlueskyServer.uriOf(4), InteractionKind.REPLY),
                org.assertj.core.groups.Tuple.tuple(BlueskyServer.uriOf(6), InteractionKind.MENTION));
        assertThat(parley.deadLetters("bluesky")).isEmpty();
    }

    @Test
    void threadsAreKeptAndRepliesGoIntoTheirThread() throws Exception {
        String rootUri = "at://did:plc:root9/app.bsky.feed.post/3kroot";
        String middleUri = "at://did:plc:bloemenhuis7q2xk4/app.bsky.feed.post/3kbrandanswer";
        server.publish(server.notification(1, "mention", "@brand where is my order?"));
        server.publish(BlueskyServer.inThread(server.notification(2, "reply", "still nothing"),
                rootUri, "bafyreiroot", middleUri, "bafyreibrandanswer"));
        start();

        Interaction topLevel = awaitStored(BlueskyServer.uriOf(1));
        Interaction deep = awaitStored(BlueskyServer.uriOf(2));
        assertThat(topLevel.inReplyTo()).isNull();
        assertThat(topLevel.threadId()).isEqualTo(BlueskyServer.uriOf(1));
        assertThat(deep.inReplyTo()).isEqualTo(middleUri);
        assertThat(deep.threadId()).isEqualTo(rootUri);

        Reply toTop = parley.replies().request(topLevel.key(), "We are looking into it", "alice");
        Reply toDeep = parley.replies().request(deep.key(), "Sorry! A courier is on the way", "alice");
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(toTop.id()).status() == Reply.Status.SENT
                && parley.reply(toDeep.id()).status() == Reply.Status.SENT);

        JsonNode top = post(BlueskyServer.uriOf(1));
        assertThat(top.path("text").asText()).isEqualTo("We are looking into it");
        assertThat(top.path("reply").path("root")).isEqualTo(ref(BlueskyServer.uriOf(1), BlueskyServer.cidOf(1)));
        assertThat(top.path("reply").path("parent")).isEqualTo(ref(BlueskyServer.uriOf(1), BlueskyServer.cidOf(1)));
        JsonNode inThread = post(BlueskyServer.uriOf(2));
        assertThat(inThread.path("reply").path("root")).isEqualTo(ref(rootUri, "bafyreiroot"));
        assertThat(inThread.path("reply").path("parent")).isEqualTo(ref(BlueskyServer.uriOf(2), BlueskyServer.cidOf(2)));

        Reply sent = parley.reply(toTop.id());
        assertThat(sent.externalId()).matches("at://did:plc:bloemenhuis7q2xk4/app\\.bsky\\.feed\\.post/3[a-z2-7]{12}");
        String rkey = sent.externalId().substring(sent.externalId().lastIndexOf('/') + 1);
        assertThat(sent.url()).isEqualTo("https://bsky.app/profile/bloemenhuis.bsky.social/post/" + rkey);
    }

    @ParameterizedTest(name = "a taken key refused with HTTP {0}")
    @ValueSource(ints = {400, 500})
    void aReplyWhoseAnswerWasLostAfterItWasPostedIsNotPostedTwice(int duplicateStatus) throws Exception {
        server.publish(server.notification(1, "mention", "@brand hello"));
        start();
        Interaction original = awaitStored(BlueskyServer.uriOf(1));
        server.refuseDuplicatesWith(duplicateStatus);
        server.cutNextCreate();

        Reply reply = parley.replies().request(original.key(), "Hello to you", "alice");

        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(reply.id()).status() == Reply.Status.SENT);
        assertThat(server.createRecords).hasValue(2);
        assertThat(server.repliesTo(BlueskyServer.uriOf(1))).isEqualTo(1);
        assertThat(parley.reply(reply.id()).attempts()).isEqualTo(2);
    }

    @Test
    void anAccountThatRequiresApprovalHoldsRepliesForASecondPerson() throws Exception {
        server.publish(server.notification(1, "mention", "@brand hello"));
        start(Settings.forServer(server.url(), BlueskyServer.PASSWORD, 50, Duration.ofDays(7), true));
        Interaction original = awaitStored(BlueskyServer.uriOf(1));

        Reply reply = parley.replies().request(original.key(), "Hello to you", "alice");
        assertThat(reply.status()).isEqualTo(Reply.Status.AWAITING_APPROVAL);
        parley.replies().approve(reply.id(), "bob");

        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(reply.id()).status() == Reply.Status.SENT);
        assertThat(server.repliesTo(BlueskyServer.uriOf(1))).isEqualTo(1);
    }

    @Test
    void theBackfillImportsTheWindowOnlyAndShowsItsProgress() throws Exception {
        Instant now = Instant.now();
        server.publish(server.notification(1, "mention", "too old"), now.minus(Duration.ofDays(10)));
        for (int n = 2; n <= 6; n++) {
            server.publish(server.notification(n, "reply", "within the window " + n), now.minus(Duration.ofDays(3)).plusSeconds(n));
        }
        server.publish(server.notification(7, "mention", "yesterday"), now.minus(Duration.ofDays(1)));
        start(Settings.forServer(server.url(), 2, Duration.ofDays(7)));

        String since = now.minus(Duration.ofDays(7)).atZone(ZoneOffset.UTC).toLocalDate().toString();
        await().atMost(ParleyHarness.PATIENCE).until(() -> ("done: 6 imported since " + since)
                .equals(state().map(ChannelState::backfill).orElse(null)));
        assertThat(stored()).containsExactlyInAnyOrder(BlueskyServer.uriOf(2), BlueskyServer.uriOf(3), BlueskyServer.uriOf(4),
                BlueskyServer.uriOf(5), BlueskyServer.uriOf(6), BlueskyServer.uriOf(7));

        server.publish(server.notification(8, "mention", "live again"));
        awaitStored(BlueskyServer.uriOf(8));
        assertThat(parley.offeredTwice()).isEmpty();
    }

    @Test
    void aZeroBackfillWindowImportsOnlyWhatComesAfterTheConnection() throws Exception {
        server.publish(server.notification(1, "mention", "before"));
        start(Settings.forServer(server.url(), 50, Duration.ZERO));
        await().atMost(ParleyHarness.PATIENCE).until(() -> state().map(ChannelState::cursor).isPresent());

        server.publish(server.notification(2, "mention", "after"));
        awaitStored(BlueskyServer.uriOf(2));
        assertThat(stored()).containsExactly(BlueskyServer.uriOf(2));
        assertThat(state().orElseThrow().backfill()).isNull();
    }

    @Test
    void aMalformedBodyIsAPollErrorAndLosesNothing() throws Exception {
        server.publish(server.notification(1, "mention", "one"));
        server.publish(server.notification(2, "reply", "two"));
        server.malformedNext(2);
        start();

        await().atMost(ParleyHarness.PATIENCE).until(() -> state().map(ChannelState::lastError).isPresent());
        assertThat(state().orElseThrow().lastError()).contains(
                "app.bsky.notification.listNotifications answered HTTP 200 with a malformed body (not JSON");
        awaitStored(BlueskyServer.uriOf(2));
        assertThat(stored()).containsExactlyInAnyOrder(BlueskyServer.uriOf(1), BlueskyServer.uriOf(2));
        assertThat(parley.deadLetters("bluesky")).isEmpty();
    }

    @Test
    void aNotificationThatCannotBeMappedIsADeadLetterAndReplaysOnceFixed() throws Exception {
        ObjectNode broken = server.notification(2, "mention", "no cid");
        broken.remove("cid");
        server.publish(server.notification(1, "mention", "fine"));
        server.publish(broken);
        server.publish(server.notification(3, "mention", "fine too"));
        start();

        awaitStored(BlueskyServer.uriOf(3));
        await().atMost(ParleyHarness.PATIENCE).until(() -> !parley.deadLetters("bluesky").isEmpty());
        DeadLetter dead = parley.deadLetters("bluesky").get(0);
        assertThat(dead.reason()).isEqualTo("notification '" + BlueskyServer.uriOf(2) + "' (mention): cid is missing: "
                + "a reply to the post needs it");
        assertThat(stored()).containsExactlyInAnyOrder(BlueskyServer.uriOf(1), BlueskyServer.uriOf(3));

        ObjectNode fixed = (ObjectNode) json.readTree(dead.payload());
        fixed.put("cid", BlueskyServer.cidOf(2));
        parley.camel().createProducerTemplate().sendBody(dead.replayUri(), fixed.toString());

        assertThat(awaitStored(BlueskyServer.uriOf(2)).text()).isEqualTo("no cid");
    }

    private JsonNode post(String parentUri) {
        return server.posts().stream()
                .filter(p -> parentUri.equals(p.path("reply").path("parent").path("uri").asText()))
                .findFirst().orElseThrow();
    }

    private ObjectNode ref(String uri, String cid) {
        return json.createObjectNode().put("uri", uri).put("cid", cid);
    }
}
