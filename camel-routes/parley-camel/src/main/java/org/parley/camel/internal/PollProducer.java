package org.parley.camel.internal;

import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.parley.camel.ParleyHeaders;

/**
 * {@code parley:poll}: records the outcome of a poll that ingested nothing. A caught exception on the exchange
 * (as in an {@code onException} block) is recorded as the failure; otherwise the poll succeeded. A
 * {@link ParleyHeaders#BACKFILL} header records how the account's backfill stands.
 */
final class PollProducer extends DefaultProducer {

    private final ParleyEndpoint endpoint;

    PollProducer(ParleyEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        endpoint.getComponent().channelStates().recordPoll(endpoint.channel(), endpoint.account(), Instant.now(),
                failure == null ? null : Reasons.of(failure));
        String backfill = exchange.getIn().getHeader(ParleyHeaders.BACKFILL, String.class);
        if (backfill != null) {
            endpoint.getComponent().channelStates().recordBackfill(endpoint.channel(), endpoint.account(), backfill);
        }
    }
}
