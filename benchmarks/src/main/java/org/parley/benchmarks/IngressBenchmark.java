package org.parley.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.SocialIdentity;
import org.parley.api.WebhookInbox;
import org.parley.camel.internal.IngestRoutes;
import org.parley.camel.internal.OutboundRegistry;
import org.parley.camel.internal.ParleyComponent;
import org.parley.ingress.Delivery;
import org.parley.ingress.HookRequest;
import org.parley.ingress.HookResponse;
import org.parley.ingress.Verdict;
import org.parley.ingress.WebhookEndpoint;
import org.parley.ingress.internal.EndpointRegistry;
import org.parley.ingress.internal.InboxWorker;
import org.parley.ingress.internal.IngressConfig;
import org.parley.ingress.internal.IngressListener;
import org.parley.ingress.internal.IngressSettings;
import org.parley.store.internal.JdbcChannelStateStore;
import org.parley.store.internal.JdbcCrmOutbox;
import org.parley.store.internal.JdbcDeadLetterStore;
import org.parley.store.internal.JdbcInteractionStore;
import org.parley.store.internal.JdbcWebhookInbox;
import org.parley.store.internal.ParleyDatabase;

/**
 * Signed webhook deliveries through Parley's public ingress, under concurrent load from a local load generator:
 * acknowledgement latency (p50/p99: request sent to 200 received, which is after the delivery is verified and
 * committed to the inbox in H2) and deliveries acknowledged per second; the worker processes them into the store at
 * the same time, and the run also reports how fast all of them were stored as interactions. In the same run, the
 * baseline: a bare Jetty handler (same Jetty, same threads, same connector) that reads the body and answers 200
 * without verifying or committing anything, under the same load.
 *
 * <p>Deliveries are signed as Meta signs them ({@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret,
 * body)>}, checked in constant time); every tenth is a retry of an earlier one, which is acknowledged and not stored
 * again.
 *
 * <p>Usage: {@code IngressBenchmark [deliveries=20000] [clients=16]}.
 */
public final class IngressBenchmark {

    static final String HOOK_CHANNEL = "benchhook";
    static final String SECRET = "bench-app-secret-9b1e77";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run measured. */
    public record Result(int deliveries, int distinct, int clients, double bareAcksPerSecond, double bareP50Millis,
                         double bareP99Millis, double acksPerSecond, double p50Millis, double p99Millis,
                         double storedPerSecond, long stored, long inboxRows, long non200) {

        String report() {
            return String.format(Locale.ROOT, """
                    Parley ingress benchmark: %,d signed deliveries (%,d distinct, the rest retries), %d concurrent clients, \
                    %d cores, H2 file database with WRITE_DELAY=0 (as shipped)
                      bare Jetty handler (read body, 200; nothing verified or kept): %,9.0f acks/s   p50 %6.2f ms   p99 %6.2f ms
                      ingress (verify HMAC, commit to inbox, 200):                  %,9.0f acks/s   p50 %6.2f ms   p99 %6.2f ms
                      stored as interactions by the worker meanwhile:              %,9.0f /s (first request to last stored)
                      rows: inbox %,d, interactions %,d; answers other than 200: %d
                    """, deliveries, distinct, clients, Runtime.getRuntime().availableProcessors(), bareAcksPerSecond,
                    bareP50Millis, bareP99Millis, acksPerSecond, p50Millis, p99Millis, storedPerSecond, inboxRows, stored,
                    non200);
        }
    }

    public static void main(String[] args) throws Exception {
        int deliveries = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path dir = Files.createTempDirectory("parley-ingress-bench");
        System.out.print(run(deliveries, clients, dir).report());
        System.exit(0); // Jetty's and the JDK client's threads are not ours to wait for
    }

