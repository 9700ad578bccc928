package org.parley.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.engine.internal.TestSupport.config;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.parley.engine.internal.OutboxSettings.InvalidConfigurationException;

class OutboxSettingsTest {

    @Test
    void theDefaultsAreValidAndSane() {
        OutboxSettings s = OutboxSettings.from(config());

        assertThat(s.concurrency()).isEqualTo(4);
        assertThat(s.batchSize()).isEqualTo(50);
        assertThat(s.lease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.breakerWaitInOpenState()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.leadPolicy()).isEqualTo(new LeadPolicy(3, Set.of("prospect")));
    }

    @Test
    void eachBadValueIsNamedWithPidKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> OutboxSettings.from(config("concurrency", 0)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Configuration org.parley.crm.outbox is invalid: org.parley.crm.outbox: concurrency = 0 "
                        + "is not allowed; use a whole number from 1 to 64");
        assertThatThrownBy(() -> OutboxSettings.from(config("lease", "2 minutes")))
                .hasMessageContaining("org.parley.crm.outbox: lease = '2 minutes' is not allowed; use an ISO-8601 "
                        + "duration from PT0.1S to PT24H (for example PT30S, PT2M, PT0.5S)");
        assertThatThrownBy(() -> OutboxSettings.from(config("pollInterval", "PT0S")))
                .hasMessageContaining("pollInterval = 'PT0S' is not allowed");
        assertThatThrownBy(() -> OutboxSettings.from(config("backoffRandomization", 1.0)))
                .hasMessageContaining("backoffRandomization = 1.0 is not allowed; use a fraction from 0 to below 1");
        assertThatThrownBy(() -> OutboxSettings.from(config("breakerFailureRateThreshold", 0f)))
                .hasMessageContaining("breakerFailureRateThreshold = 0.0 is not allowed; use a percentage above 0 and at most 100");
        assertThatThrownBy(() -> OutboxSettings.from(config("leadAfterInteractions", -1)))
                .hasMessageContaining("leadAfterInteractions = -1 is not allowed; use a whole number from 0 to 100000");
        assertThatThrownBy(() -> OutboxSettings.from(config("leadOnTags", "prospect, hot lead")))
                .hasMessageContaining("leadOnTags = 'prospect, hot lead' is not allowed")
                .hasMessageContaining("'hot lead' is not one");
    }

    @Test
    void relationsBetweenKeysAreChecked() {
        assertThatThrownBy(() -> OutboxSettings.from(config("backoffInitial", "PT1M", "backoffMax", "PT10S")))
                .hasMessageContaining("backoffMax = 'PT10S' is not allowed; use a duration no shorter than "
                        + "backoffInitial (PT1M)");
        assertThatThrownBy(() -> OutboxSettings.from(config("breakerSlidingWindowSize", 5, "breakerMinimumCalls", 10)))
                .hasMessageContaining("breakerMinimumCalls = 10 is not allowed; use a whole number from 1 to "
                        + "breakerSlidingWindowSize (5)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> OutboxSettings.from(config("concurrency", 100, "batchSize", 0, "lease", "")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .hasSize(3)
                        .allSatisfy(p -> assertThat(p).startsWith("org.parley.crm.outbox: ")));
    }

    @Test
    void tagsAreTrimmedLowerCasedAndMayBeEmpty() {
        assertThat(OutboxSettings.from(config("leadOnTags", " Prospect , customer,")).leadPolicy().tags())
                .containsExactlyInAnyOrder("prospect", "customer");
        LeadPolicy off = OutboxSettings.from(config("leadOnTags", "", "leadAfterInteractions", 0)).leadPolicy();
        assertThat(off.enabled()).isFalse();
    }

    @Test
    void theWorkerRefusesToActivateWithABadConfiguration() {
        TestSupport.World world = new TestSupport.World();
        assertThatThrownBy(() -> new OutboxWorker(world.crm, world.outbox, world.links, world.tags, world.actions, world.scores,
                config("batchSize", 5000)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("org.parley.crm.outbox: batchSize = 5000 is not allowed; use a whole number from 1 to 1000");
    }
}
