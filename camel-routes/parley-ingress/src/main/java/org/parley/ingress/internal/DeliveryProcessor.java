package org.parley.ingress.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.parley.api.IngestBatch;
import org.parley.api.InvalidInteractionException;
import org.parley.api.WebhookInbox;
import org.parley.ingress.Delivery;
import org.parley.ingress.WebhookEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one claimed inbox row: the channel's {@link WebhookEndpoint#map} turns it into a batch, which goes to
 * {@code parley:ingest?channel=C&account=A} (validate, dedupe, store in one transaction), and the row is done. A
 * delivery that can never be mapped or stored as it is (the channel or the pipeline says {@link
 * IllegalArgumentException} or {@link InvalidInteractionException}) becomes a dead letter with the reason and the raw
 * body, replayable through {@link IngressReplayRoutes}; any other failure is tried again later, with backoff. A row
 * whose endpoint is gone (its channel bundle stopped) is handed back to wait for it.
 */
final class DeliveryProcessor {

    enum Outcome { DONE, DEAD_LETTER, RETRY, WAITING }

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessor.class);

    private final WebhookInbox inbox;
    private final EndpointRegistry endpoints;
    private final ProducerTemplate template;
    private final IngressSettings settings;
    private final Clock clock;

    DeliveryProcessor(WebhookInbox inbox, EndpointRegistry endpoints, ProducerTemplate template, IngressSettings settings,
                      Clock clock) {
        this.inbox = inbox;
        this.endpoints = endpoints;
        this.template = template;
        this.settings = settings;
        this.clock = clock;
    }

    Outcome process(WebhookInbox.Entry entry) {
        Optional<WebhookEndpoint> found = endpoints.find(entry.channel(), entry.account());
        if (found.isEmpty()) {
            inbox.retryAt(entry.id(), clock.instant(), null);
            return Outcome.WAITING;
        }
        WebhookEndpoint endpoint = found.get();
        IngestBatch batch;
        try {
            batch = endpoint.map(new Delivery(entry.id(), entry.channel(), entry.account(), entry.deliveryId(),
                    entry.headers(), entry.body(), entry.receivedAt()));
        } catch (IllegalArgumentException | InvalidInteractionException e) {
            return deadLetter(entry, "the " + entry.channel() + " delivery cannot be mapped: " + reason(e));
        } catch (RuntimeException e) {
            return retry(entry, "mapping failed: " + reason(e));
        }
        if (batch == null) {
            inbox.done(entry.id(), clock.instant()); // nothing in it to keep (a channel event Parley does not store)
            return Outcome.DONE;
        }
        Exchange done = template.send("parley:ingest?channel=" + entry.channel() + "&account=" + entry.account(),
                exchange -> exchange.getIn().setBody(batch));
        Exception failure = done.getException();
        if (failure == null) {
            inbox.done(entry.id(), clock.instant());
            return Outcome.DONE;
        }
        if (failure instanceof IllegalArgumentException || failure instanceof InvalidInteractionException) {
            return deadLetter(entry, "refused by the ingest pipeline: " + reason(failure));
        }
        return retry(entry, "ingest failed: " + reason(failure));
    }

    private Outcome deadLetter(WebhookInbox.Entry entry, String reason) {
        inbox.failed(entry.id(), reason, IngressReplayRoutes.URI);
        LOG.info("Ingress {}/{}: delivery {} became a dead letter: {}", entry.channel(), entry.account(),
                entry.deliveryId(), Text.line(reason, 300));
        return Outcome.DEAD_LETTER;
    }

    private Outcome retry(WebhookInbox.Entry entry, String error) {
        Duration wait = backoff(entry.attempts());
        Instant next = clock.instant().plus(wait);
        inbox.retryAt(entry.id(), next, error);
        LOG.warn("Ingress {}/{}: delivery {} (attempt {}) {}; trying again in {}", entry.channel(), entry.account(),
                entry.deliveryId(), entry.attempts(), Text.line(error, 300), wait);
        return Outcome.RETRY;
    }

    /** retryInitial, doubled per attempt after the first, up to retryMax. */
    Duration backoff(int attempts) {
        Duration wait = settings.retryInitial();
        for (int i = 1; i < attempts && wait.compareTo(settings.retryMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : wait;
    }

    /** A failure as one bounded line: its class and message. */
    static String reason(Throwable failure) {
        String message = failure.getMessage();
        String text = message == null || message.isBlank() ? failure.getClass().getName()
                : failure.getClass().getSimpleName() + ": " + message;
        return Text.line(text, 2000);
    }
}
