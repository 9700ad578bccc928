package org.parley.channel.bluesky.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One listNotifications answer: {@code {"cursor": "...", "notifications": [...]}}, newest first; {@code cursor} leads
 * to the next, older page and is absent on the last one. A body of another shape is a failed call.
 *
 * @param notifications the elements in Bluesky's order
 * @param cursor        the paging cursor to the next older page, or null
 */
record NotificationPage(List<Notification> notifications, String cursor) {

    static final String NSID = "app.bsky.notification.listNotifications";

    NotificationPage {
        notifications = List.copyOf(notifications);
    }

    static NotificationPage of(JsonNode root) {
        JsonNode list = root == null ? null : root.get("notifications");
        if (list == null || !list.isArray()) {
            throw new BlueskyException(NSID + " answered with a malformed body: no 'notifications' array");
        }
        List<Notification> notifications = new ArrayList<>(list.size());
        for (JsonNode element : list) {
            notifications.add(Notification.of(element));
        }
        JsonNode cursor = root.get("cursor");
        return new NotificationPage(notifications,
                cursor != null && cursor.isTextual() && !cursor.asText().isEmpty() ? cursor.asText() : null);
    }
}
