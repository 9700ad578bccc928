package org.parley.ingress.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterStore;
import org.parley.api.IngestBatch;
import org.parley.api.InvalidInteractionException;
import org.parley.camel.ParleyHeaders;
import org.parley.ingress.Delivery;
import org.parley.ingress.WebhookEndpoint;

/**
 * The replay of a webhook delivery that became a dead letter ({@code parley:deadletters replay ID}): the dead letter
 * names its channel account and holds the raw body, which that account's {@link WebhookEndpoint#map} maps again (a
 * fix in the channel bundle, or in the data, may let it through now) and {@code parley:ingest} stores. Refused again,
 * the dead letter keeps the new reason. The request headers are not kept in a dead letter, so the replayed delivery
 * has none; its inbox id is 0.
 */
@Component(service = RoutesBuilder.class)
public final class IngressReplayRoutes extends RouteBuilder {

    static final String URI = "direct:parley-ingress-replay";
    static final String CHANNEL = "ParleyIngressChannel";
    static final String ACCOUNT = "ParleyIngressAccount";

    private final EndpointRegistry endpoints;
    private final DeadLetterStore deadLetters;

    @Activate
    public IngressReplayRoutes(@Reference(name = "endpoints") EndpointRegistry endpoints,
                               @Reference(name = "deadLetters") DeadLetterStore deadLetters) {
        this.endpoints = endpoints;
        this.deadLetters = deadLetters;
    }

    @Override
    public void configure() {
        // Errors go back to the replayer, which records a refused replay.
        from(URI).routeId("parley-ingress-replay")
                .errorHandler(noErrorHandler())
                .process(this::map)
                .toD("parley:ingest?channel=${header." + CHANNEL + "}&account=${header." + ACCOUNT + "}")
                .removeHeaders("ParleyIngress*");
    }

    private void map(Exchange exchange) {
        Long id = exchange.getIn().getHeader(ParleyHeaders.REPLAY_OF, Long.class);
        if (id == null) {
            throw new IllegalArgumentException(URI + " replays dead letters: the " + ParleyHeaders.REPLAY_OF
                    + " header must name one");
        }
        DeadLetter letter = deadLetters.find(id)
                .orElseThrow(() -> new IllegalArgumentException("there is no dead letter " + id));
        WebhookEndpoint endpoint = endpoints.find(letter.channel(), letter.account())
                .orElseThrow(() -> new IllegalStateException("no webhook endpoint of " + letter.channel() + "/"
                        + letter.account() + " is running: configure that channel account, then replay again"));
        String payload = exchange.getIn().getBody(String.class);
        IngestBatch batch;
        try {
            batch = endpoint.map(new Delivery(0, letter.channel(), letter.account(), "replay-of-dead-letter-" + id,
                    Map.of(), (payload == null ? "" : payload).getBytes(StandardCharsets.UTF_8), letter.createdAt()));
        } catch (IllegalArgumentException e) {
            throw new InvalidInteractionException("the " + letter.channel() + " delivery cannot be mapped: "
                    + DeliveryProcessor.reason(e), e);
        }
        exchange.getIn().setHeader(CHANNEL, letter.channel());
        exchange.getIn().setHeader(ACCOUNT, letter.account());
        exchange.getIn().setBody(batch == null
                ? new IngestBatch(letter.channel(), letter.account(), List.of(), List.of(), null) : batch);
    }
}
