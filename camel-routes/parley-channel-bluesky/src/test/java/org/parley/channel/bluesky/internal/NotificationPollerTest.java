package org.parley.channel.bluesky.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.camel.RateLimitedException;

/** The walk back through listNotifications, against the test server: backfill, gaps, late arrivals, failures. */
class NotificationPollerTest {

    private BlueskyServer server;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void start() throws Exception {
        server = new BlueskyServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private NotificationPoller poller(int pageSize, Duration window, int maxPages) {
        BlueskySettings settings = Settings.forServer(server.url(), pageSize, window);
        return new Wiring(settings).poller(settings, maxPages);
    }

    private void mention(int n, Instant at) {
        server.publish(server.notification(n, "mention", "item " + n), at);
    }

    private static String day(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static List<String> uris(NotificationPoller.Result result) {
        return result.fresh().stream().map(Notification::uri).toList();
    }

    private static List<String> uris(int... ns) {
        List<String> uris = new ArrayList<>();
        for (int n : ns) {
            uris.add(BlueskyServer.uriOf(n));
        }
        return uris;
    }

    @Test
    void theBackfillReadsTheWindowPageByPageAndReportsItsProgress() {
        mention(0, now.minus(Duration.ofDays(10)));
        for (int n = 1; n <= 8; n++) {
            mention(n, now.minus(Duration.ofDays(3)).plusSeconds(n));
        }
        server.publish(server.notification(100, "like", null), now.minus(Duration.ofDays(2)));
        mention(9, now.minus(Duration.ofHours(1)));
        NotificationPoller poller = poller(2, Duration.ofDays(7), 2);
        String since = day(now.minus(Duration.ofDays(7)));

        NotificationPoller.Result first = poller.poll(null);
        assertThat(uris(first)).containsExactly(uris(7, 8, 9).toArray(String[]::new)); // pages [9, like], [8, 7]
        assertThat(first.backfill()).isEqualTo("running: 3 imported, back to " + day(now.minus(Duration.ofDays(3)).plusSeconds(7)));
        assertThat(first.moved()).isTrue();

        NotificationPoller.Result second = poller.poll(first.cursor());
        assertThat(uris(second)).containsExactlyElementsOf(uris(3, 4, 5, 6));
        assertThat(second.backfill()).isEqualTo("running: 7 imported, back to " + day(now.minus(Duration.ofDays(3)).plusSeconds(3)));

        NotificationPoller.Result third = poller.poll(second.cursor());
        assertThat(uris(third)).containsExactlyElementsOf(uris(1, 2));
        assertThat(third.backfill()).isEqualTo("done: 9 imported since " + since);

        NotificationPoller.Result quiet = poller.poll(third.cursor());
        assertThat(quiet.fresh()).isEmpty();
        assertThat(quiet.moved()).isFalse();
        assertThat(quiet.backfill()).isNull();
    }

    @Test
    void aZeroWindowImportsNothingOlderThanTheConnection() {
        mention(1, now.minusSeconds(30));
        mention(2, now.minusSeconds(1));
        NotificationPoller poller = poller(50, Duration.ZERO, 10);

        NotificationPoller.Result first = poller.poll(null);
        assertThat(first.fresh()).isEmpty();
        assertThat(first.moved()).as("the starting point is kept").isTrue();
        assertThat(first.backfill()).isNull();

        mention(3, Instant.now().plusMillis(5));
        assertThat(uris(poller.poll(first.cursor()))).containsExactlyElementsOf(uris(3));
    }

    @Test
    void aCatchUpLongerThanOnePollLeavesAGapThatTheNextPollsFillWithoutReReading() {
        mention(1, now.minusSeconds(7200));
        NotificationPoller poller = poller(3, Duration.ofDays(1), 1);
        String cursor = poller.poll(null).cursor();
        for (int n = 2; n <= 8; n++) {
            mention(n, now.minusSeconds(3600 - n * 360L)); // 6 minutes apart: a page of 3 reaches back past the late window
        }

        List<String> handed = new ArrayList<>();
        NotificationPoller.Result result;
        int polls = 0;
        do {
            result = poller.poll(cursor);
            handed.addAll(uris(result));
            cursor = result.cursor();
            polls++;
        } while (result.moved() && polls < 20);

        assertThat(handed).containsExactlyInAnyOrderElementsOf(uris(2, 3, 4, 5, 6, 7, 8));
        assertThat(polls).as("one page per poll, then one quiet poll").isEqualTo(6);
    }

    @Test
    void aNotificationListedLateOrAtTheSameTimeIsReadOnceAndNothingIsReadTwice() {
        mention(1, now.minusSeconds(100));
        mention(2, now.minusSeconds(10));
        NotificationPoller poller = poller(50, Duration.ofDays(1), 10);
        String cursor = poller.poll(null).cursor();

        mention(3, now.minusSeconds(10));             // the same indexedAt as the newest handled
        mention(4, now.minusSeconds(200));            // listed late, below the newest handled
        mention(5, now.minus(Duration.ofMinutes(30))); // older than any appview lag: taken as history before the poll
        NotificationPoller.Result result = poller.poll(cursor);

        assertThat(uris(result)).containsExactlyElementsOf(uris(4, 3));
        assertThat(poller.poll(result.cursor()).fresh()).isEmpty();
    }

    @Test
    void aMalformedPageFailsThePollAndMovesNothing() {
        mention(1, now.minusSeconds(10));
        NotificationPoller poller = poller(50, Duration.ofDays(1), 10);
        server.malformedNext(1);

        assertThatThrownBy(() -> poller.poll(null))
                .isInstanceOf(BlueskyException.class)
                .hasMessageStartingWith("app.bsky.notification.listNotifications answered HTTP 200 with a malformed body (not JSON");
        assertThat(uris(poller.poll(null))).containsExactlyElementsOf(uris(1));
    }

    @Test
    void aRateLimitFailsThePollUntilTheResetAndAsksOnlyForConversation() {
        mention(1, now.minusSeconds(10));
        NotificationPoller poller = poller(50, Duration.ofDays(1), 10);
        server.rateLimitNext(1);

        assertThatThrownBy(() -> poller.poll(null))
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("HTTP 429 RateLimitExceeded")
                .satisfies(e -> assertThat(((RateLimitedException) e).retryAfter()).isLessThanOrEqualTo(Duration.ofSeconds(2)));
        assertThatThrownBy(() -> poller.poll(null)).as("calls wait for the reset: nothing is sent")
                .isInstanceOf(RateLimitedException.class);
        assertThat(server.requests).hasSize(1);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> poller.poll(null).fresh().size() == 1);
        assertThat(server.requests("app.bsky.notification.listNotifications")).last()
                .satisfies(r -> assertThat(r.query()).contains("reasons=mention&reasons=reply&reasons=quote").contains("limit=50"));
    }
}
