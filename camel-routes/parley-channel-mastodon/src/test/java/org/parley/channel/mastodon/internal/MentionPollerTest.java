package org.parley.channel.mastodon.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.channel.testkit.MutableClock;

/** The paging decisions, against the test server, without Camel: what each poll reads and which cursor it commits. */
class MentionPollerTest {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final MutableClock clock = new MutableClock(now);
    private MastodonServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MastodonServer(TestSettings.TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MentionPoller poller(int pageSize, Duration window) {
        MastodonSettings settings = TestSettings.of(server.baseUrl(), pageSize, window);
        return new MentionPoller(settings, new MastodonApi(settings, clock), clock);
    }

    private static List<String> statusIds(MentionPoller.Page page) {
        List<String> ids = new ArrayList<>();
        for (JsonNode n : page.notifications()) {
            ids.add(n.path("status").path("id").asText());
        }
        return ids;
    }

    /** The test server numbers notifications in the order they are added. */
    private static String notificationId(int index) {
        return String.valueOf(99_999_990L + index);
    }

    @Test
    void aBackfillPagesBackToTheWindowCommitsTheNewestIdLastAndReportsProgress() throws Exception {
        for (int n = 0; n < 2; n++) {
            server.mention(n, "old " + n, "public", null, now.minus(Duration.ofDays(10)));
        }
        for (int n = 2; n < 5; n++) {
            server.mention(n, "this week " + n, "public", null, now.minus(Duration.ofDays(5)));
        }
        for (int n = 5; n < 8; n++) {
            server.mention(n, "yesterday " + n, "public", null, now.minus(Duration.ofDays(1)));
        }
        MentionPoller.Run run = poller(2, Duration.ofDays(7)).start(null);
        String yesterday = now.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        String fiveDaysAgo = now.minus(Duration.ofDays(5)).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        String windowStart = now.minus(Duration.ofDays(7)).atOffset(ZoneOffset.UTC).toLocalDate().toString();

        MentionPoller.Page first = run.next();
        assertThat(statusIds(first)).containsExactly(MastodonServer.statusId(7), MastodonServer.statusId(6));
        assertThat(first.cursor()).isNull();
        assertThat(run.stored(first, 2)).isEqualTo("running: 2 imported, back to " + yesterday);

        MentionPoller.Page second = run.next();
        assertThat(statusIds(second)).containsExactly(MastodonServer.statusId(5), MastodonServer.statusId(4));
        assertThat(run.stored(second, 2)).isEqualTo("running: 4 imported, back to " + fiveDaysAgo);

        MentionPoller.Page third = run.next();
        assertThat(statusIds(third)).containsExactly(MastodonServer.statusId(3), MastodonServer.statusId(2));
        assertThat(run.stored(third, 2)).isEqualTo("running: 6 imported, back to " + fiveDaysAgo);

        MentionPoller.Page fourth = run.next(); // both older than the window: nothing kept, the backfill ends
        assertThat(fourth.notifications()).isEmpty();
        assertThat(fourth.last()).isTrue();
        assertThat(fourth.cursor()).isEqualTo(notificationId(7));
        assertThat(run.stored(fourth, 0)).isEqualTo("done: 6 imported since " + windowStart);
        assertThat(run.next()).isNull();

        assertThat(server.notificationRequests()).extracting(r -> r.query().get("max_id"))
                .containsExactly(null, notificationId(6), notificationId(4), notificationId(2));
        assertThat(server.notificationRequests()).allSatisfy(r -> {
            assertThat(r.query()).containsEntry("types[]", "mention").containsEntry("limit", "2").doesNotContainKey("min_id");
            assertThat(r.authorization()).isEqualTo("Bearer " + TestSettings.TOKEN);
        });
    }

    @Test
    void aBackfillCutOffByARateLimitGoesOnWhereItStopped() throws Exception {
        for (int n = 0; n < 5; n++) {
            server.mention(n, "m" + n, "public", null, now.minus(Duration.ofHours(n + 1)));
        }
        MentionPoller poller = poller(2, Duration.ofDays(7));
        MentionPoller.Run run = poller.start(null);
        run.stored(run.next(), 2);
        server.rateLimitNext(1, Duration.ofSeconds(30));

        assertThatThrownBy(run::next).isInstanceOf(MastodonPollException.class)
                .hasMessageStartingWith("rate limited: GET " + server.baseUrl() + "/api/v1/notifications answered HTTP 429 (Too many requests); polls skipped until");
        assertThat(poller.waitUntil()).isAfter(now.plusSeconds(28));
        clock.advance(Duration.ofSeconds(32));
        assertThat(poller.waitUntil()).isNull();

        MentionPoller.Run resumed = poller.start(null);
        MentionPoller.Page next = resumed.next();
        assertThat(statusIds(next)).containsExactly(MastodonServer.statusId(2), MastodonServer.statusId(1));
        assertThat(resumed.stored(next, 2)).startsWith("running: 4 imported");
        assertThat(server.notificationRequests().get(2).query()).containsEntry("max_id", notificationId(3));
    }

    @Test
    void anAccountWithoutMentionsGetsACursorBeforeEverything() throws Exception {
        MentionPoller.Run run = poller(40, Duration.ofDays(7)).start(null);

        MentionPoller.Page page = run.next();
        assertThat(page.notifications()).isEmpty();
        assertThat(page.cursor()).isEqualTo(MentionPoller.BEFORE_EVERYTHING);
        assertThat(run.stored(page, 0)).startsWith("done: 0 imported since ");
        assertThat(run.next()).isNull();
    }

    @Test
    void withoutABackfillWindowReadingStartsAfterTheNewestMention() throws Exception {
        server.mention(0, "history");
        server.mention(1, "history too");
        MentionPoller.Run run = poller(40, Duration.ZERO).start(null);

        MentionPoller.Page page = run.next();
        assertThat(page.notifications()).isEmpty();
        assertThat(page.cursor()).isEqualTo(notificationId(1));
        assertThat(run.stored(page, 0)).isNull();
        assertThat(server.notificationRequests()).singleElement().satisfies(r -> assertThat(r.query()).containsEntry("limit", "1"));
    }

    @Test
    void forwardPagesCommitTheirNewestIdAndStopAtAShortPage() throws Exception {
        for (int n = 0; n < 5; n++) {
            server.mention(n, "m" + n);
        }
        MentionPoller.Run run = poller(2, Duration.ofDays(7)).start(notificationId(0));

        MentionPoller.Page first = run.next();
        assertThat(statusIds(first)).containsExactly(MastodonServer.statusId(2), MastodonServer.statusId(1));
        assertThat(first.cursor()).isEqualTo(notificationId(2));
        assertThat(run.stored(first, 2)).isNull();
        MentionPoller.Page second = run.next();
        assertThat(second.cursor()).isEqualTo(notificationId(4));
        assertThat(second.last()).isFalse();
        assertThat(run.next()).isNull(); // an empty page: nothing newer
        assertThat(server.notificationRequests()).extracting(r -> r.query().get("min_id"))
                .containsExactly(notificationId(0), notificationId(2), notificationId(4));
    }

    @Test
    void whenTheLastRequestOfTheWindowIsUsedReadingWaitsForTheReset() throws Exception {
        for (int n = 0; n < 7; n++) {
            server.mention(n, "m" + n);
        }
        server.window(2, Duration.ofMinutes(2));
        MentionPoller poller = poller(2, Duration.ofDays(7));
        MentionPoller.Run run = poller.start(MentionPoller.BEFORE_EVERYTHING);

        assertThat(run.next()).isNotNull();
        assertThat(run.next()).isNotNull();
        assertThat(run.next()).isNull(); // Remaining was 0: no third request

        assertThat(server.notificationRequests()).hasSize(2);
        assertThat(server.tooManyRequests()).isZero();
        assertThat(poller.waitUntil()).isBetween(now.plus(Duration.ofSeconds(100)), now.plus(Duration.ofSeconds(121)));
    }

    @Test
    void aRefusedTokenFailsClearlyAndRestsThePolls() {
        server.expireToken(true);
        MentionPoller poller = poller(40, Duration.ofDays(7));

        assertThatThrownBy(() -> poller.start("5").next())
                .isInstanceOf(MastodonPollException.class)
                .hasMessageStartingWith("access token refused: GET " + server.baseUrl()
                        + "/api/v1/notifications answered HTTP 401 (The access token is invalid). Renew accessToken in "
                        + "org.parley.channel.mastodon-brand.cfg; polls of account 'brand' rest until")
                .hasMessageNotContaining(TestSettings.TOKEN);
        assertThat(poller.waitUntil()).isEqualTo(now.plus(MentionPoller.TOKEN_REFUSED_PAUSE));
        clock.advance(MentionPoller.TOKEN_REFUSED_PAUSE);
        assertThat(poller.waitUntil()).isNull();
    }

    @Test
    void aBodyThatIsNotJsonFailsThePollWithWhereItBreaks() {
        server.malformedNext(1);

        assertThatThrownBy(() -> poller(40, Duration.ofDays(7)).start("5").next())
                .isInstanceOf(MastodonPollException.class)
                .hasMessageStartingWith("GET " + server.baseUrl() + "/api/v1/notifications answered HTTP 200 with a body that is not JSON (line 1, column");
    }
}
