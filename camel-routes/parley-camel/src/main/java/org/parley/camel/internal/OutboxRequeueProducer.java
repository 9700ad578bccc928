package org.parley.camel.internal;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.parley.camel.ParleyHeaders;

/**
 * {@code parley:outbox?id=N}: a CRM write that became a dead letter is replayed by putting its outbox row back, so
 * the worker writes it again (after the cause, a CRM field or permission, was fixed).
 */
final class OutboxRequeueProducer extends DefaultProducer {

    private final ParleyEndpoint endpoint;

    OutboxRequeueProducer(ParleyEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        long id = endpoint.outboxId();
        if (!endpoint.getComponent().outbox().requeue(id)) {
            exchange.getIn().setHeader(ParleyHeaders.REPLAY_REFUSED, "there is no CRM outbox row " + id);
        }
    }
}
