package org.parley.channel.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.channel.testkit.MutableClock;

/** getUpdates as the poller asks it, against the Bot API test server, on a clock the test moves. */
class UpdatePollerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private BotApiServer server;
    private UpdatePoller poller;

    @BeforeEach
    void start() throws Exception {
        server = new BotApiServer();
        poller = new UpdatePoller(new BotApi(TestSettings.forServer(server, "updatesPerPoll", "2")),
                TestSettings.forServer(server, "updatesPerPoll", "2"), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPageIsFullWhenItHoldsAsManyUpdatesAsAskedFor() throws Exception {
        long first = server.enqueue(Messages.inPrivate(Messages.anna(), 1, clock.instant()).text("a").node());
        server.enqueue(Messages.inPrivate(Messages.anna(), 2, clock.instant()).text("b").node());
        server.enqueue(Messages.inPrivate(Messages.anna(), 3, clock.instant()).text("c").node());

        UpdatePoller.Page page = poller.poll(null, true, () -> false);
        assertThat(page.full()).isTrue();
        assertThat(page.updates().get(0).path("update_id").asLong()).isEqualTo(first);

        UpdatePoller.Page rest = poller.poll(first + 2, true, () -> false);
        assertThat(rest.full()).isFalse();
        assertThat(rest.updates()).hasSize(1);
        assertThat(server.pending()).isEqualTo(1);
    }

    @Test
    void afterSixDaysWithoutNewsItAsksOnceWithoutAnOffsetInCaseTelegramRestartedItsIds() throws Exception {
        poller.poll(873_100_000L, false, () -> false);
        clock.advance(UpdatePoller.QUIET_RESET.plusMinutes(1));
        poller.poll(873_100_000L, false, () -> false);
        poller.poll(873_100_000L, false, () -> false);

        assertThat(server.calls("getUpdates")).extracting(call -> call.params().has("offset")).containsExactly(true, false, true);
    }

    @Test
    void aRateLimitIsReportedWithItsWaitAndSkipsPollsUntilThen() {
        server.rateLimitNext(1, 7);

        assertThatThrownBy(() -> poller.poll(null, false, () -> false))
                .isInstanceOfSatisfying(BotApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(429);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(e.getMessage()).isEqualTo("Telegram getUpdates: 429 Too Many Requests: retry after 7; waiting 7 s as asked");
                });
        assertThat(poller.waitUntil()).isEqualTo(clock.instant().plusSeconds(7));
    }

    @Test
    void theUsernameComesFromGetMeWhenNotConfigured() throws Exception {
        UpdatePoller asking = new UpdatePoller(new BotApi(TestSettings.forServer(server, "botUsername", null)),
                TestSettings.forServer(server, "botUsername", null), clock);

        assertThat(asking.identity(() -> false)).isEqualTo(new BotIdentity(BotApiServer.BOT_ID, BotApiServer.BOT_USERNAME));
        assertThat(asking.identity(() -> false)).isEqualTo(new BotIdentity(BotApiServer.BOT_ID, BotApiServer.BOT_USERNAME));
        assertThat(server.calls("getMe")).hasSize(1);
        assertThat(poller.identity(() -> false).username()).isEqualTo(BotApiServer.BOT_USERNAME);
        assertThat(server.calls("getMe")).hasSize(1);
    }
}
