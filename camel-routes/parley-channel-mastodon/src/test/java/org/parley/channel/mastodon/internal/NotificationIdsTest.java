package org.parley.channel.mastodon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NotificationIdsTest {

    @Test
    void decimalIdsCompareAsNumbersOfAnyLength() {
        List<String> ids = new ArrayList<>(List.of("100000000", "99999999", "113500000000000000001", "7", "0"));
        ids.sort(NotificationIds.ORDER);

        assertThat(ids).containsExactly("0", "7", "99999999", "100000000", "113500000000000000001");
        assertThat(NotificationIds.newest("99999999", "100000000")).isEqualTo("100000000");
        assertThat(NotificationIds.newest(null, "5")).isEqualTo("5");
    }

    @Test
    void otherIdsCompareAsText() {
        // Pleroma/Akkoma flake ids sort as text.
        assertThat(NotificationIds.compare("AbC9", "AbD0")).isNegative();
        assertThat(NotificationIds.compare("0", "AbD0")).isNegative();
    }
}
