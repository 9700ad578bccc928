package org.parley.channel.telegram.internal;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Telegram Message objects as the Bot API sends them, built for tests. */
final class Messages {

    static final long ANNA_ID = 294_671_003L;
    static final long BOB_ID = 518_204_377L;
    static final long SUPPORT_GROUP = -1_001_987_654_321L;
    static final long BASIC_GROUP = -418_553_901L;

    private final ObjectNode node = BotApiServer.JSON.createObjectNode();

    private Messages(long messageId, JsonNode chat, JsonNode from, Instant date) {
        node.put("message_id", messageId);
        if (from != null) {
            node.set("from", from);
        }
        node.set("chat", chat);
        node.put("date", date.getEpochSecond());
    }

    static ObjectNode anna() {
        return user(ANNA_ID, "Anna", "de Vries", "annadv", "nl");
    }

    static ObjectNode bob() {
        return user(BOB_ID, "Bob", null, null, "en");
    }

    static ObjectNode user(long id, String first, String last, String username, String language) {
        ObjectNode user = BotApiServer.JSON.createObjectNode().put("id", id).put("is_bot", false).put("first_name", first);
        if (last != null) {
            user.put("last_name", last);
        }
        if (username != null) {
            user.put("username", username);
        }
        if (language != null) {
            user.put("language_code", language);
        }
        return user;
    }

    /** A message in the private chat of {@code from} with the bot (a private chat's id is the user's id). */
    static Messages inPrivate(ObjectNode from, long messageId, Instant date) {
        ObjectNode chat = BotApiServer.JSON.createObjectNode().put("id", from.get("id").asLong())
                .put("first_name", from.path("first_name").asText()).put("type", "private");
        return new Messages(messageId, chat, from, date);
    }

    /** A message in the public supergroup @acme_community. */
    static Messages inSupergroup(ObjectNode from, long messageId, Instant date) {
        ObjectNode chat = BotApiServer.JSON.createObjectNode().put("id", SUPPORT_GROUP).put("title", "Acme community")
                .put("username", "acme_community").put("type", "supergroup");
        return new Messages(messageId, chat, from, date);
    }

    /** A message in a basic (small, private) group. */
    static Messages inGroup(ObjectNode from, long messageId, Instant date) {
        ObjectNode chat = BotApiServer.JSON.createObjectNode().put("id", BASIC_GROUP).put("title", "Acme beta testers")
                .put("type", "group");
        return new Messages(messageId, chat, from, date);
    }

    Messages text(String text) {
        node.put("text", text);
        return this;
    }

    Messages caption(String caption) {
        node.put("caption", caption);
        return this;
    }

    /** Marks {@code @username} in the text (or caption) as a mention entity, at its UTF-16 offset. */
    Messages mention(String mention) {
        boolean caption = !node.has("text");
        String text = node.path(caption ? "caption" : "text").asText();
        int offset = text.indexOf(mention);
        node.withArray(caption ? "caption_entities" : "entities").addObject()
                .put("offset", offset).put("length", mention.length()).put("type", "mention");
        return this;
    }

    Messages entity(String type, int offset, int length) {
        node.withArray("entities").addObject().put("offset", offset).put("length", length).put("type", type);
        return this;
    }

    Messages replyTo(JsonNode message) {
        node.set("reply_to_message", message);
        return this;
    }

    Messages with(String field, JsonNode value) {
        node.set(field, value);
        return this;
    }

    Messages with(String field, long value) {
        node.put(field, value);
        return this;
    }

    ObjectNode node() {
        return node;
    }

    /** A message the bot itself sent in a chat, as it appears in {@code reply_to_message}. */
    static ObjectNode fromBot(JsonNode chat, long messageId, Instant date, String text) {
        ObjectNode m = BotApiServer.JSON.createObjectNode().put("message_id", messageId);
        m.set("from", BotApiServer.botUser());
        m.set("chat", chat);
        m.put("date", date.getEpochSecond());
        m.put("text", text);
        return m;
    }
}
