package org.parley.channel.telegram.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class BackfillTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00.750Z");

    @Test
    void aWindowOfADayOrMoreImportsWhateverTelegramKept() {
        Backfill backfill = new Backfill(Duration.ofDays(7), START);
        backfill.add(100, 0);
        assertThat(backfill.progress(false)).isEqualTo("running: 100 imported (Telegram keeps 24 h of updates for bots)");
        backfill.add(40, 0);
        assertThat(backfill.progress(true)).isEqualTo("done: 140 imported (Telegram keeps 24 h of updates for bots)");
    }

    @Test
    void aShorterWindowSaysSinceWhenAndHowManyOlderWereSkipped() {
        Backfill backfill = new Backfill(Duration.ofHours(1), START);
        backfill.add(3, 0);
        assertThat(backfill.progress(false))
                .isEqualTo("running: 3 imported since 2026-11-23T09:00:00Z (Telegram keeps 24 h of updates for bots)");
        backfill.add(2, 5);
        assertThat(backfill.progress(true))
                .isEqualTo("done: 5 imported since 2026-11-23T09:00:00Z, 5 older skipped (Telegram keeps 24 h of updates for bots)");
    }

    @Test
    void aZeroWindowStillTakesAMessageOfTheSecondTheBackfillStarted() {
        // Telegram dates are whole seconds: 10:00:00 is not "before" a start at 10:00:00.750.
        assertThat(new Backfill(Duration.ZERO, START).importSince()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    }
}
