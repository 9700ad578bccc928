package org.parley.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.parley.api.CrmOutbox;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.SocialIdentity;
import org.parley.crm.suitecrm.internal.SuiteCrmConfig;
import org.parley.crm.suitecrm.internal.SuiteCrmConnector;
import org.parley.crm.suitecrm.testing.SuiteCrmTestServer;
import org.parley.engine.internal.OutboxConfig;
import org.parley.engine.internal.OutboxWorker;
import org.parley.store.internal.JdbcCrmOutbox;
import org.parley.store.internal.JdbcIdentityLinks;
import org.parley.store.internal.JdbcInteractionStore;
import org.parley.store.internal.JdbcPersonActions;
import org.parley.store.internal.JdbcPersonScores;
import org.parley.store.internal.JdbcPersonTags;
import org.parley.store.internal.ParleyDatabase;

/**
 * How fast the outbox drains into a CRM that takes a fixed time per request: the real store, SuiteCRM connector and
 * outbox worker against the SuiteCRM V8 test server. The ideal is what {@code concurrency} writers could do if every
 * CRM request took exactly the service time and nothing else cost anything.
 *
 * <p>Usage: {@code OutboxDrainBenchmark [interactions=2000] [serviceMillis=20] [concurrency=4]}
 */
public final class OutboxDrainBenchmark {

    public record Result(int interactions, long serviceMillis, int concurrency, double writesPerSecond,
                         double requestsPerSecond, double requestsPerWrite, long notes) {

        double idealRequestsPerSecond() {
            return concurrency * 1000.0 / serviceMillis;
        }

        String report() {
            return String.format(Locale.ROOT, """
                    Outbox drain benchmark: %,d interactions from 20 known authors, CRM service time %d ms, %d writers
                      history entries written:                %,8.1f /s
                      CRM requests:                           %,8.1f /s  (%.2f per entry: key look-up, create, record check)
                      ideal (writers / service time):         %,8.1f requests/s
                      ratio to ideal:                         %8.1f %%
                      notes in the CRM: %,d
                    """, interactions, serviceMillis, concurrency, writesPerSecond, requestsPerSecond, requestsPerWrite,
                    idealRequestsPerSecond(), 100 * requestsPerSecond / idealRequestsPerSecond(), notes);
        }
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        long serviceMillis = args.length > 1 ? Long.parseLong(args[1]) : 20;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        System.out.print(run(count, serviceMillis, concurrency, Files.createTempDirectory("parley-drain")).report());
    }

    public static Result run(int count, long serviceMillis, int concurrency, Path dir) throws Exception {
        try (SuiteCrmTestServer crm = SuiteCrmTestServer.start(); BenchDatabase db = new BenchDatabase(dir, "drain", "")) {
            for (int a = 0; a < 20; a++) {
                crm.put("Contacts", Map.of("last_name", "Author " + a, "email1", "author" + a + "@example.org"));
            }
            ParleyDatabase database = new ParleyDatabase(db.dataSource);
            JdbcInteractionStore store = new JdbcInteractionStore(database);
            CrmOutbox outbox = new JdbcCrmOutbox(database);
            List<Interaction> rows = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String email = "author" + (i % 20) + "@example.org";
                rows.add(Interaction.builder("bench", "drain-" + i).kind(InteractionKind.REVIEW)
                        .author(new SocialIdentity("bench", email, "Author " + (i % 20), null, email, null))
                        .text("Pelayanan ramah, pesanan " + i).occurredAt(Instant.parse("2026-11-20T10:00:00Z")).build());
            }
            for (int from = 0; from < count; from += 500) {
                store.store(new IngestBatch("bench", null, rows.subList(from, Math.min(count, from + 500)), List.of(), null));
            }
            SuiteCrmConnector connector = new SuiteCrmConnector(ConfigDefaults.of(SuiteCrmConfig.class, Map.of(
                    "url", crm.siteUrl().toString(), "clientId", SuiteCrmTestServer.CLIENT_ID,
                    "clientSecret", SuiteCrmTestServer.CLIENT_SECRET)));
            crm.serviceTime(Duration.ofMillis(serviceMillis));
            crm.resetCounts();

            long start = System.nanoTime();
            OutboxWorker worker = new OutboxWorker(connector, outbox, new JdbcIdentityLinks(database),
                    new JdbcPersonTags(database), new JdbcPersonActions(database), new JdbcPersonScores(database),
                    ConfigDefaults.of(OutboxConfig.class, Map.of("concurrency", concurrency)));
            try {
                // A harness, not a test: poll the store until the outbox is empty.
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (outbox.stats(Instant.now()).pending() > 0 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            } finally {
                worker.deactivate();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // Per-kind totals only (the server also counts "kind module"), without token requests.
            long requests = crm.requestCounts().entrySet().stream()
                    .filter(e -> !e.getKey().contains(" ") && !e.getKey().equals(SuiteCrmTestServer.TOKEN))
                    .mapToLong(Map.Entry::getValue).sum();
            long notes = crm.notes().size();
            return new Result(count, serviceMillis, concurrency, notes / seconds, requests / seconds,
                    (double) requests / notes, notes);
        }
    }

    private OutboxDrainBenchmark() {
    }
}
