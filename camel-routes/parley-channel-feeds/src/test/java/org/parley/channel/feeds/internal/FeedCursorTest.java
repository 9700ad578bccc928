package org.parley.channel.feeds.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedCursorTest {

    @Test
    void roundTripsBothValidators() {
        FeedCursor cursor = new FeedCursor("W/\"5f3a-9c\"", "Tue, 03 Jun 2025 09:39:21 GMT");

        assertThat(cursor.format()).isEqualTo("etag=W/\"5f3a-9c\"\nlast-modified=Tue, 03 Jun 2025 09:39:21 GMT");
        assertThat(FeedCursor.parse(cursor.format())).isEqualTo(cursor);
    }

    @Test
    void eitherValidatorMayBeMissingAndNothingMeansNoCursor() {
        assertThat(FeedCursor.parse(new FeedCursor(null, "Tue, 03 Jun 2025 09:39:21 GMT").format()))
                .isEqualTo(new FeedCursor(null, "Tue, 03 Jun 2025 09:39:21 GMT"));
        assertThat(FeedCursor.NONE.format()).isNull();
        assertThat(FeedCursor.parse(null)).isEqualTo(FeedCursor.NONE);
        assertThat(FeedCursor.parse("something=else\netag=\"x\"")).isEqualTo(new FeedCursor("\"x\"", null));
    }
}
