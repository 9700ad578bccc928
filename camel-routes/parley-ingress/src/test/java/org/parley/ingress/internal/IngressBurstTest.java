package org.parley.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.InteractionKey;
import org.parley.ingress.IngressStats;

/**
 * A burst of 10,000 signed webhook deliveries from a local load generator (concurrent keep-alive clients), with the
 * channel's retries of earlier deliveries mixed in, to two accounts: every one is acknowledged, and each distinct
 * event ends up stored exactly once.
 */
class IngressBurstTest {

    static final int DELIVERIES = 10_000;
    static final int DISTINCT = 8_000;
    static final int CLIENTS = 16;

    @TempDir
    Path work;

    IngressHarness ingress;

    @AfterEach
    void stop() throws Exception {
        if (ingress != null) {
            ingress.close();
        }
    }

    @Test
    void aBurstWithRetriesMixedInStoresEachDistinctEventExactlyOnce() throws Exception {
        // A long lease: under this load a claim must not run out and be processed twice (which would still store once).
        ingress = new IngressHarness(work, "lease", "PT60S", "batchSize", "200", "pollInterval", "PT0.5S");
        ingress.register("acme");
        ingress.register("globex");
        ingress.startWorker();

        List<String> plan = new ArrayList<>(DELIVERIES);
        for (int i = 0; i < DISTINCT; i++) {
            plan.add("evt-" + i);
        }
        Random random = new Random(42);
        for (int i = DISTINCT; i < DELIVERIES; i++) {
            plan.add("evt-" + random.nextInt(DISTINCT)); // the channel retrying one it sent
        }
        Collections.shuffle(plan, random);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService generator = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(generator.submit(() -> {
                    for (int i = next.getAndIncrement(); i < plan.size(); i = next.getAndIncrement()) {
                        String id = plan.get(i);
                        String account = Integer.parseInt(id.substring(4)) % 2 == 0 ? "acme" : "globex";
                        byte[] body = IngressHarness.event(id, "message " + id);
                        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
                        String nonce = UUID.randomUUID().toString();
                        HttpRequest request = HttpRequest.newBuilder(URI.create(ingress.url(ingress.hookPath(account))))
                                .timeout(Duration.ofSeconds(60))
                                .header("X-Hook-Timestamp", timestamp)
                                .header("X-Hook-Nonce", nonce)
                                .header("X-Hook-Signature", HookTestEndpoint.sign(timestamp, nonce, body))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            generator.shutdownNow();
        }

        assertThat(statuses).containsOnlyKeys(200);
        assertThat(statuses.get(200).get()).isEqualTo(DELIVERIES);
        long distinct = plan.stream().distinct().count();
        assertThat(ingress.inboxRows()).isEqualTo(distinct);
        IngressStats.Snapshot snapshot = ingress.listener.snapshot();
        long accepted = snapshot.accounts().stream().mapToLong(IngressStats.Account::accepted).sum();
        long duplicates = snapshot.accounts().stream().mapToLong(IngressStats.Account::duplicates).sum();
        assertThat(accepted).isEqualTo(distinct);
        assertThat(duplicates).isEqualTo(DELIVERIES - distinct);

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ingress.inboxCounts("acme").pending() + ingress.inboxCounts("globex").pending() == 0);
        List<InteractionKey> keys = plan.stream().distinct().map(id -> new InteractionKey("hooktest", id)).toList();
        assertThat(ingress.parley.interactions().existing(keys)).hasSize((int) distinct);
        assertThat(ingress.parley.interactions().count()).isEqualTo(distinct);
        assertThat(ingress.parley.offeredTwice()).as("no delivery was processed twice").isEmpty();
        assertThat(ingress.parley.deadLetters("hooktest")).isEmpty();
    }
}
