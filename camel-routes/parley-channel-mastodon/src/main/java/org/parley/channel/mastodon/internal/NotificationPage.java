package org.parley.channel.mastodon.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * One answer of {@code GET /api/v1/notifications}: the notifications, newest first as Mastodon sends them, and which
 * way the {@code Link} header says more can be read.
 *
 * @param notifications the page
 * @param hasNewer      the header has {@code rel="prev"} (read on with {@code min_id})
 * @param hasOlder      the header has {@code rel="next"} (read on with {@code max_id})
 */
record NotificationPage(ArrayNode notifications, boolean hasNewer, boolean hasOlder) {

    boolean isEmpty() {
        return notifications.isEmpty();
    }

    int size() {
        return notifications.size();
    }

    /** The highest notification id on the page, or null when it is empty or has no ids. */
    String newestId() {
        String newest = null;
        for (String id : ids()) {
            newest = NotificationIds.newest(newest, id);
        }
        return newest;
    }

    /** The lowest notification id on the page, or null. */
    String oldestId() {
        String oldest = null;
        for (String id : ids()) {
            oldest = oldest == null || NotificationIds.compare(id, oldest) < 0 ? id : oldest;
        }
        return oldest;
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>(notifications.size());
        for (JsonNode n : notifications) {
            String id = MastodonMapper.text(n, "id");
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }
}
