package org.parley.channel.mastodon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    @Test
    void readsMastodonsPagingLinks() {
        LinkHeader link = LinkHeader.parse("<https://mastodon.example/api/v1/notifications?types%5B%5D=mention&max_id=34975535>; "
                + "rel=\"next\", <https://mastodon.example/api/v1/notifications?types%5B%5D=mention&min_id=34975861>; rel=\"prev\"");

        assertThat(link.has("next")).isTrue();
        assertThat(link.has("prev")).isTrue();
        assertThat(link.param("next", "max_id")).isEqualTo("34975535");
        assertThat(link.param("prev", "min_id")).isEqualTo("34975861");
        assertThat(link.param("next", "types[]")).isEqualTo("mention");
    }

    @Test
    void aMissingOrOddHeaderHasNoRelations() {
        assertThat(LinkHeader.parse(null).has("next")).isFalse();
        assertThat(LinkHeader.parse("garbage").has("prev")).isFalse();
        assertThat(LinkHeader.parse("<https://x/api?max_id=1>; rel=next").param("next", "max_id")).isEqualTo("1");
        assertThat(LinkHeader.parse("<https://x/api?max_id=1>; rel=next").param("prev", "min_id")).isNull();
    }
}
