package org.parley.metrics.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.parley.api.ChannelStateStore;
import org.parley.api.CrmOutbox;
import org.parley.api.CrmStatus;
import org.parley.api.DeadLetterStore;
import org.parley.api.InteractionStore;
import org.parley.api.ReplyStore;
import org.parley.api.WebhookInbox;
import org.parley.api.WebhookRefusals;
import org.parley.metrics.ParleyMetrics;

/**
 * Parley's metrics over whatever services are there now: every source is an optional, dynamic reference, so that
 * Parley without the CRM connector or the ingress still reports what it has, and a store that goes away (its
 * database gone) shows as a source down instead of taking the metrics and the readiness check with it. Also offered
 * under this bundle-private class to the JMX registration and the readiness check.
 */
@Component(service = {ParleyMetrics.class, MetricsService.class})
public final class MetricsService implements ParleyMetrics {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ChannelStateStore states;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile InteractionStore interactions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CrmOutbox outbox;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CrmStatus crm;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DeadLetterStore deadLetters;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ReplyStore replies;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WebhookInbox inbox;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WebhookRefusals refusals;

    private final Supplier<Sources> sources;
    private final Clock clock;
    private final MetricsReader reader;
    private final PrometheusExport export;

    @Activate
    public MetricsService() {
        this.sources = this::bound;
        this.clock = Clock.systemUTC();
        this.reader = new MetricsReader(sources, clock);
        this.export = new PrometheusExport(reader);
    }

    /** Over the given services instead of bound references: for tests and tools outside OSGi. */
    public MetricsService(Supplier<Sources> sources, Clock clock) {
        this.sources = sources;
        this.clock = clock;
        this.reader = new MetricsReader(sources, clock);
        this.export = new PrometheusExport(reader);
    }

    @Override
    public void writePrometheus(OutputStream out) throws IOException {
        export.write(out);
    }

    public MetricsReader reader() {
        return reader;
    }

    Supplier<Sources> sources() {
        return sources;
    }

    Clock clock() {
        return clock;
    }

    private Sources bound() {
        return new Sources(states, interactions, outbox, crm, deadLetters, replies, inbox, refusals);
    }
}
