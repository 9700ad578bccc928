package org.parley.channel.bluesky.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BlueskyCursorTest {

    private final ObjectMapper json = new ObjectMapper();
    private static final Instant NEWEST = Instant.parse("2026-11-22T10:00:00.123Z");
    private static final Instant FLOOR = Instant.parse("2026-11-15T10:00:00Z");

    @Test
    void roundTripsItsStoredForm() {
        BlueskyCursor cursor = new BlueskyCursor(NEWEST, FLOOR,
                List.of(new BlueskyCursor.Seen(NEWEST, "at://did:plc:a/app.bsky.feed.post/3k1")),
                new BlueskyCursor.Gap("1763800000000::bafyrei", FLOOR, 120, true));

        String stored = cursor.format(json);

        assertThat(BlueskyCursor.parse(stored, json)).isEqualTo(cursor);
        assertThat(BlueskyCursor.parse(stored, json).hasSeen("at://did:plc:a/app.bsky.feed.post/3k1")).isTrue();
        assertThat(BlueskyCursor.parse(stored, json).hasSeen("at://did:plc:a/app.bsky.feed.post/3k2")).isFalse();
    }

    @Test
    void aGapFromTheTopHasNoPagingCursor() {
        BlueskyCursor cursor = new BlueskyCursor(null, FLOOR, List.of(), new BlueskyCursor.Gap(null, FLOOR, 0, true));

        assertThat(BlueskyCursor.parse(cursor.format(json), json)).isEqualTo(cursor);
    }

    @Test
    void staysWithinWhatTheStoreKeepsByForgettingTheOldestSeenUris() {
        List<BlueskyCursor.Seen> seen = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            seen.add(new BlueskyCursor.Seen(NEWEST.minusSeconds(i), "at://did:plc:someone" + i + "/app.bsky.feed.post/3kabcdefghij" + i));
        }
        String stored = new BlueskyCursor(NEWEST, FLOOR, seen, null).format(json);

        assertThat(stored.length()).isLessThanOrEqualTo(BlueskyCursor.MAX_CHARS);
        BlueskyCursor back = BlueskyCursor.parse(stored, json);
        assertThat(back.hasSeen(seen.get(0).uri())).isTrue();
        assertThat(back.hasSeen(seen.get(199).uri())).isFalse();
        assertThat(back.seen()).allSatisfy(s -> assertThat(s.at()).isAfter(NEWEST.minusSeconds(200)));
    }

    @Test
    void noCursorIsNullAndAForeignOneIsRefused() {
        assertThat(BlueskyCursor.parse(null, json)).isNull();
        assertThat(BlueskyCursor.parse("  ", json)).isNull();
        assertThatThrownBy(() -> BlueskyCursor.parse("etag=\"v1\"", json)).hasMessage("the stored cursor is not JSON");
        assertThatThrownBy(() -> BlueskyCursor.parse("{\"v\":2}", json))
                .hasMessage("the stored cursor is not a version 1 Bluesky cursor");
        assertThatThrownBy(() -> BlueskyCursor.parse("{\"v\":1,\"newest\":\"2026-11-22T10:00:00Z\"}", json))
                .hasMessage("the stored cursor has no 'floor' time");
    }
}
