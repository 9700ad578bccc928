package org.parley.channel.meta.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Reading Meta's JSON defensively: bounded parsing, and field reads that never trust a type. */
final class Json {

    /**
     * Limits well above anything Meta sends (payloads nest 6 deep; a message is at most a few thousand characters),
     * so a hostile body costs little before it is refused.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxStringLength(1_000_000)
                            .maxNumberLength(64)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();

    /** A list field's elements; none when the field is absent or not a list (an object's values are not elements). */
    static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isArray() ? value : java.util.List.of();
    }

    /** Seconds since the epoch up to this value; above it, Meta's number is in milliseconds (Messenger). */
    private static final long MAX_SECONDS = 100_000_000_000L;
    /** Graph API date-times: {@code 2024-05-03T16:09:08+0000}. */
    private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ", Locale.ROOT);

    private Json() {
    }

    /** A non-blank string or number field, trimmed; null for absent, null, blank or other values. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
            return null;
        }
        String s = value.asText().strip();
        return s.isEmpty() ? null : s;
    }

    /** A field holding words people wrote: kept as written, minus what no store can hold (see {@link #plain}). */
    static String words(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? plain(value.asText()) : null;
    }

    /**
     * Text as plain text that any store takes: NUL and the other control characters but tab and line breaks are
     * dropped (PostgreSQL refuses NUL), and a lone surrogate becomes U+FFFD. Never interpreted as markup.
     */
    static String plain(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement = null;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) {
                replacement = "";
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    if (out != null) {
                        out.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                replacement = "\uFFFD";
            } else if (Character.isLowSurrogate(c)) {
                replacement = "\uFFFD";
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * A time field: epoch seconds or milliseconds (a number or a numeric string), or a Graph date-time
     * ({@code 2024-05-03T16:09:08+0000}, also ISO-8601 with a colon); null when absent or unreadable.
     */
    static Instant time(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return epoch(value.asLong());
        }
        if (!value.isTextual()) {
            return null;
        }
        String s = value.asText().strip();
        if (s.matches("\\d{1,15}")) {
            return epoch(Long.parseLong(s));
        }
        try {
            return OffsetDateTime.parse(s, GRAPH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static Instant epoch(long value) {
        if (value <= 0) {
            return null;
        }
        return value < MAX_SECONDS ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }

    /** An http(s) link, or null: a {@code javascript:} or {@code data:} link is nobody's words. */
    static String http(String url) {
        if (url == null) {
            return null;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? url : null;
    }

    /** A whole-number field, not negative; 0 when absent. */
    static long count(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n != null && n.canConvertToLong() ? Math.max(0, n.asLong()) : 0;
    }

    /** Shortened for a message. */
    static String abbreviate(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
