package org.parley.camel.internal;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.parley.api.ChannelState;
import org.parley.camel.ParleyHeaders;

/** {@code parley:cursor}: puts the channel account's stored cursor into the {@code ParleyCursor} header. */
final class CursorProducer extends DefaultProducer {

    private final ParleyEndpoint endpoint;

    CursorProducer(ParleyEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        String cursor = endpoint.getComponent().channelStates().state(endpoint.channel(), endpoint.account())
                .map(ChannelState::cursor).orElse(null);
        exchange.getIn().setHeader(ParleyHeaders.CURSOR, cursor);
    }
}
