package org.parley.channel.bluesky.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what is new for one account. listNotifications lists newest first and only pages backwards, so each poll walks
 * back from the top until it passes what it handled before, and hands the new notifications over oldest first, with
 * the cursor that covers them (see {@link BlueskyCursor}).
 *
 * <ul>
 *   <li>Bluesky lists a notification at its {@code indexedAt}, which may lie a little before the moment it appears
 *       (the appview sorts by the earlier of indexing and the post's own time); so a poll walks back
 *       {@link #LATE_ARRIVAL} further than the newest it handled, and skips the uris it has already seen.</li>
 *   <li>A poll reads at most {@code maxPages} pages. What lies below is left as a gap in the cursor and read by the
 *       next polls, page by page, each batch committed with the cursor that says where the gap stands: a long
 *       outage or a large backfill never needs unbounded memory, and a restart resumes where it stopped.</li>
 *   <li>The first poll of an account (no cursor) starts a backfill: a gap from the top back to the backfill window.</li>
 * </ul>
 * Only mentions, replies and quotes are kept; Bluesky is asked for only these ({@code reasons}) and anything else it
 * lists anyway is passed over.
 */
final class NotificationPoller {

    /** How much earlier than the newest notification handled a notification may still appear. */
    static final Duration LATE_ARRIVAL = Duration.ofMinutes(10);
    static final int MAX_PAGES_PER_POLL = 10;

    private static final Logger LOG = LoggerFactory.getLogger(NotificationPoller.class);

    /**
     * What one poll found.
     *
     * @param fresh    new notifications to hand over, oldest first (conversation only)
     * @param cursor   the cursor covering them, in its stored form
     * @param moved    whether the cursor differs from the one the poll started from
     * @param backfill how the backfill stands, for {@code parley:status}; null when none is running or ending
     */
    record Result(List<Notification> fresh, String cursor, boolean moved, String backfill) {
    }

    private record Walk(List<Notification> fresh, List<Instant> freshAt, Instant newest, Instant oldestRead,
                        String next, boolean done) {
    }

    private final BlueskySession session;
    private final BlueskySettings settings;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final int maxPages;

    NotificationPoller(BlueskySession session, BlueskySettings settings, Clock clock, ObjectMapper mapper, int maxPages) {
        this.session = session;
        this.settings = settings;
        this.clock = clock;
        this.mapper = mapper;
        this.maxPages = maxPages;
    }

    /**
     * One poll from the stored cursor (null: the account was never read).
     *
     * @throws BlueskyException, org.parley.camel.RateLimitedException when a call fails; nothing has moved then
     */
    Result poll(String stored) {
        BlueskyCursor cursor = readable(stored);
        if (cursor == null) {
            Instant floor = clock.instant().minus(settings.backfillWindow());
            cursor = new BlueskyCursor(null, floor, List.of(),
                    new BlueskyCursor.Gap(null, floor, 0, !settings.backfillWindow().isZero()));
        }
        BlueskyCursor.Gap gap = cursor.gap();
        Instant until = gap != null ? gap.until() : liveBound(cursor);
        Walk walk = walk(cursor, gap != null ? gap.from() : null, until);

        Instant newest = max(cursor.newest(), walk.newest());
        if (newest == null) {
            newest = cursor.floor(); // an account with no notifications at all
        }
        BlueskyCursor.Gap nextGap = null;
        if (!walk.done()) {
            nextGap = gap != null
                    ? new BlueskyCursor.Gap(walk.next(), gap.until(), gap.imported() + walk.fresh().size(), gap.backfill())
                    : new BlueskyCursor.Gap(walk.next(), until, 0, false);
        }
        BlueskyCursor next = new BlueskyCursor(newest, cursor.floor(), seen(cursor, walk, newest, nextGap), nextGap);
        String formatted = next.format(mapper);
        return new Result(oldestFirst(walk), formatted, !formatted.equals(stored), progress(gap, walk));
    }

    /** The stored cursor; one this channel cannot read starts the account over (the store keeps each item once). */
    private BlueskyCursor readable(String stored) {
        try {
            return BlueskyCursor.parse(stored, mapper);
        } catch (IllegalArgumentException e) {
            LOG.warn("Bluesky {}: {}; reading the account again from its backfill window", settings.account(), e.getMessage());
            return null;
        }
    }

    /** Where a live poll stops: a little before the newest handled, never before the window. */
    private static Instant liveBound(BlueskyCursor cursor) {
        Instant bound = cursor.newest().minus(LATE_ARRIVAL);
        return bound.isBefore(cursor.floor()) ? cursor.floor() : bound;
    }

    private Walk walk(BlueskyCursor cursor, String from, Instant until) {
        List<Notification> fresh = new ArrayList<>();
        List<Instant> freshAt = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        Instant newest = null;
        Instant oldestRead = null;
        Instant previous = clock.instant();
        String page = from;
        for (int pages = 1; ; pages++) {
            NotificationPage answer = fetch(page);
            for (Notification n : answer.notifications()) {
                // An element without a readable time sits where Bluesky listed it: at its newer neighbour's time.
                Instant at = n.at() != null ? n.at() : previous;
                previous = at;
                if (at.isBefore(until)) {
                    return new Walk(fresh, freshAt, newest, oldestRead, null, true);
                }
                newest = max(newest, at);
                oldestRead = at;
                if (n.conversation() && !cursor.hasSeen(n.uri()) && taken.add(n.uri())) {
                    fresh.add(n);
                    freshAt.add(at);
                }
            }
            if (answer.cursor() == null || answer.notifications().isEmpty()) {
                return new Walk(fresh, freshAt, newest, oldestRead, null, true);
            }
            page = answer.cursor();
            if (pages >= maxPages) {
                return new Walk(fresh, freshAt, newest, oldestRead, page, false);
            }
        }
    }

    private NotificationPage fetch(String pageCursor) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        params.add(Map.entry("limit", Integer.toString(settings.pageSize())));
        if (pageCursor != null) {
            params.add(Map.entry("cursor", pageCursor));
        }
        for (String reason : List.of("mention", "reply", "quote")) {
            params.add(Map.entry("reasons", reason));
        }
        XrpcResponse answer = session.query(NotificationPage.NSID, params);
        if (!answer.ok()) {
            throw new BlueskyException(answer.describe());
        }
        return NotificationPage.of(answer.json(mapper));
    }

    /**
     * The uris to remember: those within {@link #LATE_ARRIVAL} of the newest (a later poll walks back over them), and
     * while a gap is open, the earlier ones at or above the gap's end (filling it walks over them).
     */
    private static List<BlueskyCursor.Seen> seen(BlueskyCursor cursor, Walk walk, Instant newest, BlueskyCursor.Gap gap) {
        Instant recent = newest.minus(LATE_ARRIVAL);
        List<BlueskyCursor.Seen> seen = new ArrayList<>();
        for (BlueskyCursor.Seen s : cursor.seen()) {
            if (!s.at().isBefore(recent) || (gap != null && !s.at().isBefore(gap.until()))) {
                seen.add(s);
            }
        }
        for (int i = 0; i < walk.fresh().size(); i++) {
            Instant at = walk.freshAt().get(i);
            if (!at.isBefore(recent)) {
                seen.add(new BlueskyCursor.Seen(at, walk.fresh().get(i).uri()));
            }
        }
        return seen;
    }

    private static List<Notification> oldestFirst(Walk walk) {
        List<Integer> order = new ArrayList<>();
        for (int i = walk.fresh().size() - 1; i >= 0; i--) {
            order.add(i);
        }
        order.sort(Comparator.comparing(walk.freshAt()::get)); // stable: Bluesky's order among equal times, reversed
        return order.stream().map(walk.fresh()::get).toList();
    }

    private static String progress(BlueskyCursor.Gap gap, Walk walk) {
        if (gap == null || !gap.backfill()) {
            return null;
        }
        int imported = gap.imported() + walk.fresh().size();
        if (walk.done()) {
            return "done: " + imported + " imported since " + day(gap.until());
        }
        return "running: " + imported + " imported, back to " + day(walk.oldestRead() != null ? walk.oldestRead() : gap.until());
    }

    private static String day(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
