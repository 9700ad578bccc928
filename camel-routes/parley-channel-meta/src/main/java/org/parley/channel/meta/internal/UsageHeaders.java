package org.parley.channel.meta.internal;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Meta's rate-limit hints: {@code X-Business-Use-Case-Usage} ({@code {"<id>":[{"type":"pages",...,
 * "estimated_time_to_regain_access":19}]}}), {@code X-Page-Usage} and {@code X-App-Usage} (flat objects). The field
 * {@code estimated_time_to_regain_access} is in minutes; the longest one found is the wait.
 */
final class UsageHeaders {

    static final List<String> NAMES = List.of("X-Business-Use-Case-Usage", "X-Page-Usage", "X-App-Usage");
    private static final String FIELD = "estimated_time_to_regain_access";
    /** A usage header is a few hundred bytes; a longer one is not read. */
    private static final int MAX_LENGTH = 16_384;
    private static final int MAX_DEPTH = 4;
    /** Meta's throttling lasts at most a day; a larger figure is not believed. */
    private static final long MAX_MINUTES = 24 * 60;

    private UsageHeaders() {
    }

    /** The wait the headers ask for, or null when none names one above zero. */
    static Duration regainAccess(List<String> headerValues) {
        long minutes = 0;
        for (String value : headerValues) {
            if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
                continue;
            }
            try {
                minutes = Math.max(minutes, longest(Json.MAPPER.readTree(value), 0));
            } catch (JsonProcessingException e) {
                // A garbled hint is no hint.
            }
        }
        return minutes <= 0 ? null : Duration.ofMinutes(Math.min(minutes, MAX_MINUTES));
    }

    private static long longest(JsonNode node, int depth) {
        if (node == null || depth > MAX_DEPTH) {
            return 0;
        }
        long found = 0;
        JsonNode field = node.get(FIELD);
        if (field != null && field.canConvertToLong()) {
            found = field.asLong();
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                found = Math.max(found, longest(child, depth + 1));
            }
        }
        return found;
    }
}
