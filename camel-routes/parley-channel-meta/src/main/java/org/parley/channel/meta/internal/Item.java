package org.parley.channel.meta.internal;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One thing a webhook delivery reported: a {@code changes[]} element, a {@code messaging[]} event, or one WhatsApp
 * message, with the entry it came in.
 *
 * @param network  where it happened
 * @param entry    its {@code entry[]} element (id = the asset; time = when Meta sent it)
 * @param payload  the change, the messaging event, or the WhatsApp message
 * @param envelope a webhook body holding this item alone: kept as the interaction's raw payload, and as a dead
 *                 letter's payload so that a replay maps exactly this item again
 */
record Item(Network network, JsonNode entry, JsonNode payload, ObjectNode envelope) {

    String entryId() {
        return Json.text(entry, "id");
    }

    /** When Meta sent the entry (seconds for Pages' changes and Instagram, milliseconds for Messenger). */
    Instant entryTime() {
        return Json.time(entry, "time");
    }

    String raw() {
        return envelope.toString();
    }
}
