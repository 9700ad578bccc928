package org.parley.channel.telegram.internal;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bot's token, {@code <bot id>:<secret>}. The Bot API takes it in the URL path ({@code /bot<token>/getUpdates}), so
 * every URL built with it is a secret too: this type is the only place that hands the token out, its
 * {@link #toString()} masks it, and {@link #redact} scrubs it from any text before that text reaches a log or an error.
 */
public final class BotToken {

    /** BotFather's shape: the bot's numeric id, a colon, and a secret of letters, digits, '_' and '-'. */
    private static final Pattern SHAPE = Pattern.compile("([0-9]{1,20}):[A-Za-z0-9_-]{20,200}");

    private final String value;
    private final long botId;

    private BotToken(String value, long botId) {
        this.value = value;
        this.botId = botId;
    }

    /**
     * @throws IllegalArgumentException without repeating the value when it does not have BotFather's shape
     */
    public static BotToken of(String value) {
        String v = value == null ? "" : value.trim();
        var m = SHAPE.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a Telegram bot token: BotFather gives one of the form "
                    + "<bot id>:<secret>, such as 123456789:AAH...");
        }
        return new BotToken(v, Long.parseLong(m.group(1)));
    }

    /** The token itself: only for building a Bot API request URL, never for text. */
    String reveal() {
        return value;
    }

    /** The bot's own user id: the token's first part (public; users see it too). */
    public long botId() {
        return botId;
    }

    /** The text with every occurrence of the token (and of its secret part) replaced by a mask. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String secret = value.substring(value.indexOf(':') + 1);
        return text.replace(value, mask()).replace(secret, "****");
    }

    private String mask() {
        return botId + ":****";
    }

    @Override
    public String toString() {
        return mask();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BotToken other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }
}
