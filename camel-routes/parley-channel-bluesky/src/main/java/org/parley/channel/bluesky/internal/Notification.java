package org.parley.channel.bluesky.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One element of a listNotifications page, as received, with what the poll needs before mapping it.
 *
 * @param node    the element
 * @param json    the element's JSON text: the raw payload kept with the interaction or the dead letter
 * @param uri     the notifying record's at:// uri; for an element without one, a stand-in derived from its content
 * @param reason  Bluesky's reason (mention, reply, quote, like, repost, follow ...), or null when absent
 * @param at      its {@code indexedAt}, or null when absent or not a datetime
 */
record Notification(JsonNode node, String json, String uri, String reason, Instant at) {

    /** The reasons that are someone talking to or about the account; likes, reposts, follows ... are not. */
    static final Set<String> CONVERSATION = Set.of("mention", "reply", "quote");

    static Notification of(JsonNode node) {
        String json = node.toString();
        String uri = text(node, "uri");
        return new Notification(node, json, uri != null ? uri : "unidentified:" + sha256(json), text(node, "reason"),
                AtTime.parse(text(node, "indexedAt")));
    }

    /** Someone talking to or about the account, or an element too broken to tell (which becomes a dead letter). */
    boolean conversation() {
        return reason == null || CONVERSATION.contains(reason);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String sha256(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
