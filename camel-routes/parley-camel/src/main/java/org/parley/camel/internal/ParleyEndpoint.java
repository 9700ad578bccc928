package org.parley.camel.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * One {@code parley:} endpoint: an operation for one channel account. Every operation is sent to, except
 * {@code parley:outbound}, which starts a channel's reply route.
 */
final class ParleyEndpoint extends DefaultEndpoint {

    enum Operation {
        INGEST, CURSOR, POLL, DEADLETTER, OUTBOX, OUTBOUND;

        static Operation parse(String name, String uri) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(uri + ": unknown operation '" + name + "'; use one of "
                        + Arrays.stream(values()).map(o -> o.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
            }
        }
    }

    private final Operation operation;
    private final String channel;
    private final String account;
    private final String replayUri;
    /** The outbox row of {@code parley:outbox?id=N}; null for the other operations. */
    private final Long outboxId;
    /** What a {@code parley:outbound} route declares about its channel account; null for the other operations. */
    private final OutboundOptions outboundOptions;

    /**
     * @param requireApproval a reply needs a second person's approval before it is posted
     * @param idempotent      the route posts with the reply's idempotency key and the channel drops a repeated post,
     *                        so a reply whose earlier attempt was cut off may be posted again
     * @param maxLength       the longest reply text the channel takes, in characters; 0 for no limit
     */
    record OutboundOptions(boolean requireApproval, boolean idempotent, int maxLength) {
    }

    ParleyEndpoint(String uri, ParleyComponent component, Operation operation, String channel, String account, String replayUri) {
        this(uri, component, operation, channel, account, replayUri, null, null);
    }

    private ParleyEndpoint(String uri, ParleyComponent component, Operation operation, String channel, String account,
                           String replayUri, Long outboxId, OutboundOptions outboundOptions) {
        super(uri, component);
        this.operation = operation;
        this.channel = channel;
        this.account = account;
        this.replayUri = replayUri;
        this.outboxId = outboxId;
        this.outboundOptions = outboundOptions;
    }

    /** {@code parley:outbox?id=N}: belongs to no channel. */
    static ParleyEndpoint outbox(String uri, ParleyComponent component, long id) {
        return new ParleyEndpoint(uri, component, Operation.OUTBOX, null, null, null, id, null);
    }

    /** {@code parley:outbound?channel=NAME&account=A&...}: the start of a channel account's reply route. */
    static ParleyEndpoint outbound(String uri, ParleyComponent component, String channel, String account, OutboundOptions options) {
        return new ParleyEndpoint(uri, component, Operation.OUTBOUND, channel, account, null, null, options);
    }

    @Override
    public ParleyComponent getComponent() {
        return (ParleyComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return switch (operation) {
            case INGEST -> new IngestProducer(this);
            case CURSOR -> new CursorProducer(this);
            case POLL -> new PollProducer(this);
            case DEADLETTER -> new DeadLetterProducer(this);
            case OUTBOX -> new OutboxRequeueProducer(this);
            case OUTBOUND -> throw new UnsupportedOperationException(getEndpointUri()
                    + ": parley:outbound starts a channel's reply route (from(...)); it cannot be sent to");
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (operation != Operation.OUTBOUND) {
            throw new UnsupportedOperationException(getEndpointUri() + " can only be sent to; only parley:outbound starts a route");
        }
        OutboundConsumer consumer = new OutboundConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    OutboundOptions outboundOptions() {
        return outboundOptions;
    }

    String channel() {
        return channel;
    }

    String account() {
        return account;
    }

    long outboxId() {
        return outboxId;
    }

    /** Where a dead letter of this endpoint is replayed: the given replayUri, else this channel's ingest. */
    String replayUri() {
        if (replayUri != null) {
            return replayUri;
        }
        return "parley:ingest?channel=" + channel + (account == null ? "" : "&account=" + account);
    }
}
