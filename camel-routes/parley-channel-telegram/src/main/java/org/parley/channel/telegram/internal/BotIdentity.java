package org.parley.channel.telegram.internal;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Who the bot is, to tell in a group which messages are for it: a mention of its @username, a text mention of its
 * user id, a command addressed to it ({@code /help@acme_bot}), or a reply to one of its own messages.
 *
 * @param id       the bot's user id (the first part of its token)
 * @param username its username without '@'
 */
public record BotIdentity(long id, String username) {

    /** The message (text or caption) addresses the bot. Entity offsets are UTF-16 units, as Java strings count. */
    public boolean mentionedIn(JsonNode message) {
        boolean caption = !message.has("text");
        String text = message.path(caption ? "caption" : "text").asText("");
        for (JsonNode entity : message.path(caption ? "caption_entities" : "entities")) {
            String type = entity.path("type").asText("");
            if (type.equals("text_mention")) {
                if (entity.path("user").path("id").asLong(0) == id) {
                    return true;
                }
                continue;
            }
            int offset = entity.path("offset").asInt(-1);
            int length = entity.path("length").asInt(-1);
            if (offset < 0 || length <= 0 || offset + length > text.length()) {
                continue;
            }
            String part = text.substring(offset, offset + length).toLowerCase(Locale.ROOT);
            String me = "@" + username.toLowerCase(Locale.ROOT);
            if ((type.equals("mention") && part.equals(me)) || (type.equals("bot_command") && part.endsWith(me))) {
                return true;
            }
        }
        return false;
    }

    /** The message was written by this bot. */
    public boolean wrote(JsonNode message) {
        JsonNode from = message.path("from");
        return from.path("id").asLong(0) == id
                || (from.path("is_bot").asBoolean(false) && from.path("username").asText("").equalsIgnoreCase(username));
    }
}
