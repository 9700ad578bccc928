package org.parley.channel.telegram.internal;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Telegram message: message ids count per chat, so a message is (chat id, message id), written
 * {@code <chat.id>:<message_id>} as Parley's external id ({@code 123456789:42}, {@code -1001234567890:7}).
 */
public record MessageRef(long chatId, long messageId) {

    /** A public username as t.me links take it. */
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_]{4,32}");

    public String externalId() {
        return chatId + ":" + messageId;
    }

    /**
     * @throws IllegalArgumentException when the text is not {@code <chat id>:<message id>}
     */
    public static MessageRef parse(String externalId) {
        int colon = externalId == null ? -1 : externalId.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + externalId + "' is not a Telegram message id (<chat id>:<message id>)");
        }
        try {
            return new MessageRef(Long.parseLong(externalId.substring(0, colon)), Long.parseLong(externalId.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + externalId + "' is not a Telegram message id (<chat id>:<message id>)");
        }
    }

    /**
     * The t.me link of a message, where Telegram has one: {@code t.me/<username>/<id>} in a public group,
     * {@code t.me/c/<id>/<id>} in a private supergroup (members only). Private chats and basic groups have none.
     */
    static String url(JsonNode chat, long messageId) {
        String username = chat.path("username").asText("");
        if (USERNAME.matcher(username).matches()) {
            return "https://t.me/" + username + "/" + messageId;
        }
        long id = chat.path("id").asLong(0);
        String type = chat.path("type").asText("");
        // Supergroup and channel ids are -100 followed by the id t.me/c/ uses.
        if ((type.equals("supergroup") || type.equals("channel")) && id < -1_000_000_000_000L) {
            return "https://t.me/c/" + (-id - 1_000_000_000_000L) + "/" + messageId;
        }
        return null;
    }
}
