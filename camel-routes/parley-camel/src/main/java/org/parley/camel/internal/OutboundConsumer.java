package org.parley.camel.internal;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.parley.camel.OutboundReply;

/**
 * The start of a channel's reply route, {@code parley:outbound?channel=NAME&account=A}. It receives nothing on its
 * own: the reply desk hands it one {@link OutboundReply} at a time and reads the outcome from the exchange.
 */
final class OutboundConsumer extends DefaultConsumer {

    private final ParleyEndpoint endpoint;

    OutboundConsumer(ParleyEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    String channel() {
        return endpoint.channel();
    }

    String account() {
        return endpoint.account();
    }

    ParleyEndpoint.OutboundOptions options() {
        return endpoint.outboundOptions();
    }

    /** Runs the route for one reply, in the caller's thread; the outcome (or exception) is on the returned exchange. */
    Exchange post(OutboundReply reply) {
        Exchange exchange = createExchange(false);
        exchange.getIn().setBody(reply);
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        return exchange;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        endpoint.getComponent().outbound().register(this);
    }

    @Override
    protected void doStop() throws Exception {
        endpoint.getComponent().outbound().unregister(this);
        super.doStop();
    }
}
