package org.parley.camel.internal;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.parley.api.DeadLetter;
import org.parley.camel.ParleyHeaders;

/**
 * {@code parley:deadletter}: keeps the body as a dead letter of the channel, with the reason from the
 * {@code ParleyDeadLetterReason} header or the caught exception. For payloads a channel cannot even batch.
 * During a replay the existing dead letter is updated instead of a new one written.
 */
final class DeadLetterProducer extends DefaultProducer {

    private final ParleyEndpoint endpoint;

    DeadLetterProducer(ParleyEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        String reason = exchange.getIn().getHeader(ParleyHeaders.DEAD_LETTER_REASON, String.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (reason == null) {
            reason = failure == null ? "refused by the channel route" : Reasons.of(failure);
        }
        Long replayOf = exchange.getIn().getHeader(ParleyHeaders.REPLAY_OF, Long.class);
        if (replayOf != null) {
            exchange.getIn().setHeader(ParleyHeaders.REPLAY_REFUSED, reason);
            return;
        }
        String payload = exchange.getIn().getBody(String.class);
        endpoint.getComponent().deadLetters().add(new DeadLetter.New(endpoint.channel(), endpoint.account(), reason,
                payload == null ? "" : payload, endpoint.replayUri()));
    }
}
