package org.parley.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.lang.annotation.Annotation;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterReplayer;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.SocialIdentity;
import org.parley.api.StoreResult;
import org.parley.camel.ParleyHeaders;

class ParleyComponentTest {

    private final InMemoryStore store = new InMemoryStore();
    private final java.util.Set<Long> requeued = new java.util.HashSet<>();
    /** The outbox as far as parley:outbox uses it: rows 1..10 exist. */
    private final org.parley.api.CrmOutbox outbox = (org.parley.api.CrmOutbox) java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {org.parley.api.CrmOutbox.class}, (proxy, method, args) -> {
                if (method.getName().equals("requeue") && args[0] instanceof Long id) {
                    return id >= 1 && id <= 10 && requeued.add(id);
                }
                throw new UnsupportedOperationException(method.getName());
            });
    /** Tags every interaction whose text says "refund", and scores it -0.5; throws while {@code assessorDown}. */
    private volatile boolean assessorDown;
    private final org.parley.api.Assessor assessor = batch -> {
        if (assessorDown) {
            throw new IllegalStateException("language models not loaded");
        }
        java.util.Map<InteractionKey, org.parley.api.Assessment> out = new java.util.HashMap<>();
        for (Interaction i : batch) {
            if (i.text().contains("refund")) {
                out.put(i.key(), new org.parley.api.Assessment("en", true, -0.5, List.of(
                        new org.parley.api.RuleAction("service/refunds", org.parley.api.RuleAction.Type.TAG_INTERACTION, "refund"))));
            }
        }
        return out;
    };
    private DefaultCamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addComponent("parley", new ParleyComponent(store, store, outbox, new OutboundRegistry()));
        camel.addRoutes(new IngestRoutes(store, assessor, config(2, 1, 5, 1000)));
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    static Interaction review(String id, String text) {
        return Interaction.builder("feeds", id).kind(InteractionKind.REVIEW)
                .author(SocialIdentity.of("feeds", "sari", "Sari")).text(text)
                .occurredAt(Instant.parse("2026-11-20T10:00:00Z")).rating(4).build();
    }

    @Test
    void aJsonArrayIsStoredExceptTheInvalidItemWhichBecomesADeadLetterWithItsReason() {
        String json = "[" + new org.parley.api.json.InteractionJson().write(review("a", "Bagus sekali"))
                + ",{\"externalId\":\"b\",\"kind\":\"TWEET\"}"
                + "," + new org.parley.api.json.InteractionJson().write(review("c", "Heel goed, dank je wel")) + "]";
        StoreResult result = template.request("parley:ingest?channel=feeds&account=acme", e -> {
                    e.getIn().setBody(json);
                    e.getIn().setHeader(ParleyHeaders.CURSOR, "etag-1");
                }).getMessage().getHeader(ParleyHeaders.STORE_RESULT, StoreResult.class);

        assertThat(result.stored()).containsExactly(new InteractionKey("feeds", "a"), new InteractionKey("feeds", "c"));
        assertThat(store.interactions.get(new InteractionKey("feeds", "a")).account()).isEqualTo("acme");
        assertThat(store.deadLetters.values()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("kind 'TWEET' is not one of [POST, MENTION, COMMENT, REPLY, DIRECT_MESSAGE, REVIEW]");
            assertThat(d.payload()).isEqualTo("{\"externalId\":\"b\",\"kind\":\"TWEET\"}");
            assertThat(d.replayUri()).isEqualTo("parley:ingest?channel=feeds&account=acme");
        });
        assertThat(store.state("feeds", "acme")).get().extracting(s -> s.cursor()).isEqualTo("etag-1");
    }

    @Test
    void theAssessmentOfEachInteractionIsStoredWithTheBatch() {
        template.sendBody("parley:ingest?channel=feeds", List.of(review("a", "I want a refund"), review("b", "fine")));

        assertThat(store.lastBatch.assessments()).containsOnlyKeys(new InteractionKey("feeds", "a"));
        assertThat(store.lastBatch.assessments().get(new InteractionKey("feeds", "a")).actions())
                .extracting(org.parley.api.RuleAction::value).containsExactly("refund");
    }

    @Test
    void aFailingAssessorDoesNotHoldTheConversationBack() {
        assessorDown = true;
        StoreResult result = template.request("parley:ingest?channel=feeds",
                        e -> e.getIn().setBody(List.of(review("a", "I want a refund"))))
                .getMessage().getHeader(ParleyHeaders.STORE_RESULT, StoreResult.class);

        assertThat(result.stored()).containsExactly(new InteractionKey("feeds", "a"));
        assertThat(store.lastBatch.assessments()).isEmpty();
    }

    @Test
    void theCursorEndpointReadsWhatTheBatchCommitted() {
        template.sendBody("parley:ingest?channel=feeds&account=acme",
                new IngestBatch("feeds", "acme", List.of(review("a", "ok")), List.of(), "since-42"));
        String cursor = template.request("parley:cursor?channel=feeds&account=acme", e -> { })
                .getMessage().getHeader(ParleyHeaders.CURSOR, String.class);
        assertThat(cursor).isEqualTo("since-42");
    }

    @Test
    void reReadItemsAreDuplicatesAndSkipTheStoreOnceRemembered() {
        template.sendBody("parley:ingest?channel=feeds", List.of(review("a", "one"), review("b", "two")));
        StoreResult again = template.request("parley:ingest?channel=feeds",
                e -> e.getIn().setBody(List.of(review("a", "one"), review("b", "two"))))
                .getMessage().getHeader(ParleyHeaders.STORE_RESULT, StoreResult.class);
        assertThat(again.stored()).isEmpty();
        assertThat(again.duplicates()).hasSize(2);
        assertThat(store.interactions).hasSize(2);
    }

    @Test
    void aStoreThatFailsBrieflyIsRetriedByTheErrorHandlerAndNothingIsLost() {
        store.failNextStores.set(2);
        template.sendBody("parley:ingest?channel=feeds", review("a", "después de reiniciar"));
        assertThat(store.interactions).containsKey(new InteractionKey("feeds", "a"));
        assertThat(store.storeCalls.get()).isEqualTo(3);
    }

    @Test
    void aStoreThatStaysDownFailsTheChannelsExchangeSoItsCursorDoesNotMove() {
        store.failNextStores.set(10);
        assertThatThrownBy(() -> template.sendBody("parley:ingest?channel=feeds",
                new IngestBatch("feeds", null, List.of(review("a", "x")), List.of(), "new-cursor")))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseMessage("database is restarting");
        assertThat(store.interactions).isEmpty();
        assertThat(store.state("feeds", null)).isEmpty();
    }

    @Test
    void aDeadLetterIsReplayedAfterTheCauseIsFixedAndARefusedReplayKeepsItsRow() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // A channel's mapping route: the payload is "<id>|<text>".
                from("direct:map").process(e -> {
                    String[] parts = e.getIn().getBody(String.class).split("\\|", 2);
                    e.getIn().setBody(review(parts[0], parts[1]));
                }).to("parley:ingest?channel=feeds");
            }
        });
        long id = store.add(new DeadLetter.New("feeds", null, "text is empty and there is no media", "7| ", "direct:map"));
        DeadLetterReplayer replayer = new CamelDeadLetterReplayer(camel, store);

        DeadLetterReplayer.Outcome refused = replayer.replay(id);
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.message()).isEqualTo("refused again: text is empty and there is no media");
        assertThat(store.deadLetters).hasSize(1);
        assertThat(store.deadLetters.get(id).attempts()).isEqualTo(2);

        // The fix: someone corrected the payload's cause (here: the mapping now has text).
        DeadLetter d = store.deadLetters.get(id);
        store.deadLetters.put(id, new DeadLetter(id, d.channel(), d.account(), d.reason(), "7|Mantap", d.replayUri(),
                d.createdAt(), d.attempts(), null));
        DeadLetterReplayer.Outcome ok = replayer.replay(id);
        assertThat(ok.succeeded()).as(ok.message()).isTrue();
        assertThat(store.interactions).containsKey(new InteractionKey("feeds", "7"));
        assertThat(store.deadLetters.get(id).pending()).isFalse();
        assertThat(replayer.replay(id).message()).startsWith("dead letter " + id + " was already replayed at ");
        assertThat(replayer.replay(999).message()).isEqualTo("there is no dead letter 999");
    }

    @Test
    void pollOutcomesAreRecordedWithTheFailure() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:poll").onException(Exception.class).handled(true).to("parley:poll?channel=feeds&account=x").end()
                        .process(e -> { throw new java.io.IOException("HTTP 503 from feeds.example.org"); });
            }
        });
        template.sendBody("direct:poll", "");
        assertThat(store.state("feeds", "x")).get().satisfies(s -> {
            assertThat(s.lastError()).isEqualTo("IOException: HTTP 503 from feeds.example.org");
            assertThat(s.lastSuccessAt()).isNull();
        });
    }

    @Test
    void aCrmDeadLetterIsReplayedByRequeueingItsOutboxRow() {
        long id = store.add(new DeadLetter.New("feeds", null, "HTTP 400: Filter field x_c in Contact module is not found", "{}", "parley:outbox?id=7"));
        long gone = store.add(new DeadLetter.New("feeds", null, "HTTP 400", "{}", "parley:outbox?id=99"));
        DeadLetterReplayer replayer = new CamelDeadLetterReplayer(camel, store);

        assertThat(replayer.replay(id).succeeded()).isTrue();
        assertThat(requeued).containsExactly(7L);
        assertThat(replayer.replay(gone).message()).isEqualTo("refused again: there is no CRM outbox row 99");
        assertThatThrownBy(() -> camel.getEndpoint("parley:outbox?id=1&channel=x")).hasMessageContaining("takes exactly one parameter");
    }

    @Test
    void wrongEndpointUrisSayWhatIsAllowed() {
        assertThatThrownBy(() -> camel.getEndpoint("parley:ingest")).hasMessageContaining("the channel parameter is required");
        assertThatThrownBy(() -> camel.getEndpoint("parley:eat?channel=x")).hasMessageContaining("unknown operation 'eat'; use one of ingest, cursor, poll, deadletter, outbox");
        assertThatThrownBy(() -> camel.getEndpoint("parley:ingest?channel=x&chanel=y")).hasMessageContaining("unknown parameters [chanel]");
    }

    @Test
    void invalidConfigurationIsRefusedWithThePidAndKey() {
        assertThatThrownBy(() -> new IngestRoutes(store, assessor, config(-1, 1, 5, 10)))
                .hasMessage("org.parley.ingest: maximumRedeliveries -1 is not allowed; it must be 0 or more");
    }

    static IngestRoutes.Config config(int redeliveries, long delay, long maxDelay, int recent) {
        return new IngestRoutes.Config() {
            public Class<? extends Annotation> annotationType() { return IngestRoutes.Config.class; }
            public int maximumRedeliveries() { return redeliveries; }
            public long redeliveryDelayMillis() { return delay; }
            public long maximumRedeliveryDelayMillis() { return maxDelay; }
            public int recentKeys() { return recent; }
        };
    }
}
