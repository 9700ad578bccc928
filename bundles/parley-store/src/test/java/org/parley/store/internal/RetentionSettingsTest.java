package org.parley.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** etc/org.parley.retention.cfg, checked at activation: every wrong value refused with the PID and the key. */
class RetentionSettingsTest {

    private static RetentionConfig config(String channels, String interval, String batchSize) {
        return new RetentionConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RetentionConfig.class;
            }

            @Override
            public String channels() {
                return channels;
            }

            @Override
            public String interval() {
                return interval;
            }

            @Override
            public String batchSize() {
                return batchSize;
            }
        };
    }

    @Test
    void agesPerChannelInTheOrderGiven() {
        RetentionSettings settings = RetentionSettings.validate(config(" feeds=P365D, mastodon = P180D ", "PT1H", "500"));

        assertThat(settings.ages()).containsExactly(java.util.Map.entry("feeds", Duration.ofDays(365)),
                java.util.Map.entry("mastodon", Duration.ofDays(180)));
        assertThat(settings.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.batchSize()).isEqualTo(500);
        assertThat(RetentionSettings.validate(config("", "PT1H", "1000")).ages()).isEmpty();
    }

    @Test
    void wrongValuesAreRefusedWithThePidAndTheKey() {
        assertThatThrownBy(() -> RetentionSettings.validate(config("feeds", "PT1H", "1000")))
                .hasMessage("org.parley.retention: channels: 'feeds' is not channel=age, such as feeds=P365D");
        assertThatThrownBy(() -> RetentionSettings.validate(config("feeds=PT2H", "PT1H", "1000")))
                .hasMessage("org.parley.retention: channels: the age of feeds is PT2H; it must be at least P1D");
        assertThatThrownBy(() -> RetentionSettings.validate(config("feeds=a year", "PT1H", "1000")))
                .hasMessageStartingWith("org.parley.retention: channels (feeds) 'a year' is not an ISO-8601 duration");
        assertThatThrownBy(() -> RetentionSettings.validate(config("feeds=P1D,feeds=P2D", "PT1H", "1000")))
                .hasMessage("org.parley.retention: channels: feeds is named twice");
        assertThatThrownBy(() -> RetentionSettings.validate(config("feeds=P1D", "PT10S", "1000")))
                .hasMessage("org.parley.retention: interval 'PT10S' must be from PT1M to P7D");
        assertThatThrownBy(() -> RetentionSettings.validate(config("feeds=P1D", "PT1H", "0")))
                .hasMessage("org.parley.retention: batchSize '0' must be a whole number from 1 to 10000");
    }
}
