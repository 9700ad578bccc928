package org.parley.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.metrics.internal.Doubles.NOW;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.parley.api.ChannelState;
import org.parley.api.WebhookInbox;
import org.parley.metrics.ParleyHealth.Readiness;

/** Readiness from the services' doubles, with every reason; and the configuration's checks. */
class HealthTest {

    private final Doubles doubles = new Doubles();

    private Readiness readiness(Sources sources) {
        MetricsService metrics = new MetricsService(() -> sources, Clock.fixed(NOW, ZoneOffset.UTC));
        return new HealthService(metrics, HealthSettings.validate(config("PT15M", "PT5M"))).readiness();
    }

    @Test
    void readyWhenTheStoreAnswersAndNothingLags() {
        doubles.states.add(new ChannelState("mastodon", "brand", "1", NOW, NOW, null, null, 1, null));
        doubles.states.add(new ChannelState("telegram", "bot", "1", NOW, NOW.minusSeconds(600), "timeout", NOW, 1, null));
        doubles.inboxCounts.add(new WebhookInbox.Counts(new WebhookInbox.Source("meta", "brand"), 3, 0,
                Duration.ofMinutes(5), null));

        Readiness readiness = readiness(doubles.all());

        assertThat(readiness.reasons()).isEmpty();
        assertThat(readiness.ready()).isTrue();
    }

    @Test
    void everyReasonAtOnce() {
        doubles.states.add(new ChannelState("telegram", "bot", "1", NOW, NOW.minus(Duration.ofMinutes(16)),
                "401 Unauthorized token=123:SECRET", NOW, 1, null));
        doubles.states.add(new ChannelState("bluesky", "", null, NOW, null, "bad password hunter2", NOW.minusSeconds(7),
                0, null));
        doubles.breakerState = "OPEN";
        doubles.inboxCounts.add(new WebhookInbox.Counts(new WebhookInbox.Source("meta", "brand"), 3, 0,
                Duration.ofSeconds(301), null));
        doubles.inboxCounts.add(new WebhookInbox.Counts(new WebhookInbox.Source("wechat", "oa"), 0, 9,
                Duration.ofHours(2), null));

        Readiness readiness = readiness(doubles.all());

        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.reasons()).containsExactly(
                "channel bluesky is failing: it never polled successfully (last failure 2026-11-23T11:59:53Z)",
                "channel telegram/bot is failing: no successful poll since 2026-11-23T11:44:00Z (longer than PT15M)",
                "CRM circuit breaker is OPEN: writes to the CRM are paused",
                "webhook inbox of meta/brand has 3 pending deliveries, the oldest waiting PT5M1S (longer than PT5M)");
        assertThat(String.join(" ", readiness.reasons())).doesNotContain("SECRET", "hunter2", "401");
    }

    @Test
    void aStoreQueryThatFailsIsDatabaseDown() {
        doubles.failure = new IllegalStateException("cannot read channel states: Connection refused");

        Readiness readiness = readiness(doubles.all());

        assertThat(readiness.reasons()).containsExactly(
                "database down: reading the channel states failed (IllegalStateException)");
    }

    @Test
    void aStoreThatIsNotRunningIsDatabaseDown() {
        Readiness readiness = readiness(new Sources(null, null, null, doubles.crmStatus, null, null, null, null));

        assertThat(readiness.reasons()).containsExactly(
                "database down: Parley's store is not running (is the DataSource 'parley' there?)");
    }

    @Test
    void withoutACrmConnectorTheBreakerIsNoReasonAndAFailingCrmStatusIs() {
        assertThat(readiness(doubles.storeOnly()).ready()).isTrue();

        doubles.crmFailure = new IllegalStateException("boom");
        assertThat(readiness(doubles.all()).reasons())
                .containsExactly("CRM status unavailable: reading it failed (IllegalStateException)");

        doubles.crmFailure = null;
        doubles.breakerState = "FORCED_OPEN";
        assertThat(readiness(doubles.all()).reasons())
                .containsExactly("CRM circuit breaker is FORCED_OPEN: writes to the CRM are paused");
        doubles.breakerState = "HALF_OPEN";
        assertThat(readiness(doubles.all()).ready()).isTrue();
    }

    @Test
    void theThresholdsAreTheConfiguredOnes() {
        doubles.states.add(new ChannelState("telegram", "bot", "1", NOW, NOW.minus(Duration.ofMinutes(16)),
                "timeout", NOW, 1, null));
        MetricsService metrics = new MetricsService(doubles::all, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(new HealthService(metrics, HealthSettings.validate(config("PT20M", "PT5M"))).readiness().ready())
                .isTrue();
        assertThat(new HealthService(metrics, HealthSettings.validate(config("900", "PT5M"))).readiness().ready())
                .isFalse();
    }

    @Test
    void theDefaultsAreValid() {
        HealthSettings settings = HealthSettings.validate(config("PT15M", "PT5M"));
        assertThat(settings).isEqualTo(new HealthSettings(Duration.ofMinutes(15), Duration.ofMinutes(5)));
    }

    @Test
    void aWrongValueIsRefusedWithThePidAndTheKey() {
        assertThatThrownBy(() -> HealthSettings.validate(config("soon", "PT5M")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.parley.health: channelFailingFor 'soon' is not an ISO-8601 duration such as PT5M, "
                        + "nor a number of seconds");
        assertThatThrownBy(() -> HealthSettings.validate(config("PT30S", "PT5M")))
                .hasMessage("org.parley.health: channelFailingFor 'PT30S' must be from PT1M to P7D");
        assertThatThrownBy(() -> HealthSettings.validate(config("PT15M", "P2D")))
                .hasMessage("org.parley.health: inboxBacklogAge 'P2D' must be from PT10S to P1D");
        assertThatThrownBy(() -> HealthSettings.validate(config("PT15M", "-PT1M")))
                .hasMessage("org.parley.health: inboxBacklogAge '-PT1M' must be from PT10S to P1D");
    }

    static HealthConfig config(String channelFailingFor, String inboxBacklogAge) {
        return new HealthConfig() {
            @Override
            public String channelFailingFor() {
                return channelFailingFor;
            }

            @Override
            public String inboxBacklogAge() {
                return inboxBacklogAge;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return HealthConfig.class;
            }
        };
    }
}
