package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.parley.api.InteractionKey;
import org.parley.api.Timeline;

/** Interaction refs in paths and timeline cursors: what goes out comes back, and nothing else is taken. */
class ParamsTest {

    @Test
    void plainExternalIdsAreTheirOwnSegment() {
        for (String id : new String[] {"109876543210", "at:did:plc:abc", "ana@social.example", "a.b-c_d+e"}) {
            assertThat(InteractionRef.segment(id)).isEqualTo(id);
            assertThat(InteractionRef.key("mastodon", id)).isEqualTo(new InteractionKey("mastodon", id));
        }
    }

    @Test
    void anythingElseTravelsAsBase64url() {
        for (String id : new String[] {"https://example.org/reviews/1?lang=ar", "a b", "..", ".", "b64.looks-encoded",
                "ユーザー/1", "100%"}) {
            String segment = InteractionRef.segment(id);
            assertThat(segment).startsWith(InteractionRef.ENCODED).matches("b64\\.[A-Za-z0-9_-]+");
            assertThat(InteractionRef.key("feeds", segment)).isEqualTo(new InteractionKey("feeds", id));
        }
        assertThat(InteractionRef.ref(new InteractionKey("feeds", "https://x/1"))).isEqualTo("feeds/b64.aHR0cHM6Ly94LzE");
    }

    @Test
    void badRefsAreInvalidRequests() {
        assertThatThrownBy(() -> InteractionRef.key("feeds", "b64.***")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        assertThatThrownBy(() -> InteractionRef.key("feeds", "b64.")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> InteractionRef.key("no channel!", "1")).isInstanceOf(ApiException.class);
    }

    @Test
    void cursorsComeBackAsThePositionTheyWere() {
        Timeline.Position position = new Timeline.Position(Instant.parse("2026-11-20T08:00:00.123456Z"), 987654321L);
        String cursor = TimelineCursor.encode(position);
        assertThat(cursor).startsWith("c1.").matches("[A-Za-z0-9._-]+");
        assertThat(TimelineCursor.decode(cursor)).isEqualTo(position);
        assertThat(TimelineCursor.decode(null)).isNull();
        assertThat(TimelineCursor.decode("")).isNull();
        assertThat(TimelineCursor.encode(null)).isNull();
    }

    @Test
    void cursorsThisApiDidNotGiveOutAreRefused() {
        for (String cursor : new String[] {"c1.", "c1.!!", "c2.MTIzLjAuMQ", "MTIzLjAuMQ", "c1.bm90IGEgY3Vyc29y",
                "c1." + "A".repeat(200)}) {
            assertThatThrownBy(() -> TimelineCursor.decode(cursor)).as(cursor)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.getMessage()).doesNotContain(cursor);
                    });
        }
    }

    @Test
    void limitsAndIds() {
        assertThat(Params.limit(null, 50, 200)).isEqualTo(50);
        assertThat(Params.limit("200", 50, 200)).isEqualTo(200);
        for (String bad : new String[] {"0", "201", "-1", "ten", "99999999999999999999"}) {
            assertThatThrownBy(() -> Params.limit(bad, 50, 200)).as(bad).isInstanceOf(ApiException.class)
                    .hasMessageContaining("from 1 to 200");
        }
        assertThat(Params.id("reply", "42")).isEqualTo(42L);
        assertThatThrownBy(() -> Params.id("reply", "4x")).hasMessage("reply id '4x' is not a number");
        assertThatThrownBy(() -> Params.contact("Contacts", "a|b")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Params.contact("1Contacts", "a")).isInstanceOf(ApiException.class);
        assertThat(Params.shown("x".repeat(100))).hasSize(64).endsWith("...");
    }
}
