package org.parley.camel.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One {@code parley:} endpoint: an operation for one channel account. Producer only. */
final class ParleyEndpoint extends DefaultEndpoint {

    enum Operation {
        INGEST, CURSOR, POLL, DEADLETTER, OUTBOX;

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

    ParleyEndpoint(String uri, ParleyComponent component, Operation operation, String channel, String account, String replayUri) {
        this(uri, component, operation, channel, account, replayUri, null);
    }

    private ParleyEndpoint(String uri, ParleyComponent component, Operation operation, String channel, String account,
                           String replayUri, Long outboxId) {
        super(uri, component);
        this.operation = operation;
        this.channel = channel;
        this.account = account;
        this.replayUri = replayUri;
        this.outboxId = outboxId;
    }

    /** {@code parley:outbox?id=N}: belongs to no channel. */
    static ParleyEndpoint outbox(String uri, ParleyComponent component, long id) {
        return new ParleyEndpoint(uri, component, Operation.OUTBOX, null, null, null, id);
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
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException(getEndpointUri() + " can only be sent to");
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