    public static Result run(int deliveries, int clients, Path dir) throws Exception {
        List<byte[]> bodies = bodies(deliveries);
        int distinct = (int) bodies.stream().map(b -> new String(b, StandardCharsets.UTF_8)).distinct().count();
        // Warm up the JIT on both paths with the same shape of traffic, in throw-away databases.
        List<byte[]> warmup = bodies(Math.min(deliveries, 4_000));
        bare(warmup, clients);
        ingress(warmup, clients, dir, "warmup");

        Load bare = bare(bodies, clients);
        Load ingress = ingress(bodies, clients, dir, "ingress");
        return new Result(deliveries, distinct, clients, deliveries / (bare.elapsedNanos / 1e9),
                percentile(bare.latencies, 0.50) / 1e6, percentile(bare.latencies, 0.99) / 1e6,
                deliveries / (ingress.elapsedNanos / 1e9), percentile(ingress.latencies, 0.50) / 1e6,
                percentile(ingress.latencies, 0.99) / 1e6, distinct / (ingress.storedNanos / 1e9), ingress.stored,
                ingress.inboxRows, ingress.non200 + bare.non200);
    }

    /** One load run: elapsed time of the requests, their latencies (sorted), and what was kept. */
    private record Load(long elapsedNanos, long[] latencies, long non200, long storedNanos, long stored, long inboxRows) {
    }

    /** Bodies of Meta-like events; every tenth repeats an earlier event (the channel retrying). */
    private static List<byte[]> bodies(int n) {
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int event = i % 10 == 9 ? i / 2 : i;
            bodies.add(("{\"object\":\"page\",\"id\":\"m_" + event + "\",\"from\":\"psid-" + (event % 977)
                    + "\",\"name\":\"Customer " + (event % 977) + "\",\"text\":\"Hello, is my order " + event
                    + " on its way? I ordered it last week and have not heard anything since.\",\"time\":"
                    + Instant.now().getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private static Load bare(List<byte[]> bodies, int clients) throws Exception {
        IngressSettings settings = settings();
        QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads(), Math.min(8, settings.maxThreads()), 60_000,
                new BlockingArrayQueue<>(64, 64, settings.maxQueuedRequests()));
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(new HttpConfiguration()));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                base.setHandled(true);
                request.getInputStream().readAllBytes();
                response.setStatus(200);
                response.setContentType("text/plain; charset=utf-8");
                byte[] ok = "OK".getBytes(StandardCharsets.UTF_8);
                response.setContentLength(ok.length);
                response.getOutputStream().write(ok);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + connector.getLocalPort() + "/parley/hooks/" + HOOK_CHANNEL + "/page-1";
            Sent sent = send(url, bodies, clients);
            return new Load(sent.elapsedNanos, sent.latencies, sent.non200, 0, 0, 0);
        } finally {
            server.stop();
        }
    }

    private static Load ingress(List<byte[]> bodies, int clients, Path dir, String name) throws Exception {
        // As the shipped datasource: every commit written at once, since an acknowledged delivery must survive a crash.
        try (BenchDatabase db = new BenchDatabase(dir, name, ";WRITE_DELAY=0")) {
            ParleyDatabase database = new ParleyDatabase(db.dataSource);
            JdbcWebhookInbox inbox = new JdbcWebhookInbox(database);
            JdbcInteractionStore store = new JdbcInteractionStore(database);
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.addComponent("parley", new ParleyComponent(new JdbcChannelStateStore(database),
                    new JdbcDeadLetterStore(database), new JdbcCrmOutbox(database), new OutboundRegistry()));
            camel.addRoutes(new IngestRoutes(store, batch -> Map.of(), ConfigDefaults.of(IngestRoutes.Config.class, Map.of())));
            camel.start();
            EndpointRegistry endpoints = new EndpointRegistry();
            endpoints.add(new MetaLikeEndpoint("page-1"), Map.<String, Object>of(WebhookEndpoint.CHANNEL, HOOK_CHANNEL, WebhookEndpoint.ACCOUNT, "page-1"));
            IngressSettings settings = settings();
            IngressListener listener = new IngressListener(inbox, endpoints, settings, Clock.systemUTC());
            InboxWorker worker = new InboxWorker(inbox, endpoints, camel.createProducerTemplate(), settings, Clock.systemUTC());
            try {
                long start = System.nanoTime();
                Sent sent = send(listener.listening() + "/parley/hooks/" + HOOK_CHANNEL + "/page-1", bodies, clients);
                WebhookInbox.Source source = new WebhookInbox.Source(HOOK_CHANNEL, "page-1");
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (pending(inbox, source) > 0 && System.nanoTime() < deadline) {
                    // The harness waits for the worker it measures; a coarse wait costs the figure at most 20 ms.
                    TimeUnit.MILLISECONDS.sleep(20);
                }
                long storedNanos = System.nanoTime() - start;
                return new Load(sent.elapsedNanos, sent.latencies, sent.non200, storedNanos, store.count(),
                        countRows(db, "webhook_inbox"));
            } finally {
                worker.stop();
                listener.stop();
                camel.stop();
            }
        }
    }

