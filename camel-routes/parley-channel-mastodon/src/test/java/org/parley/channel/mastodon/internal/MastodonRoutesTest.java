package org.parley.channel.mastodon.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.ChannelState;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.InvalidInteractionException;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;
import org.parley.camel.OutboundReply;
import org.parley.channel.testkit.ParleyHarness;

/**
 * The account's routes in Parley's real pipeline and store ({@link ParleyHarness}) against {@link MastodonServer}:
 * paging, kinds, text, failures, backfill and replies end to end.
 */
class MastodonRoutesTest {

    @TempDir
    Path work;

    private MastodonServer server;
    private ParleyHarness parley;

    @BeforeEach
    void startServer() throws Exception {
        server = new MastodonServer(TestSettings.TOKEN);
    }

    @AfterEach
    void stop() throws Exception {
        if (parley != null) {
            parley.close();
        }
        server.close();
    }

    private void start(MastodonSettings settings) throws Exception {
        start(settings, Map.of("pollInterval", "PT0.1S", "backoffInitial", "PT0.2S", "backoffMax", "PT1S", "lease", "PT2S"));
    }

    private void start(MastodonSettings settings, Map<String, Object> replyConfig) throws Exception {
        parley = ParleyHarness.start(work, () -> List.of(new MastodonRoutes(settings, Clock.systemUTC())), replyConfig);
    }

    private MastodonSettings quick(int pageSize) {
        return TestSettings.of(server.baseUrl(), pageSize, Duration.ofDays(7));
    }

    private Optional<ChannelState> state() {
        return parley.state(MastodonMapper.CHANNEL, TestSettings.ACCOUNT);
    }

    private String cursor() {
        return state().map(ChannelState::cursor).orElse(null);
    }

    private void awaitCursor(String expected) {
        await().atMost(ParleyHarness.PATIENCE).until(() -> expected.equals(cursor()));
    }

    private Set<String> storedIds() {
        return parley.stored(MastodonMapper.CHANNEL).stream().map(Interaction::externalId).collect(Collectors.toSet());
    }

    private static Set<String> statusIds(int from, int to) {
        return IntStream.range(from, to).mapToObj(MastodonServer::statusId).collect(Collectors.toSet());
    }

    private static InteractionKey key(int n) {
        return new InteractionKey(MastodonMapper.CHANNEL, MastodonServer.statusId(n));
    }

    private static String notificationId(int index) {
        return String.valueOf(99_999_990L + index);
    }

    private Interaction awaitStored(int n) {
        return await().atMost(ParleyHarness.PATIENCE).until(() -> parley.find(key(n)), Optional::isPresent).orElseThrow();
    }

    @Test
    void onePollFollowsTheLinkHeaderThroughEveryNewPage() throws Exception {
        // One poll an hour: everything read after the restart is read by a single poll.
        start(TestSettings.of(server.baseUrl(), 2, Duration.ofDays(7), Duration.ofHours(1), false));
        awaitCursor(MentionPoller.BEFORE_EVERYTHING); // an empty account: the backfill found nothing
        for (int n = 0; n < 7; n++) {
            server.mention(n, "Message " + n);
        }
        int before = server.notificationRequests().size();

        parley.restart();

        await().atMost(ParleyHarness.PATIENCE).until(() -> storedIds().equals(statusIds(0, 7)));
        awaitCursor(notificationId(6));
        List<MastodonServer.Request> poll = server.notificationRequests().subList(before, server.notificationRequests().size());
        assertThat(poll).extracting(r -> r.query().get("min_id"))
                .containsExactly("0", notificationId(1), notificationId(3), notificationId(5));
        assertThat(parley.offeredTwice()).isEmpty();
    }

    @Test
    void aDirectMessageIsStoredAsOneAndItsReplyStaysDirect() throws Exception {
        start(quick(40));
        server.mention(1, "Can I change my delivery address?", "direct", null, Instant.now());

        Interaction dm = awaitStored(1);
        assertThat(dm.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(dm.author().handle()).isEqualTo("user1@remote.example");

        Reply reply = parley.replies().request(dm.key(), "Yes: send us the new address here.", "alice");
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(reply.id()).status() == Reply.Status.SENT);

        assertThat(server.posted()).singleElement().satisfies(status -> {
            assertThat(status.path("visibility").asText()).isEqualTo("direct");
            assertThat(status.path("in_reply_to_id").asText()).isEqualTo(MastodonServer.statusId(1));
            assertThat(status.path("content").asText()).isEqualTo("<p>@user1@remote.example Yes: send us the new address here.</p>");
        });
        Reply sent = parley.reply(reply.id());
        assertThat(sent.externalId()).isEqualTo(server.posted().get(0).path("id").asText());
        assertThat(sent.url()).isEqualTo(server.posted().get(0).path("url").asText());
        assertThat(server.requests).filteredOn(r -> r.method().equals("POST"))
                .singleElement().extracting(MastodonServer.Request::idempotencyKey).isEqualTo(sent.idempotencyKey());
    }

