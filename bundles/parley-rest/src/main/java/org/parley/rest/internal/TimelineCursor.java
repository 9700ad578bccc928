package org.parley.rest.internal;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.api.Timeline;

/**
 * The opaque cursor of a timeline page: where the last entry of the page stands (its time and the store's sequence),
 * so that the next page starts right after it whatever arrived meanwhile. Clients pass it back unchanged.
 */
final class TimelineCursor {

    private static final String PREFIX = "c1.";
    private static final Pattern FORM = Pattern.compile("(-?[0-9]{1,12})\\.([0-9]{1,9})\\.([0-9]{1,18})");

    private TimelineCursor() {
    }

    static String encode(Timeline.Position position) {
        if (position == null) {
            return null;
        }
        String text = position.occurredAt().getEpochSecond() + "." + position.occurredAt().getNano() + "."
                + position.sequence();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Null for a first page (no cursor). */
    static Timeline.Position decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            if (cursor.length() <= 128 && cursor.startsWith(PREFIX)) {
                String text = new String(Base64.getUrlDecoder().decode(cursor.substring(PREFIX.length())),
                        StandardCharsets.US_ASCII);
                Matcher m = FORM.matcher(text);
                if (m.matches()) {
                    return new Timeline.Position(Instant.ofEpochSecond(Long.parseLong(m.group(1)),
                            Long.parseLong(m.group(2))), Long.parseLong(m.group(3)));
                }
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            // Refused below, like any other cursor this API did not give out.
        }
        throw ApiException.invalid("the cursor is not one this API gave out: pass nextCursor unchanged");
    }
}
