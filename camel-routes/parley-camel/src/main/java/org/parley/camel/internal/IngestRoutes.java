package org.parley.camel.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.parley.api.Assessment;
import org.parley.api.Assessor;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionStore;
import org.parley.api.InteractionValidator;
import org.parley.api.InvalidInteractionException;
import org.parley.api.StoreResult;
import org.parley.api.json.InteractionJson;
import org.parley.camel.ParleyHeaders;

/**
 * The ingest pipeline: assemble and validate, drop recently stored keys, assess (language, sentiment, rules), store
 * (one transaction with the cursor).
 * Camel's error handler redelivers with exponential backoff when the store fails (database restarting, lock
 * timeout); a payload that can never be stored is not retried but becomes a dead letter inside the batch.
 */
@Component(service = RoutesBuilder.class, configurationPid = IngestRoutes.PID)
@Designate(ocd = IngestRoutes.Config.class)
public final class IngestRoutes extends RouteBuilder {

    static final String PID = "org.parley.ingest";
    static final String PIPELINE = "direct:parley-ingest";
    static final String CHANNEL = "ParleyInternalChannel";
    static final String ACCOUNT = "ParleyInternalAccount";

    @ObjectClassDefinition(name = "Parley ingest pipeline")
    public @interface Config {
        @AttributeDefinition(description = "How often a failed store is retried before the channel's poll fails (and is read again next time)", min = "0", max = "100")
        int maximumRedeliveries() default 5;

        @AttributeDefinition(description = "First retry delay in milliseconds; doubles on each retry", min = "1")
        long redeliveryDelayMillis() default 200;

        @AttributeDefinition(description = "Longest retry delay in milliseconds", min = "1")
        long maximumRedeliveryDelayMillis() default 10_000;

        @AttributeDefinition(description = "How many recently stored keys are remembered in memory, so that re-read items skip the database; 0 for none", min = "0")
        int recentKeys() default 100_000;
    }

    private final InteractionStore store;
    private final Assessor assessor;
    private final Config config;
    private final BatchAssembler assembler = new BatchAssembler(new InteractionJson(), new InteractionValidator());
    private final IdempotentRepository recent;

    @Activate
    public IngestRoutes(@Reference InteractionStore store, @Reference Assessor assessor, Config config) {
        check(config.maximumRedeliveries() >= 0, "maximumRedeliveries", config.maximumRedeliveries(), "0 or more");
        check(config.redeliveryDelayMillis() >= 1, "redeliveryDelayMillis", config.redeliveryDelayMillis(), "at least 1");
        check(config.maximumRedeliveryDelayMillis() >= config.redeliveryDelayMillis(), "maximumRedeliveryDelayMillis",
                config.maximumRedeliveryDelayMillis(), "at least redeliveryDelayMillis");
        check(config.recentKeys() >= 0, "recentKeys", config.recentKeys(), "0 or more");
        this.store = store;
        this.assessor = assessor;
        this.config = config;
        this.recent = config.recentKeys() == 0 ? null : MemoryIdempotentRepository.memoryIdempotentRepository(config.recentKeys());
    }

    @Override
    public void configure() {
        errorHandler(defaultErrorHandler()
                .maximumRedeliveries(config.maximumRedeliveries())
                .redeliveryDelay(config.redeliveryDelayMillis())
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .maximumRedeliveryDelay(config.maximumRedeliveryDelayMillis())
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logExhaustedMessageHistory(false));
        // Not transient: retrying cannot help, the channel route gets the error at once.
        onException(InvalidInteractionException.class, IllegalArgumentException.class).maximumRedeliveries(0);

        from(PIPELINE).routeId("parley-ingest")
                .process(this::assemble)
                .process(this::store);
    }

    private void assemble(Exchange exchange) {
        var in = exchange.getIn();
        IngestBatch batch = assembler.assemble(in.getBody(), in.getHeader(CHANNEL, String.class),
                in.getHeader(ACCOUNT, String.class), in.getHeader(ParleyHeaders.CURSOR, String.class));
        in.setBody(batch);
    }

    private void store(Exchange exchange) throws Exception {
        IngestBatch batch = exchange.getIn().getBody(IngestBatch.class);
        if (exchange.getIn().getHeader(ParleyHeaders.REPLAY_OF) != null && !batch.deadLetters().isEmpty()) {
            // A replay refused again updates its own dead letter instead of writing a new one.
            exchange.getIn().setHeader(ParleyHeaders.REPLAY_REFUSED,
                    String.join("; ", batch.deadLetters().stream().map(d -> d.reason()).toList()));
            batch = new IngestBatch(batch.channel(), batch.account(), batch.interactions(), List.of(), batch.cursor());
        }
        List<InteractionKey> seen = new ArrayList<>();
        var fresh = batch.interactions().stream().filter(i -> {
            if (recent != null && recent.contains(i.key().toString())) {
                seen.add(i.key());
                return false;
            }
            return true;
        }).toList();
        StoreResult result = store.store(new IngestBatch(batch.channel(), batch.account(), fresh, batch.deadLetters(),
                batch.cursor(), assess(fresh)));
        if (recent != null) {
            for (InteractionKey key : result.stored()) {
                recent.add(key.toString());
            }
            for (InteractionKey key : result.duplicates()) {
                recent.add(key.toString());
            }
        }
        if (!seen.isEmpty()) {
            List<InteractionKey> duplicates = new ArrayList<>(result.duplicates());
            duplicates.addAll(seen);
            result = new StoreResult(result.stored(), duplicates, result.deadLetters());
        }
        exchange.getIn().setHeader(ParleyHeaders.STORE_RESULT, result);
    }

    /**
     * Language, sentiment and the rules' actions, stored with the interactions. An assessor that fails does not hold
     * the conversation back: the batch is stored unassessed, and the failure logged.
     */
    private Map<InteractionKey, Assessment> assess(List<Interaction> fresh) {
        if (fresh.isEmpty()) {
            return Map.of();
        }
        try {
            return assessor.assess(fresh);
        } catch (RuntimeException e) {
            log.warn("Assessing {} interactions failed; they are stored without sentiment and rules", fresh.size(), e);
            return Map.of();
        }
    }

    private static void check(boolean ok, String key, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(PID + ": " + key + " " + value + " is not allowed; it must be " + allowed);
        }
    }
}
