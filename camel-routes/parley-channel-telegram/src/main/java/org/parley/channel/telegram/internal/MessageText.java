package org.parley.channel.telegram.internal;

import java.util.Locale;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a message says, as plain text. Telegram's {@code text} and {@code caption} are plain text already (formatting
 * travels separately, as entities) and are kept exactly as written. A message without words (a photo, a voice
 * message, a shared location ...) is described in brackets, so that the CRM shows that the person said something;
 * its raw update is kept with it. Files are not fetched: their download URL would carry the bot token.
 */
final class MessageText {

    private MessageText() {
    }

    /** The text, the caption, or a description of the content; null when the message has none of these. */
    static String of(JsonNode m) {
        String text = m.path("text").asText("");
        if (!text.isEmpty()) {
            return text;
        }
        String caption = m.path("caption").asText("");
        if (!caption.isEmpty()) {
            return caption;
        }
        return describe(m);
    }

    private static String describe(JsonNode m) {
        if (m.has("photo")) {
            return "[photo]";
        }
        if (m.has("sticker")) {
            String emoji = m.path("sticker").path("emoji").asText("");
            return emoji.isEmpty() ? "[sticker]" : "[sticker " + emoji + "]";
        }
        if (m.has("animation")) {
            return "[GIF]";
        }
        if (m.has("video")) {
            return "[video]";
        }
        if (m.has("video_note")) {
            return "[video message]";
        }
        if (m.has("voice")) {
            return "[voice message" + duration(m.path("voice")) + "]";
        }
        if (m.has("audio")) {
            String title = join(" - ", m.path("audio").path("performer").asText(""), m.path("audio").path("title").asText(""));
            return title.isEmpty() ? "[audio" + duration(m.path("audio")) + "]" : "[audio: " + title + "]";
        }
        if (m.has("document")) {
            String name = m.path("document").path("file_name").asText("");
            return name.isEmpty() ? "[file]" : "[file: " + name + "]";
        }
        if (m.has("contact")) {
            JsonNode c = m.path("contact");
            boolean own = c.path("user_id").asLong(0) != 0 && c.path("user_id").asLong() == m.path("from").path("id").asLong(-1);
            return own ? "[shared their phone number]"
                    : "[shared a contact: " + join(" ", c.path("first_name").asText(""), c.path("last_name").asText("")) + "]";
        }
        if (m.has("venue")) {
            JsonNode v = m.path("venue");
            return "[venue: " + join(", ", v.path("title").asText(""), v.path("address").asText("")) + "]";
        }
        if (m.has("location")) {
            JsonNode l = m.path("location");
            return String.format(Locale.ROOT, "[location %.5f, %.5f]", l.path("latitude").asDouble(), l.path("longitude").asDouble());
        }
        if (m.has("poll")) {
            return "[poll: " + m.path("poll").path("question").asText("") + "]";
        }
        if (m.has("dice")) {
            return "[dice " + m.path("dice").path("emoji").asText("") + " " + m.path("dice").path("value").asText("") + "]";
        }
        return null;
    }

    private static String duration(JsonNode media) {
        int seconds = media.path("duration").asInt(0);
        return seconds <= 0 ? "" : String.format(Locale.ROOT, ", %d:%02d", seconds / 60, seconds % 60);
    }

    private static String join(String separator, String... parts) {
        StringJoiner joiner = new StringJoiner(separator);
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                joiner.add(part.strip());
            }
        }
        return joiner.toString();
    }
}
