package org.parley.channel.feeds.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.parley.api.DeadLetter;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionValidator;
import org.parley.api.StoreResult;

/**
 * Test double of Parley's {@code parley:} component, implementing the channel contract only: {@code ingest} validates,
 * dedupes on (channel, externalId), stores and keeps the batch's cursor; {@code cursor} sets {@code ParleyCursor};
 * {@code poll} records an outcome. Its state outlives a CamelContext, as Parley's store does.
 */
final class ParleyDouble {

    record PollOutcome(String channel, String account, Exception failure) {
        boolean ok() {
            return failure == null;
        }
    }

    final List<IngestBatch> batches = new CopyOnWriteArrayList<>();
    final Map<InteractionKey, Interaction> stored = new ConcurrentHashMap<>();
    final List<DeadLetter.New> deadLetters = new CopyOnWriteArrayList<>();
    final Map<String, String> cursors = new ConcurrentHashMap<>();
    final List<PollOutcome> polls = new CopyOnWriteArrayList<>();
    private final InteractionValidator validator = new InteractionValidator();

    Component component() {
        return new DefaultComponent() {
            @Override
            protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
                String channel = getAndRemoveParameter(parameters, "channel", String.class);
                String account = getAndRemoveParameter(parameters, "account", String.class);
                return new ParleyEndpoint(uri, this, remaining, channel, account);
            }
        };
    }

    List<Exception> failures() {
        return polls.stream().filter(p -> !p.ok()).map(PollOutcome::failure).toList();
    }

    long successfulPolls() {
        return polls.stream().filter(PollOutcome::ok).count();
    }

    private final class ParleyEndpoint extends DefaultEndpoint {
        private final String operation;
        private final String channel;
        private final String account;

        ParleyEndpoint(String uri, Component component, String operation, String channel, String account) {
            super(uri, component);
            this.operation = operation;
            this.channel = channel;
            this.account = account;
        }

        @Override
        public Producer createProducer() {
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) {
                    switch (operation) {
                        case "ingest" -> ingest(exchange);
                        case "cursor" -> exchange.getMessage().setHeader("ParleyCursor", cursors.get(channel + "/" + account));
                        case "poll" -> polls.add(new PollOutcome(channel, account,
                                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)));
                        default -> throw new IllegalArgumentException("no parley:" + operation);
                    }
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("the double has no consumers");
        }

        private void ingest(Exchange exchange) {
            IngestBatch batch = exchange.getMessage().getBody(IngestBatch.class);
            if (batch == null) {
                throw new IllegalArgumentException("the feeds channel must send an IngestBatch");
            }
            batches.add(batch);
            List<InteractionKey> newKeys = new ArrayList<>();
            List<InteractionKey> duplicates = new ArrayList<>();
            for (Interaction in : batch.interactions()) {
                Interaction i = in.withDefaults(channel, account);
                if (!validator.problems(i).isEmpty()) {
                    throw new IllegalStateException("the channel sent an invalid interaction: " + validator.problems(i));
                }
                if (stored.putIfAbsent(i.key(), i) == null) {
                    newKeys.add(i.key());
                } else {
                    duplicates.add(i.key());
                }
            }
            deadLetters.addAll(batch.deadLetters());
            if (batch.cursor() != null) {
                cursors.put(channel + "/" + account, batch.cursor());
            }
            polls.add(new PollOutcome(channel, account, null));
            exchange.getMessage().setHeader("ParleyStoreResult", new StoreResult(newKeys, duplicates, List.of()));
        }
    }
}
