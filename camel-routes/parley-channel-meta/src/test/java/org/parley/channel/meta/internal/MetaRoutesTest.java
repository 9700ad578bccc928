package org.parley.channel.meta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.DeadLetter;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.Reply;
import org.parley.channel.testkit.MutableClock;
import org.parley.channel.testkit.ParleyHarness;
import org.parley.ingress.Delivery;
import org.parley.ingress.HookRequest;
import org.parley.ingress.WebhookEndpoint;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The Meta account end to end in Parley's real pipeline, reply desk and store (H2): signed deliveries go in as the
 * ingress hands them over, replies come out at the Graph API test server.
 */
class MetaRoutesTest {

    private static final Instant NOW = Instant.parse("2025-06-15T16:00:00Z");

    @TempDir
    Path work;

    private GraphServer graph;
    private MutableClock clock;
    private ParleyHarness parley;
    private final AtomicReference<MetaRoutes> routes = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        graph = GraphServer.start();
        clock = new MutableClock(NOW);
        MetaSettings settings = TestSettings.settings(graph.url());
        parley = ParleyHarness.start(work, () -> {
            routes.set(new MetaRoutes(settings, clock));
            return List.of(routes.get());
        });
    }

    @AfterEach
    void stop() throws Exception {
        parley.close();
        graph.close();
    }

    /** What the ingress does with a request: verify, then (from its inbox) map and ingest. */
    private IngestBatch deliver(HookRequest request) {
        MetaWebhook webhook = routes.get().webhook();
        assertThat(webhook.verify(request).accepted()).isTrue();
        IngestBatch batch = webhook.map(new Delivery(1, "meta", "brand", webhook.deliveryId(request), request.headers(),
                request.body(), request.received()));
        parley.camel().createProducerTemplate().sendBody("parley:ingest?channel=meta&account=brand", batch);
        return batch;
    }

    private Reply awaitDone(long id) {
        await().atMost(ParleyHarness.PATIENCE).until(() -> {
            Reply.Status s = parley.reply(id).status();
            return s == Reply.Status.SENT || s == Reply.Status.FAILED;
        });
        return parley.reply(id);
    }

    @Test
    void deliveriesOfEverySourceAreStoredOnceAndTheWhatsappAuthorCarriesThePhone() {
        for (String name : List.of("facebook-feed.json", "messenger.json", "instagram-comments.json",
                "instagram-messaging.json", "whatsapp.json")) {
            deliver(Requests.signed(TestSettings.payload(name)));
        }
        // Meta retries a delivery it thinks failed: the same body again.
        deliver(Requests.signed(TestSettings.payload("whatsapp.json")));

        List<Interaction> stored = parley.stored("meta");
        assertThat(stored).hasSize(2 + 2 + 2 + 1 + 3);
        assertThat(stored).extracting(Interaction::externalId).doesNotHaveDuplicates();
        Interaction wa = parley.find(new InteractionKey("meta",
                "wa:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=")).orElseThrow();
        assertThat(wa.author().phone()).isEqualTo("+16505551234");
        assertThat(wa.raw()).contains("\"wa_id\":\"16505551234\"");
        Interaction hostile = parley.find(new InteractionKey("meta", "fb:555000000000001_900000000000002")).orElseThrow();
        assertThat(hostile.text()).contains("<script>alert('x')</script>");
        assertThat(parley.deadLetters("meta")).isEmpty();
    }

    @Test
    void aCommentReplyIsPostedOnceThroughTheReplyDesk() {
        deliver(Requests.signed(TestSettings.payload("facebook-feed.json")));
        InteractionKey comment = new InteractionKey("meta", "fb:555000000000001_900000000000001");

        Reply reply = parley.replies().request(comment, "Sorry Jane, we sent you a message.", "agent");
        Reply done = awaitDone(reply.id());

        assertThat(done.status()).isEqualTo(Reply.Status.SENT);
        assertThat(done.externalId()).startsWith("fb:900000000000001_");
        assertThat(done.url()).isEqualTo("https://www.facebook.com/acme/posts/pfbid02abc");
        assertThat(graph.posts()).singleElement().satisfies(post -> {
            assertThat(post.path()).isEqualTo("/v21.0/555000000000001_900000000000001/comments");
            assertThat(post.json().path("message").asText()).isEqualTo("Sorry Jane, we sent you a message.");
        });
    }

    @Test
    void aWhatsappReplyInsideTheWindowIsSentAndOneOutsideIsFailedWithoutReachingMeta() {
        deliver(Requests.signed(TestSettings.payload("whatsapp.json")));
        InteractionKey message = new InteractionKey("meta", "wa:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");

        Reply inTime = awaitDone(parley.replies().request(message, "Yes, in green too.", "agent").id());
        assertThat(inTime.status()).isEqualTo(Reply.Status.SENT);
        assertThat(inTime.externalId()).startsWith("wa:wamid.Reply");
        assertThat(graph.posts()).singleElement().satisfies(post ->
                assertThat(post.json().path("context").path("message_id").asText())
                        .isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="));

        clock.advance(Duration.ofHours(25));
        Reply late = awaitDone(parley.replies().request(message, "Still there?", "agent").id());

        assertThat(late.status()).isEqualTo(Reply.Status.FAILED);
        assertThat(late.error()).contains("reply window of this WhatsApp conversation closed");
        assertThat(late.attempts()).isEqualTo(1);
        assertThat(graph.posts()).as("the late reply never reached Meta").hasSize(1);
    }

    @Test
    void aRateLimitedReplyWaitsAndIsNotFailed() {
        deliver(Requests.signed(TestSettings.payload("instagram-comments.json")));
        graph.failNext(400, GraphServer.error(4, 0, "OAuthException", "(#4) Application request limit reached"),
                Map.of("X-App-Usage", "{\"call_count\":100,\"total_cputime\":20,\"total_time\":20}"));

        Reply reply = parley.replies().request(new InteractionKey("meta", "ig:17860000000000001"), "Downtown!", "agent");

        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(reply.id()).error() != null);
        Reply waiting = parley.reply(reply.id());
        assertThat(waiting.status()).isEqualTo(Reply.Status.PENDING);
        assertThat(waiting.error()).contains("Meta rate limit", "Application request limit reached");
        assertThat(graph.posts()).hasSize(1);
    }

    @Test
    void aDeadLetterIsReplayedThroughTheAccountsReplayRoute() {
        IngestBatch batch = deliver(Requests.signed(TestSettings.payload("instagram-mentions.json")));
        assertThat(batch.deadLetters()).hasSize(2);
        List<DeadLetter> dead = parley.deadLetters("meta");
        assertThat(dead).hasSize(2);
        assertThat(dead).allSatisfy(d -> assertThat(d.replayUri()).isEqualTo("direct:parley-meta-brand-replay"));

        graph.mentionedMedia("17910000000000002", "{\"id\":\"17910000000000002\",\"caption\":\"New shoes from acme\","
                + "\"timestamp\":\"2025-06-15T15:12:00+0000\",\"username\":\"runner_42\"}");
        DeadLetter caption = dead.stream().filter(d -> d.payload().contains("17910000000000002")).findFirst().orElseThrow();
        ProducerTemplate producer = parley.camel().createProducerTemplate();
        producer.sendBody(caption.replayUri(), caption.payload().getBytes(StandardCharsets.UTF_8));

        assertThat(parley.find(new InteractionKey("meta", "ig:17910000000000002"))).isPresent();
        DeadLetter other = dead.stream().filter(d -> d != caption).findFirst().orElseThrow();
        var failed = producer.send(other.replayUri(), e -> e.getMessage().setBody(other.payload()));
        assertThat(failed.getException()).as("a replay that still fails goes back to the replayer")
                .hasMessageContaining("could not be read from the Graph API");
    }

    /** A bundle context that records the services registered with it. */
    private static BundleContext recordingContext(List<Dictionary<String, ?>> registered, List<Object> services,
                                                  AtomicReference<Boolean> unregistered) {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                MetaRoutesTest.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (self, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        unregistered.set(true);
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(MetaRoutesTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (self, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] == WebhookEndpoint.class) {
                        services.add(args[1]);
                        @SuppressWarnings("unchecked")
                        Dictionary<String, ?> properties = (Dictionary<String, ?>) args[2];
                        registered.add(properties);
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theEndpointIsRegisteredForTheIngressWithTheAccountAndUnregisteredOnDeactivation() {
        List<Dictionary<String, ?>> registered = new ArrayList<>();
        List<Object> services = new ArrayList<>();
        AtomicReference<Boolean> unregistered = new AtomicReference<>(false);

        MetaRoutes component = new MetaRoutes(TestSettings.config(graph.url(), Map.of()),
                Map.of("felix.fileinstall.filename", "/opt/karaf/etc/org.parley.channel.meta-shop.cfg"),
                recordingContext(registered, services, unregistered));

        assertThat(registered).singleElement().satisfies(p -> {
            assertThat(p.get(WebhookEndpoint.CHANNEL)).isEqualTo("meta");
            assertThat(p.get(WebhookEndpoint.ACCOUNT)).isEqualTo("shop");
        });
        assertThat(services).singleElement().isSameAs(component.webhook());
        assertThat(component.webhook().account()).isEqualTo("shop");
        assertThat(component.replyRouteId()).isEqualTo("parley-meta-shop-reply");
        component.deactivate();
        assertThat(unregistered.get()).isTrue();
    }

    @Test
    void noSecretReachesTheLog() throws Exception {
        // Log as much as the account does: activation, a refused token, a refused reply.
        new MetaRoutes(TestSettings.config(graph.url(), Map.of()), Map.of("service.pid", "org.parley.channel.meta~brand"),
                recordingContext(new ArrayList<>(), new ArrayList<>(), new AtomicReference<>(false))).deactivate();
        deliver(Requests.signed(TestSettings.payload("facebook-feed.json")));
        graph.failNext(400, GraphServer.error(190, 463, "OAuthException", "Error validating access token: Session has "
                + "expired"), Map.of());
        Reply failed = awaitDone(parley.replies().request(new InteractionKey("meta", "fb:555000000000001_900000000000001"),
                "hi", "agent").id());
        assertThat(failed.status()).isEqualTo(Reply.Status.FAILED);
        assertThat(failed.error()).contains("Session has expired").doesNotContain(TestSettings.ACCESS_TOKEN);

        String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
        assertThat(logFile).as("surefire routes the log to a file").isNotNull();
        String log = Files.readString(Path.of(logFile));
        assertThat(log).contains("Meta account brand configured").contains("refused by meta")
                .doesNotContain(TestSettings.APP_SECRET, TestSettings.ACCESS_TOKEN, TestSettings.VERIFY_TOKEN);
    }
}
