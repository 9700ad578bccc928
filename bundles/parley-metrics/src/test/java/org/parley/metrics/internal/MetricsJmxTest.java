package org.parley.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.metrics.internal.Doubles.NOW;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.parley.api.ChannelState;
import org.parley.api.CrmOutbox;
import org.parley.api.WebhookInbox;
import org.parley.api.WebhookRefusals;
import org.parley.metrics.ParleyMetrics;

/** The MXBean on a real MBeanServer (a new one per test, not kept by the factory): registered under its name, read-only attributes with the doubles' values. */
class MetricsJmxTest {

    private final Doubles doubles = new Doubles();
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final MetricsService metrics = new MetricsService(doubles::all, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void registeredWhileActiveAndGoneAfterwards() throws Exception {
        ObjectName name = new ObjectName(ParleyMetrics.OBJECT_NAME);

        MetricsJmx jmx = new MetricsJmx(server, metrics);
        assertThat(server.isRegistered(name)).isTrue();
        assertThat(JMX.isMXBeanInterface(ParleyMetricsMXBean.class)).isTrue();

        jmx.deactivate();
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void everyAttributeIsReadOnlyAndThereIsNoOperation() throws Exception {
        new MetricsJmx(server, metrics);

        MBeanInfo info = server.getMBeanInfo(MetricsJmx.NAME);

        assertThat(info.getOperations()).isEmpty();
        assertThat(info.getAttributes()).allSatisfy(a -> {
            assertThat(a.isReadable()).as(a.getName()).isTrue();
            assertThat(a.isWritable()).as(a.getName()).isFalse();
        });
        assertThat(Arrays.stream(info.getAttributes()).map(MBeanAttributeInfo::getName)).containsExactlyInAnyOrder(
                "Channels", "OutboxPending", "OutboxWaiting", "OutboxFailed", "OutboxOldestPendingAgeSeconds",
                "CrmCircuitBreakerState", "DeadLettersPending", "RepliesFailed", "WebhookRefusals", "WebhookInbox");
    }

    @Test
    void theAttributesCarryTheSourcesValues() throws Exception {
        doubles.states.add(new ChannelState("telegram", "bot", "1", NOW, NOW.minusSeconds(3600), "401", NOW, 12, null));
        doubles.interactions.add(Doubles.interaction("telegram", "bot", "t1", NOW.minusSeconds(30)));
        doubles.states.add(new ChannelState("feeds", "", null, null, null, null, null, 0, null));
        doubles.outboxStats = new CrmOutbox.Stats(7, 2, 1, Duration.ofMillis(1500), null);
        doubles.breakerState = "OPEN";
        doubles.deadLettersPending = 4;
        doubles.refused.add(new WebhookRefusals.Refused("meta", "brand", Map.of("forged", 3L)));
        doubles.inboxCounts.add(new WebhookInbox.Counts(new WebhookInbox.Source("meta", "brand"), 5, 1,
                Duration.ofSeconds(42), null));
        new MetricsJmx(server, metrics);
        ObjectName name = MetricsJmx.NAME;

        CompositeData[] channels = (CompositeData[]) server.getAttribute(name, "Channels");
        assertThat(channels).hasSize(2);
        assertThat(channels[0].get("channel")).isEqualTo("feeds");
        assertThat(channels[0].get("lastSuccessfulPollAgeSeconds")).isEqualTo(-1.0);
        assertThat(channels[0].get("newestInteractionAgeSeconds")).isEqualTo(-1.0);
        assertThat(channels[1].get("channel")).isEqualTo("telegram");
        assertThat(channels[1].get("account")).isEqualTo("bot");
        assertThat(channels[1].get("interactionsStored")).isEqualTo(12L);
        assertThat(channels[1].get("lastSuccessfulPollAgeSeconds")).isEqualTo(3600.0);
        assertThat(channels[1].get("newestInteractionAgeSeconds")).isEqualTo(30.0);
        assertThat(channels[1].get("failing")).isEqualTo(true);
        assertThat(server.getAttribute(name, "OutboxPending")).isEqualTo(7L);
        assertThat(server.getAttribute(name, "OutboxWaiting")).isEqualTo(2L);
        assertThat(server.getAttribute(name, "OutboxFailed")).isEqualTo(1L);
        assertThat(server.getAttribute(name, "OutboxOldestPendingAgeSeconds")).isEqualTo(1.5);
        assertThat(server.getAttribute(name, "CrmCircuitBreakerState")).isEqualTo("OPEN");
        assertThat(server.getAttribute(name, "DeadLettersPending")).isEqualTo(4L);
        assertThat(server.getAttribute(name, "RepliesFailed")).isEqualTo(0L);
        CompositeData[] refusals = (CompositeData[]) server.getAttribute(name, "WebhookRefusals");
        assertThat(refusals).hasSize(1);
        assertThat(refusals[0].get("reason")).isEqualTo("forged");
        assertThat(refusals[0].get("count")).isEqualTo(3L);
        CompositeData[] inbox = (CompositeData[]) server.getAttribute(name, "WebhookInbox");
        assertThat(inbox[0].get("pending")).isEqualTo(5L);
        assertThat(inbox[0].get("oldestPendingAgeSeconds")).isEqualTo(42.0);

        ParleyMetricsMXBean proxy = JMX.newMXBeanProxy(server, name, ParleyMetricsMXBean.class);
        assertThat(proxy.getChannels().get(1).getInteractionsStored()).isEqualTo(12);
        assertThat(proxy.getDeadLettersPending()).isEqualTo(4);
    }

    @Test
    void anAttributeWhoseSourceIsNotRunningSaysWhy() throws Exception {
        MetricsService withoutCrm = new MetricsService(doubles::storeOnly, Clock.fixed(NOW, ZoneOffset.UTC));
        new MetricsJmx(server, withoutCrm);

        assertThatThrownBy(() -> server.getAttribute(MetricsJmx.NAME, "CrmCircuitBreakerState"))
                .isInstanceOf(RuntimeMBeanException.class)
                .hasRootCauseMessage("no CRM connector is running (no CrmStatus)");
        assertThat(server.getAttribute(MetricsJmx.NAME, "DeadLettersPending")).isEqualTo(0L);
    }

    @Test
    void aSecondRegistrationIsRefusedWithTheName() {
        new MetricsJmx(server, metrics);
        assertThatThrownBy(() -> new MetricsJmx(server, metrics)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot register the MXBean org.parley:type=Metrics");
    }
}
