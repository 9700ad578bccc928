package org.parley.camel.internal;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.ChannelStateStore;
import org.parley.api.CrmOutbox;
import org.parley.api.DeadLetterStore;

/**
 * The {@code parley:} component: {@code parley:ingest}, {@code parley:cursor}, {@code parley:poll} and
 * {@code parley:deadletter}, each with {@code channel} (required) and {@code account} (optional) parameters, and
 * {@code parley:outbox?id=N}, the replay of a CRM write that became a dead letter: it puts that outbox row back;
 * and {@code parley:outbound?channel=NAME&account=A}, the start of a channel account's reply route, with the options
 * {@code requireApproval}, {@code idempotent} and {@code maxLength} (see {@link ParleyEndpoint.OutboundOptions}).
 * Published as a service; the Camel runtime adds it to Parley's CamelContext under the scheme {@code parley}.
 */
@Component(service = org.apache.camel.Component.class, property = "camel.component=parley")
public final class ParleyComponent extends DefaultComponent {

    private final ChannelStateStore channelStates;
    private final DeadLetterStore deadLetters;
    private final CrmOutbox outbox;
    private final OutboundRegistry outbound;

    @Activate
    public ParleyComponent(@Reference ChannelStateStore channelStates, @Reference DeadLetterStore deadLetters,
                           @Reference CrmOutbox outbox, @Reference OutboundRegistry outbound) {
        this.channelStates = channelStates;
        this.deadLetters = deadLetters;
        this.outbox = outbox;
        this.outbound = outbound;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ParleyEndpoint.Operation operation = ParleyEndpoint.Operation.parse(remaining, uri);
        String channel = getAndRemoveParameter(parameters, "channel", String.class);
        String account = getAndRemoveParameter(parameters, "account", String.class);
        String replayUri = getAndRemoveParameter(parameters, "replayUri", String.class);
        if (operation == ParleyEndpoint.Operation.OUTBOX) {
            Long id = getAndRemoveParameter(parameters, "id", Long.class);
            if (id == null || channel != null || account != null || replayUri != null || !parameters.isEmpty()) {
                throw new IllegalArgumentException(uri + ": parley:outbox takes exactly one parameter, the row id: parley:outbox?id=42");
            }
            return ParleyEndpoint.outbox(uri, this, id);
        }
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException(uri + ": the channel parameter is required, e.g. parley:ingest?channel=feeds");
        }
        if (operation == ParleyEndpoint.Operation.OUTBOUND) {
            Boolean requireApproval = getAndRemoveParameter(parameters, "requireApproval", Boolean.class, false);
            Boolean idempotent = getAndRemoveParameter(parameters, "idempotent", Boolean.class, false);
            Integer maxLength = getAndRemoveParameter(parameters, "maxLength", Integer.class, 0);
            if (replayUri != null || !parameters.isEmpty()) {
                throw new IllegalArgumentException(uri + ": unknown parameters " + (replayUri != null ? "[replayUri]" : parameters.keySet())
                        + "; parley:outbound takes channel, account, requireApproval, idempotent and maxLength");
            }
            if (maxLength < 0) {
                throw new IllegalArgumentException(uri + ": maxLength " + maxLength + " must be 0 (no limit) or more");
            }
            return ParleyEndpoint.outbound(uri, this, channel, account,
                    new ParleyEndpoint.OutboundOptions(requireApproval, idempotent, maxLength));
        }
        if (!parameters.isEmpty()) {
            throw new IllegalArgumentException(uri + ": unknown parameters " + parameters.keySet()
                    + "; parley: endpoints take channel, account and (deadletter only) replayUri");
        }
        return new ParleyEndpoint(uri, this, operation, channel, account, replayUri);
    }

    ChannelStateStore channelStates() {
        return channelStates;
    }

    DeadLetterStore deadLetters() {
        return deadLetters;
    }

    CrmOutbox outbox() {
        return outbox;
    }

    OutboundRegistry outbound() {
        return outbound;
    }
}
