package org.parley.channel.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.parley.channel.testkit.ParleyHarness;

/** The first poll of an account without a cursor imports what Telegram kept for the bot. */
class TelegramBackfillTest extends BotHarness {

    private final Instant now = Instant.now();

    private String backfill() {
        return state() == null ? null : state().backfill();
    }

    @Test
    void theFirstPollsImportWhatTelegramKeptPageByPageWithoutWaiting() throws Exception {
        long last = 0;
        for (int i = 0; i < 5; i++) {
            last = server.enqueue(Messages.inPrivate(Messages.anna(), 200 + i, now.minusSeconds(3600 - i)).text("message " + i).node());
        }
        start("updatesPerPoll", "2", "pollTimeout", "1");

        await().atMost(ParleyHarness.PATIENCE).until(() -> backfill() != null && backfill().startsWith("done"));

        assertThat(backfill()).isEqualTo("done: 5 imported (Telegram keeps 24 h of updates for bots)");
        assertThat(cursor()).isEqualTo(Long.toString(last + 1));
        List<BotApiServer.Call> pages = server.calls("getUpdates").subList(0, 3);
        assertThat(pages).allSatisfy(call -> {
            assertThat(call.params().path("limit").asInt()).isEqualTo(2);
            assertThat(call.params().path("timeout").asInt()).isZero();
        });
        assertThat(pages.get(0).params().has("offset")).isFalse();
        assertThat(pages.get(1).params().path("offset").asLong()).isEqualTo(last - 2);
        // After the backfill, polls wait for news again.
        await().atMost(ParleyHarness.PATIENCE).until(() -> server.calls("getUpdates").stream()
                .anyMatch(call -> call.params().path("timeout").asInt() == 1));
        assertThat(stored()).hasSize(5);
    }

    @Test
    void aBackfillWindowSkipsOlderMessagesAndMovesPastThem() throws Exception {
        server.enqueue(Messages.inPrivate(Messages.anna(), 300, now.minusSeconds(3 * 3600)).text("three hours ago").node());
        server.enqueue(Messages.inPrivate(Messages.anna(), 301, now.minusSeconds(2 * 3600)).text("two hours ago").node());
        long last = server.enqueue(Messages.inPrivate(Messages.anna(), 302, now.minusSeconds(600)).text("ten minutes ago").node());
        start("backfillWindow", "PT1H");

        await().atMost(ParleyHarness.PATIENCE).until(() -> backfill() != null && backfill().startsWith("done"));

        assertThat(backfill()).matches("done: 1 imported since \\S+Z, 2 older skipped \\(Telegram keeps 24 h of updates for bots\\)");
        assertThat(stored()).containsOnlyKeys(Messages.ANNA_ID + ":302");
        assertThat(cursor()).isEqualTo(Long.toString(last + 1));
    }

    @Test
    void aZeroWindowImportsNothingThatWasPendingButEverythingAfter() throws Exception {
        server.enqueue(Messages.inPrivate(Messages.anna(), 400, now.minusSeconds(60)).text("before Parley").node());
        start("backfillWindow", "PT0S");
        await().atMost(ParleyHarness.PATIENCE).until(() -> backfill() != null && backfill().startsWith("done"));
        assertThat(backfill()).matches("done: 0 imported since \\S+Z, 1 older skipped \\(Telegram keeps 24 h of updates for bots\\)");

        long last = server.enqueue(Messages.inPrivate(Messages.anna(), 401, Instant.now()).text("after Parley").node());

        awaitCursor(last);
        assertThat(stored()).containsOnlyKeys(Messages.ANNA_ID + ":401");
    }

    @Test
    void anAccountWithNothingPendingReportsAnEmptyBackfill() throws Exception {
        start();

        await().atMost(ParleyHarness.PATIENCE).until(() -> backfill() != null);

        assertThat(backfill()).isEqualTo("done: 0 imported (Telegram keeps 24 h of updates for bots)");
    }
}
