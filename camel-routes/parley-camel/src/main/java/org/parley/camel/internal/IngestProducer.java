package org.parley.camel.internal;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * {@code parley:ingest}: hands the exchange to the ingest pipeline route ({@link IngestRoutes}), which validates,
 * dedupes and stores with Camel's error handling and redelivery. A failure that survives redelivery comes back to
 * the channel's route, whose cursor then does not move: the next poll reads the same items again.
 */
final class IngestProducer extends DefaultAsyncProducer {

    private final ParleyEndpoint endpoint;
    private AsyncProducer pipeline;

    IngestProducer(ParleyEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        pipeline = getEndpoint().getCamelContext().getEndpoint(IngestRoutes.PIPELINE).createAsyncProducer();
        ServiceHelper.startService(pipeline);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(pipeline);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        exchange.getIn().setHeader(IngestRoutes.CHANNEL, endpoint.channel());
        exchange.getIn().setHeader(IngestRoutes.ACCOUNT, endpoint.account());
        return pipeline.process(exchange, done -> {
            exchange.getIn().removeHeader(IngestRoutes.CHANNEL);
            exchange.getIn().removeHeader(IngestRoutes.ACCOUNT);
            callback.done(done);
        });
    }
}
