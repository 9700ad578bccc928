package org.parley.channel.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class MailCursorTest {

    @Test
    void thePlainFormIsUidValidityColonLastUid() {
        MailCursor c = MailCursor.parse("1732350000:4711");

        assertThat(c).isEqualTo(new MailCursor(1732350000L, 4711, null, null));
        assertThat(c.format()).isEqualTo("1732350000:4711");
        assertThat(MailCursor.parse(null)).isNull();
        assertThat(MailCursor.parse(" ")).isNull();
    }

    @Test
    void newestAndBackfillSurviveTheRoundTrip() {
        MailCursor c = new MailCursor(7, 120, Instant.parse("2026-11-20T10:15:00Z"),
                new MailCursor.Backfill(900, Instant.parse("2026-11-16T00:00:00Z"), 120, true));

        assertThat(c.format()).isEqualTo("7:120;newest=2026-11-20T10:15:00Z;backfill=900,2026-11-16T00:00:00Z,120,rebuild");
        assertThat(MailCursor.parse(c.format())).isEqualTo(c);
        assertThat(MailCursor.parse("7:120;future=field")).isEqualTo(new MailCursor(7, 120, null, null));
    }

    @Test
    void theNewestArrivalOnlyMovesForward() {
        MailCursor c = new MailCursor(7, 10, Instant.parse("2026-11-20T10:00:00Z"), null);

        assertThat(c.withPosition(12, Instant.parse("2026-11-19T00:00:00Z"), null).newest())
                .isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(c.withPosition(12, null, null).newest()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(c.withPosition(12, Instant.parse("2026-11-21T00:00:00Z"), null).newest())
                .isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> MailCursor.parse("etag=\"abc\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not uidvalidity:lastUid");
        assertThatThrownBy(() -> MailCursor.parse("7:-1")).hasMessageContaining("'-1' is not a UID or count");
        assertThatThrownBy(() -> MailCursor.parse("7:1;newest=yesterday")).hasMessageContaining("'yesterday' is not an instant");
    }
}
