package org.parley.channel.bluesky.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where an account's notifications were read up to. listNotifications only pages backwards (newest first, its
 * {@code cursor} leads to older pages), so the position is kept as times and uris, stored by Parley with the batch
 * it covers:
 * <ul>
 *   <li>{@code newest}: the {@code indexedAt} of the newest notification handled;</li>
 *   <li>{@code floor}: the start of the backfill window; nothing older is ever read;</li>
 *   <li>{@code seen}: the uris handled whose {@code indexedAt} lies within {@link NotificationPoller#LATE_ARRIVAL} of
 *       it, so that a notification Bluesky lists late, or with the same time as one already stored, is neither
 *       skipped nor read twice;</li>
 *   <li>{@code gap}: older notifications still to read (a backfill, or a catch-up longer than one poll reads):
 *       Bluesky's paging cursor to go on from, and the time to go back to.</li>
 * </ul>
 * The stored form is compact JSON and stays under {@link #MAX_CHARS} (Parley keeps up to 4000): when it would not,
 * the oldest {@code seen} entries are dropped, which at worst offers an item to the store again (the store keeps it
 * once).
 */
record BlueskyCursor(Instant newest, Instant floor, List<Seen> seen, Gap gap) {

    static final int MAX_CHARS = 3800;

    /** A notification handled. */
    record Seen(Instant at, String uri) {
    }

    /**
     * Notifications still to read: everything Bluesky lists after paging cursor {@code from} (from the top when null)
     * back to {@code until}.
     *
     * @param imported how many the gap gave so far (for the progress of a backfill)
     * @param backfill whether this is the backfill of the account's history (its progress is shown)
     */
    record Gap(String from, Instant until, int imported, boolean backfill) {
    }

    BlueskyCursor {
        java.util.Objects.requireNonNull(floor, "floor");
        seen = List.copyOf(seen);
    }

    boolean hasSeen(String uri) {
        for (Seen s : seen) {
            if (s.uri().equals(uri)) {
                return true;
            }
        }
        return false;
    }

    /** The stored form. */
    String format(ObjectMapper mapper) {
        List<Seen> kept = new ArrayList<>(seen);
        kept.sort(Comparator.comparing(Seen::at).reversed());
        String text = write(mapper, kept);
        while (text.length() > MAX_CHARS && !kept.isEmpty()) {
            kept.remove(kept.size() - 1);
            text = write(mapper, kept);
        }
        return text;
    }

    private String write(ObjectMapper mapper, List<Seen> entries) {
        ObjectNode root = mapper.createObjectNode();
        root.put("v", 1);
        if (newest != null) {
            root.put("newest", newest.toString());
        }
        root.put("floor", floor.toString());
        ArrayNode list = root.putArray("seen");
        for (Seen s : entries) {
            list.addArray().add(s.at().toString()).add(s.uri());
        }
        if (gap != null) {
            ObjectNode g = root.putObject("gap");
            if (gap.from() != null) {
                g.put("from", gap.from());
            }
            g.put("until", gap.until().toString());
            g.put("imported", gap.imported());
            g.put("backfill", gap.backfill());
        }
        return root.toString();
    }

    /**
     * The stored cursor, or null when there is none (the account was never read: a backfill starts).
     *
     * @throws IllegalArgumentException when the stored text is not a cursor of this channel
     */
    static BlueskyCursor parse(String stored, ObjectMapper mapper) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        JsonNode root;
        try {
            root = mapper.readTree(stored);
        } catch (IOException e) {
            throw new IllegalArgumentException("the stored cursor is not JSON");
        }
        if (root == null || !root.isObject() || root.path("v").asInt() != 1) {
            throw new IllegalArgumentException("the stored cursor is not a version 1 Bluesky cursor");
        }
        Instant newest = instant(root.get("newest"));
        Instant floor = instant(root.get("floor"));
        if (floor == null) {
            throw new IllegalArgumentException("the stored cursor has no 'floor' time");
        }
        List<Seen> seen = new ArrayList<>();
        for (JsonNode entry : root.path("seen")) {
            Instant at = instant(entry.get(0));
            JsonNode uri = entry.get(1);
            if (at != null && uri != null && uri.isTextual()) {
                seen.add(new Seen(at, uri.asText()));
            }
        }
        Gap gap = null;
        JsonNode g = root.get("gap");
        if (g != null && g.isObject()) {
            Instant until = instant(g.get("until"));
            if (until == null) {
                throw new IllegalArgumentException("the stored cursor's gap has no 'until' time");
            }
            gap = new Gap(g.hasNonNull("from") ? g.get("from").asText() : null, until, g.path("imported").asInt(),
                    g.path("backfill").asBoolean());
        }
        if (newest == null && gap == null) {
            throw new IllegalArgumentException("the stored cursor has neither a newest time nor a gap");
        }
        return new BlueskyCursor(newest, floor, seen, gap);
    }

    private static Instant instant(JsonNode node) {
        return node != null && node.isTextual() ? AtTime.parse(node.asText()) : null;
    }
}
