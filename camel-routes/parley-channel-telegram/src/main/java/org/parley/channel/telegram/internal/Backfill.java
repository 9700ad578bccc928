package org.parley.channel.telegram.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The import of what was pending when an account was first polled. Bots have no history API: Telegram keeps a bot's
 * undelivered updates for 24 hours, so the backfill is the first polls, page after page, until a page is not full.
 * Messages older than the configured window are skipped (the cursor moves past them); a window of zero imports nothing
 * that was written before the backfill started.
 */
final class Backfill {

    static final String NOTE = "(Telegram keeps 24 h of updates for bots)";
    private static final Duration TELEGRAM_KEEPS = Duration.ofHours(24);

    private final Instant importSince;
    private final boolean windowMatters;
    private int imported;
    private int tooOld;

    Backfill(Duration window, Instant startedAt) {
        // Telegram dates are whole seconds: a message of the very second the backfill starts counts as new.
        this.importSince = startedAt.truncatedTo(ChronoUnit.SECONDS).minus(window);
        this.windowMatters = window.compareTo(TELEGRAM_KEEPS) < 0;
    }

    /** Messages written before this are not imported. */
    Instant importSince() {
        return importSince;
    }

    void add(int importedNow, int tooOldNow) {
        imported += importedNow;
        tooOld += tooOldNow;
    }

    /** For {@code parley:status}: {@code running: 120 imported ...} or {@code done: 340 imported ...}. */
    String progress(boolean done) {
        StringBuilder text = new StringBuilder(done ? "done: " : "running: ").append(imported).append(" imported");
        if (windowMatters) {
            text.append(" since ").append(importSince);
            if (tooOld > 0) {
                text.append(", ").append(tooOld).append(" older skipped");
            }
        }
        return text.append(' ').append(NOTE).toString();
    }
}
