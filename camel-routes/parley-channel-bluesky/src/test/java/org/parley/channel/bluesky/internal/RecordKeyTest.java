package org.parley.channel.bluesky.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RecordKeyTest {

    private static final Instant REQUESTED = Instant.parse("2026-11-22T10:15:30.123456789Z");

    @Test
    void encodesTidsAsTheSpecificationDoes() {
        assertThat(RecordKey.tid(0, 0)).isEqualTo("2222222222222");
        assertThat(RecordKey.tid(0, 1)).isEqualTo("2222222222223");
        // The top bit is always 0: the first character is one of 234567ab.
        assertThat(RecordKey.tid(0x1F_FFFF_FFFF_FFFFL, 0x3FF)).isEqualTo("bzzzzzzzzzzzz");
        assertThat(RecordKey.isTid("3jzfcijpj2z2a")).isTrue();
        assertThat(RecordKey.isTid("3jzfcijpj2z21")).isFalse();
        assertThat(RecordKey.isTid("kjzfcijpj2z2a")).isFalse();
    }

    @Test
    void theSameReplyAlwaysGetsTheSameValidKey() {
        String key = UUID.randomUUID().toString();

        String first = RecordKey.forReply(REQUESTED, key);

        assertThat(RecordKey.isTid(first)).isTrue();
        assertThat(RecordKey.forReply(Instant.parse("2026-11-22T10:15:30Z"), key)).as("a store keeping less precision")
                .isEqualTo(first);
    }

    @Test
    void differentRepliesGetDifferentKeysEvenInTheSameSecond() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            keys.add(RecordKey.forReply(REQUESTED, "3f0c2a5e-reply-" + i));
        }
        assertThat(keys).hasSize(1_000);
    }

    @Test
    void keysSortByTheTimeTheReplyWasRequested() {
        String earlier = RecordKey.forReply(REQUESTED, "b");
        String later = RecordKey.forReply(REQUESTED.plusSeconds(1), "a");

        assertThat(earlier).isLessThan(later);
        assertThat(RecordKey.forReply(Instant.now(), "x")).startsWith("3");
    }
}