    @Test
    void htmlContentIsStoredAsPlainTextWithTypedMarkupAsText() throws Exception {
        start(quick(40));
        server.mention(2, "My order <script>alert(1)</script> & \"gift\"\nsecond line");

        Interaction stored = awaitStored(2);

        assertThat(stored.text()).isEqualTo("@brand My order <script>alert(1)</script> & \"gift\"\nsecond line");
        assertThat(stored.raw()).contains("&lt;script&gt;"); // the payload as it arrived
        assertThat(stored.threadId()).isEqualTo(MastodonServer.statusId(2));
    }

    @Test
    void aMalformedBodyIsARecordedPollErrorThatLosesNothingAndKeepsTheCursor() throws Exception {
        start(quick(40));
        awaitCursor(MentionPoller.BEFORE_EVERYTHING);
        server.malformedNext(Integer.MAX_VALUE);
        server.mention(0, "first");
        server.mention(1, "second");

        await().atMost(ParleyHarness.PATIENCE).until(() -> state().map(ChannelState::lastError).orElse(""),
                error -> error != null && error.contains("answered HTTP 200 with a body that is not JSON"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> MentionPoller.BEFORE_EVERYTHING.equals(cursor()) && storedIds().isEmpty());
        assertThat(parley.deadLetters(MastodonMapper.CHANNEL)).isEmpty();

        server.malformedNext(0);
        await().atMost(ParleyHarness.PATIENCE).until(() -> storedIds().equals(statusIds(0, 2)));
        awaitCursor(notificationId(1));
    }

    @Test
    void theBackfillStopsAtTheWindowAndShowsItsProgress() throws Exception {
        Instant now = Instant.now();
        for (int n = 0; n < 3; n++) {
            server.mention(n, "last month " + n, "public", null, now.minus(Duration.ofDays(30)));
        }
        for (int n = 3; n < 8; n++) {
            server.mention(n, "this week " + n, "public", null, now.minus(Duration.ofDays(2)));
        }
        start(TestSettings.of(server.baseUrl(), 2, Duration.ofDays(7)));

        await().atMost(ParleyHarness.PATIENCE).until(() -> state().map(ChannelState::backfill).orElse(""),
                progress -> progress != null && progress.startsWith("done"));
        String since = now.minus(Duration.ofDays(7)).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        assertThat(state().orElseThrow().backfill()).isIn("done: 5 imported since " + since,
                "done: 5 imported since " + Instant.now().minus(Duration.ofDays(7)).atOffset(ZoneOffset.UTC).toLocalDate());
        assertThat(storedIds()).isEqualTo(statusIds(3, 8));
        assertThat(cursor()).isEqualTo(notificationId(7));
        assertThat(server.notificationRequests()).extracting(r -> r.query().get("max_id")).startsWith(null, notificationId(6));

        // Afterwards the account is read forward from the newest mention.
        server.mention(8, "new");
        awaitStored(8);
        assertThat(server.notificationRequests().get(server.notificationRequests().size() - 1).query().get("min_id"))
                .isIn(notificationId(7), notificationId(8));
    }

    @Test
    void anExpiredTokenIsAClearPollErrorAndIsNotRetriedHot() throws Exception {
        start(quick(40));
        awaitCursor(MentionPoller.BEFORE_EVERYTHING);
        server.expireToken(true);
        server.mention(0, "hello?");

        String error = await().atMost(ParleyHarness.PATIENCE).until(() -> state().map(ChannelState::lastError).orElse(null),
                e -> e != null && e.contains("access token refused"));
        assertThat(error).contains("answered HTTP 401 (The access token is invalid)")
                .contains("Renew accessToken in org.parley.channel.mastodon-brand.cfg")
                .doesNotContain(TestSettings.TOKEN);
        int requests = server.notificationRequests().size();
        // Polls run every 100 ms, yet the refused token is not tried again for minutes.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> server.notificationRequests().size() == requests);
        assertThat(cursor()).isEqualTo(MentionPoller.BEFORE_EVERYTHING);
    }

    @Test
    void aReplyCutOffByACrashIsPostedAgainWithItsKeyAndNotDoubled() throws Exception {
        // The desk looks for due replies once an hour: only a request wakes it, so the test decides when it runs.
        start(quick(40), Map.of("pollInterval", "PT1H", "backoffInitial", "PT0.2S", "backoffMax", "PT1S", "lease", "PT2S"));
        server.mention(0, "Where is my order?");
        server.mention(1, "Me too");
        Interaction original = awaitStored(0);
        awaitStored(1);

        // A desk claimed the reply half a minute ago and posted it; Parley stopped before it recorded the outcome.
        Instant asked = Instant.now().minusSeconds(60);
        long id = parley.replyStore().add(new Reply.New(original.key(), "brand", "We are on it", "alice", false,
                "cut-off-key", asked));
        List<ReplyStore.Claim> claims = parley.replyStore().claimDue(20, asked.plusSeconds(30), Duration.ofSeconds(1));
        assertThat(claims).singleElement().satisfies(c -> assertThat(c.uncertain()).isFalse());
        MastodonSettings settings = quick(40);
        PostedStatus posted = new ReplyPoster(new MastodonApi(settings, Clock.systemUTC()), Clock.systemUTC())
                .post(new OutboundReply(claims.get(0).reply(), original, false));
        assertThat(server.postsInReplyTo(MastodonServer.statusId(0))).isEqualTo(1);

        // Any request wakes the desk, which finds the cut-off claim (uncertain) and posts it again with its key.
        parley.replies().request(key(1), "Looking into it", "bob");

        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(id).status() == Reply.Status.SENT);
        assertThat(parley.reply(id).externalId()).isEqualTo(posted.id());
        assertThat(server.postsInReplyTo(MastodonServer.statusId(0))).isEqualTo(1);
        assertThat(server.requests).filteredOn(r -> "cut-off-key".equals(r.idempotencyKey())).hasSize(2);
    }