    private static long pending(WebhookInbox inbox, WebhookInbox.Source source) {
        return inbox.stats(Instant.now()).stream().filter(c -> c.source().equals(source))
                .mapToLong(WebhookInbox.Counts::pending).sum();
    }

    private static long countRows(BenchDatabase db, String table) throws Exception {
        try (var c = db.dataSource.getConnection(); var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The shipped defaults, on a free port, without a rate limit (the load comes from one address). */
    private static IngressSettings settings() {
        return IngressSettings.validate(IngressConfig.PID, ConfigDefaults.of(IngressConfig.class,
                Map.<String, Object>of("port", "0", "requestsPerSecondPerSource", "0", "pollInterval", "PT0.2S")));
    }

    private record Sent(long elapsedNanos, long[] latencies, long non200) {
    }

    /** {@code clients} threads send every body once, signed, over keep-alive HTTP/1.1 connections. */
    private static Sent send(String url, List<byte[]> bodies, int clients) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(url);
        long[] latencies = new long[bodies.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger non200 = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        byte[] body = bodies.get(i);
                        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .header("X-Hub-Signature-256", sign(body))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                        long sent = System.nanoTime();
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        latencies[i] = System.nanoTime() - sent;
                        if (status != 200) {
                            non200.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        Arrays.sort(latencies);
        return new Sent(elapsed, latencies, non200.get());
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A channel account signed as Meta signs: HMAC-SHA256 of the raw body with the app secret, constant-time check. */
    static final class MetaLikeEndpoint implements WebhookEndpoint {

        private final String account;

        MetaLikeEndpoint(String account) {
            this.account = account;
        }

        @Override
        public String channel() {
            return HOOK_CHANNEL;
        }

        @Override
        public String account() {
            return account;
        }

        @Override
        public Optional<HookResponse> handshake(HookRequest request) {
            return Optional.empty();
        }

        @Override
        public Verdict verify(HookRequest request) {
            Optional<String> signature = request.header("x-hub-signature-256");
            if (signature.isEmpty()) {
                return Verdict.refused(Verdict.Outcome.UNSIGNED, "no X-Hub-Signature-256");
            }
            boolean ok = MessageDigest.isEqual(sign(request.body()).getBytes(StandardCharsets.US_ASCII),
                    signature.get().getBytes(StandardCharsets.US_ASCII));
            return ok ? Verdict.ACCEPTED : Verdict.refused(Verdict.Outcome.FORGED, "the signature does not match the body");
        }

        @Override
        public String deliveryId(HookRequest request) {
            return read(request.body()).path("id").asText(null);
        }

        @Override
        public IngestBatch map(Delivery delivery) {
            JsonNode event = read(delivery.body());
            Interaction interaction = Interaction.builder(HOOK_CHANNEL, event.path("id").asText())
                    .kind(InteractionKind.DIRECT_MESSAGE)
                    .account(account)
                    .author(SocialIdentity.of(HOOK_CHANNEL, event.path("from").asText(), event.path("name").asText()))
                    .text(event.path("text").asText())
                    .occurredAt(Instant.ofEpochSecond(event.path("time").asLong()))
                    .threadId(event.path("id").asText())
                    .raw(new String(delivery.body(), StandardCharsets.UTF_8))
                    .build();
            return new IngestBatch(HOOK_CHANNEL, account, List.of(interaction), List.of(), null);
        }

        private static JsonNode read(byte[] body) {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalArgumentException("not JSON: " + e.getMessage());
            }
        }
    }

    private IngressBenchmark() {
    }
}
