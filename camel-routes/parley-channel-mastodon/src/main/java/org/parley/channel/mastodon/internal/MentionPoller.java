package org.parley.channel.mastodon.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each poll of one account reads, page by page; the route ingests each page (with its cursor) before asking for
 * the next, so a failure half-way loses nothing and re-reads nothing that was committed.
 *
 * <ul>
 * <li><b>Forward</b>, from the stored cursor (a notification id): {@code min_id=<cursor>} gives the mentions just after
 *     it, newest first; each page is committed with its newest id as the cursor, and reading goes on while the page is
 *     full and its {@code Link} header has {@code rel="prev"}. The next {@code min_id} is that newest id (the value
 *     Mastodon puts in the prev link), which is exactly what the cursor holds: a restart continues at the same place.
 *     A short page ends the poll (an instance that gives fewer than asked is read on at the next poll).</li>
 * <li><b>Backfill</b>, when there is no cursor yet: pages back from the newest mention with {@code max_id} while the
 *     {@code Link} header has {@code rel="next"}, until a mention is older than {@code backfillWindow} or a page is
 *     empty. Pages are committed without a cursor as they come; the last one commits the newest id seen at the start,
 *     so mentions that arrive meanwhile are read forward from there. How far it got is kept between polls, so a
 *     backfill interrupted by a rate limit goes on where it stopped; after a restart it starts over (the store keeps
 *     each status once). An account with no mention at all gets the cursor {@code 0}, from which every later mention
 *     is read.</li>
 * <li>While the rate limit is used up, or after the token was refused, polls are skipped ({@link #waitUntil()}).</li>
 * </ul>
 * Used by one poll at a time (the route's timer thread).
 */
final class MentionPoller {

    /** How long polls rest after the instance refused the token: no hot retrying of a bad credential. */
    static final Duration TOKEN_REFUSED_PAUSE = Duration.ofMinutes(5);
    /** The cursor of an account that had no mention when it was connected: every mention id is above it. */
    static final String BEFORE_EVERYTHING = "0";

    private static final Logger LOG = LoggerFactory.getLogger(MentionPoller.class);

    /**
     * One page to hand to ingest.
     *
     * @param notifications the notifications to map (a backfill page may hold fewer than the server sent: none older
     *                      than the window)
     * @param cursor        the cursor to commit with them, or null to leave it
     * @param last          the poll reads no further page after this one
     * @param backfill      for a backfill page: where the backfill stands once this page is stored; else null
     */
    record Page(ArrayNode notifications, String cursor, boolean last, Backfill backfill) {
    }

    /**
     * How far a backfill got.
     *
     * @param since      the window's start: nothing older is imported
     * @param newestId   the newest mention id when the backfill began; the cursor it ends with
     * @param olderThan  the {@code max_id} of the next page, or null before the first
     * @param imported   interactions imported so far
     * @param reachedBack the day of the oldest mention read so far, or null
     */
    record Backfill(Instant since, String newestId, String olderThan, int imported, LocalDate reachedBack) {
    }

    private final MastodonSettings settings;
    private final MastodonApi api;
    private final Clock clock;
    private volatile Instant pausedUntil;
    private Backfill backfill;

    MentionPoller(MastodonSettings settings, MastodonApi api, Clock clock) {
        this.settings = settings;
        this.api = api;
        this.clock = clock;
    }

    /** When polls may run again (rate limit used up, token refused), or null when they may run now. */
    Instant waitUntil() {
        Instant limited = api.readGate().closedUntil();
        Instant paused = pausedUntil != null && clock.instant().isBefore(pausedUntil) ? pausedUntil : null;
        if (limited == null) {
            return paused;
        }
        return paused == null || limited.isAfter(paused) ? limited : paused;
    }

    /** A poll from the stored cursor (null: none yet, so a backfill). */
    Run start(String cursor) {
        if (cursor != null) {
            backfill = null;
        }
        return new Run(cursor);
    }

    /** One poll. */
    final class Run {
        private String minId;
        private boolean over;

        private Run(String cursor) {
            this.minId = cursor;
        }

        /** The next page to ingest, or null when this poll is done. */
        Page next() throws MastodonPollException {
            if (over) {
                return null;
            }
            Instant limited = api.readGate().closedUntil();
            if (limited != null) {
                LOG.info("Mastodon {}: rate limit used up; reading goes on after {}", settings.account(), limited);
                over = true;
                return null;
            }
            if (minId != null) {
                return forward();
            }
            return settings.backfillWindow().isZero() ? startFromNow() : backfillPage();
        }

        /**
         * Records that {@code page} was stored with {@code interactions} interactions.
         *
         * @return how the backfill stands, for {@code parley:status}; null for a forward page
         */
        String stored(Page page, int interactions) {
            Backfill b = page.backfill();
            if (b == null) {
                return null;
            }
            Backfill now = new Backfill(b.since(), b.newestId(), b.olderThan(), b.imported() + interactions, b.reachedBack());
            if (page.last()) {
                backfill = null;
                LOG.info("Mastodon {}: backfill done, {} imported since {}", settings.account(), now.imported(), day(now.since()));
                return "done: " + now.imported() + " imported since " + day(now.since());
            }
            backfill = now;
            return "running: " + now.imported() + " imported, back to "
                    + (now.reachedBack() != null ? now.reachedBack() : day(now.since()));
        }

        private Page forward() throws MastodonPollException {
            NotificationPage page = fetch(minId, null, settings.pageSize());
            if (page.isEmpty()) {
                over = true;
                return null;
            }
            String newest = page.newestId();
            if (newest == null) {
                throw new MastodonPollException("GET " + settings.baseUrl() + "/api/v1/notifications answered "
                        + page.size() + " notifications without an id: the cursor cannot move past them", null);
            }
            over = !page.hasNewer() || page.size() < settings.pageSize();
            minId = newest;
            return new Page(page.notifications(), newest, over, null);
        }

        /** backfillWindow PT0S: no history, reading starts after the newest mention there is now. */
        private Page startFromNow() throws MastodonPollException {
            NotificationPage page = fetch(null, null, 1);
            over = true;
            String newest = page.newestId();
            LOG.info("Mastodon {}: no backfill (backfillWindow PT0S); reading mentions after {}", settings.account(),
                    newest == null ? "the first one" : newest);
            return new Page(JsonNodeFactory.instance.arrayNode(), newest == null ? BEFORE_EVERYTHING : newest, true, null);
        }

        private Page backfillPage() throws MastodonPollException {
            Backfill b = backfill;
            NotificationPage page = fetch(null, b == null ? null : b.olderThan(), settings.pageSize());
            if (b == null) {
                String newest = page.newestId();
                b = new Backfill(clock.instant().minus(settings.backfillWindow()),
                        newest == null ? BEFORE_EVERYTHING : newest, null, 0, null);
                LOG.info("Mastodon {}: backfill of the mentions since {} begins", settings.account(), day(b.since()));
            }
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            LocalDate reachedBack = b.reachedBack();
            boolean olderThanWindow = false;
            for (JsonNode notification : page.notifications()) {
                Instant at = createdAt(notification);
                if (at != null && at.isBefore(b.since())) {
                    olderThanWindow = true;
                    continue;
                }
                kept.add(notification);
                if (at != null) {
                    LocalDate day = day(at);
                    reachedBack = reachedBack == null || day.isBefore(reachedBack) ? day : reachedBack;
                }
            }
            String oldest = page.oldestId();
            // Not "a short page is the last": instances before Mastodon 4.1 give at most 30, and history would be cut.
            boolean last = olderThanWindow || oldest == null || !page.hasOlder();
            over = last;
            Backfill next = new Backfill(b.since(), b.newestId(), oldest, b.imported(), reachedBack);
            return new Page(kept, last ? b.newestId() : null, last, next);
        }
    }

    private NotificationPage fetch(String minId, String maxId, int limit) throws MastodonPollException {
        try {
            return api.mentions(minId, maxId, limit);
        } catch (MastodonApiException e) {
            throw pollFailure(e);
        }
    }

    private MastodonPollException pollFailure(MastodonApiException e) {
        String config = settings.name() + ".cfg";
        switch (e.status()) {
            case 401 -> {
                pausedUntil = clock.instant().plus(TOKEN_REFUSED_PAUSE);
                return new MastodonPollException("access token refused: " + e.getMessage() + ". Renew accessToken in "
                        + config + "; polls of account '" + settings.account() + "' rest until " + pausedUntil, e);
            }
            case 403 -> {
                pausedUntil = clock.instant().plus(TOKEN_REFUSED_PAUSE);
                return new MastodonPollException("access token lacks a scope: " + e.getMessage()
                        + ". Give the application the scopes read:notifications and write:statuses and renew accessToken in "
                        + config + "; polls of account '" + settings.account() + "' rest until " + pausedUntil, e);
            }
            case 429 -> {
                return new MastodonPollException("rate limited: " + e.getMessage() + "; polls skipped until "
                        + (e.retryAt() != null ? e.retryAt() : api.readGate().closedUntil()), e);
            }
            default -> {
                return new MastodonPollException(e.getMessage(), e);
            }
        }
    }

    private static Instant createdAt(JsonNode notification) {
        String value = MastodonMapper.text(notification, "created_at");
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null; // kept: the mapper decides what an unreadable notification becomes
        }
    }

    private static LocalDate day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