    @Test
    void aReplyToADeletedPostFailsWithAReasonACrmUserUnderstands() throws Exception {
        start(quick(40));
        server.mention(0, "Hello");
        Interaction original = awaitStored(0);
        server.delete(MastodonServer.statusId(0));

        Reply reply = parley.replies().request(original.key(), "Hi!", "alice");

        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(reply.id()).status() == Reply.Status.FAILED);
        assertThat(parley.reply(reply.id()).error()).startsWith("The post being answered was deleted on Mastodon");
        assertThat(parley.reply(reply.id()).attempts()).isEqualTo(1);
    }

    @Test
    void theAccountsSettingsReachTheReplyDesk() throws Exception {
        start(TestSettings.of(server.baseUrl(), 40, Duration.ofDays(7), Duration.ofMillis(100), true));
        server.mention(0, "Hello");
        Interaction original = awaitStored(0);

        assertThat(parley.replies().request(original.key(), "Hi!", "alice").status()).isEqualTo(Reply.Status.AWAITING_APPROVAL);
        assertThatThrownBy(() -> parley.replies().request(original.key(), "x".repeat(501), "alice"))
                .hasMessage("The reply has 501 characters; mastodon takes at most 500");
    }

    @Test
    void anUnmappableMentionIsADeadLetterAndItsFixedReplayIsStored() throws Exception {
        start(quick(40));
        server.mention(0, "fine");
        var broken = server.mention(1, "broken date", "public", null, Instant.now());
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("status")).put("created_at", "yesterday");
        server.mention(2, "fine too");

        await().atMost(ParleyHarness.PATIENCE).until(() -> storedIds().equals(Set.of(MastodonServer.statusId(0), MastodonServer.statusId(2))));
        DeadLetter dead = await().atMost(ParleyHarness.PATIENCE)
                .until(() -> parley.deadLetters(MastodonMapper.CHANNEL), d -> d.size() == 1).get(0);
        assertThat(dead.reason()).isEqualTo("notification " + notificationId(1) + ": status created_at 'yesterday' is not an ISO 8601 date-time");
        assertThat(dead.replayUri()).isEqualTo("direct:parley-mastodon-brand");
        awaitCursor(notificationId(2)); // the cursor moved on: the dead letter holds the mention

        assertThatThrownBy(() -> parley.camel().createProducerTemplate().sendBody(dead.replayUri(), dead.payload()))
                .isInstanceOf(CamelExecutionException.class).hasCauseInstanceOf(InvalidInteractionException.class);
        parley.camel().createProducerTemplate().sendBody(dead.replayUri(),
                dead.payload().replace("\"yesterday\"", "\"" + Instant.now().minusSeconds(5) + "\""));
        assertThat(parley.find(key(1))).isPresent();
        assertThat(cursor()).isEqualTo(notificationId(2));
    }
}
