package org.parley.benchmarks;

import org.parley.sentiment.internal.SentimentService;
import org.parley.sentiment.internal.SentimentConfig;
import org.parley.sentiment.internal.LanguageService;
import org.parley.api.InteractionStore;
import org.parley.api.Assessor;
import java.util.Map;
import java.util.function.Function;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.json.InteractionJson;
import org.parley.camel.internal.IngestRoutes;
import org.parley.camel.internal.OutboundRegistry;
import org.parley.camel.internal.ParleyComponent;
import org.parley.store.internal.JdbcChannelStateStore;
import org.parley.store.internal.JdbcCrmOutbox;
import org.parley.store.internal.JdbcDeadLetterStore;
import org.parley.store.internal.JdbcInteractionStore;
import org.parley.store.internal.ParleyDatabase;

/**
 * Pushes interactions through {@code parley:ingest} into H2 and, in the same run, inserts the same rows with plain
 * JDBC batches into the same kind of database: Parley's rate, its ingest-to-committed latency, and how close it
 * comes to the physical limit.
 *
 * <p>A third run measures the whole ingest path: the same interactions with their language removed, so that each is
 * detected, scored for sentiment and run through {@code rules} generated rules (as {@link RulesBenchmark} makes them)
 * before it is stored with its assessment.
 *
 * <p>Usage: {@code IngestBenchmark [interactions=200000] [batchSize=100] [threads=2] [rules=200] [h2UrlOptions]}, for
 * example {@code ;WRITE_DELAY=0} to measure H2 writing every commit to the file at once.
 */
public final class IngestBenchmark {

    /** What one run measured. */
    public record Result(int interactions, int batchSize, int threads, double rawPerSecond, double parleyPerSecond,
                         double p50Millis, double p99Millis, long storedRows, long rawRows, int rules,
                         double assessedPerSecond, double assessedP50Millis, double assessedP99Millis, long assessedRows) {

        double ratio() {
            return parleyPerSecond / rawPerSecond;
        }

        String report() {
            return String.format(Locale.ROOT, """
                    Parley ingest benchmark: %,d interactions, batches of %d, %d threads, H2 file database
                      raw JDBC batch insert (same rows, same table): %,10.0f rows/s
                      parley:ingest -> committed:                    %,10.0f interactions/s
                      ratio parley / raw:                            %10.1f %%
                      ingest -> committed latency per interaction:   p50 %.2f ms, p99 %.2f ms
                      rows stored: parley %,d, raw %,d
                    The whole path (language detected, sentiment, %d rules, stored with the assessment):
                      parley:ingest -> assessed -> committed:        %,10.0f interactions/s (%.1f %% of unassessed)
                      latency per interaction:                       p50 %.2f ms, p99 %.2f ms
                      rows stored with their assessment: %,d
                    """, interactions, batchSize, threads, rawPerSecond, parleyPerSecond, 100 * ratio(),
                    p50Millis, p99Millis, storedRows, rawRows, rules, assessedPerSecond,
                    100 * assessedPerSecond / parleyPerSecond, assessedP50Millis, assessedP99Millis, assessedRows);
        }
    }

    private static final String RAW_INSERT = "INSERT INTO interactions (channel, external_id, kind, account,"
            + " author_handle, author_name, content, url, occurred_at, in_reply_to, thread_id, language,"
            + " likes, shares, replies, rating, interaction_json, raw_payload, received_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int rules = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        String h2Options = args.length > 4 ? args[4] : "";
        Path dir = Files.createTempDirectory("parley-bench");
        Result result = run(count, batchSize, threads, rules, dir, h2Options);
        System.out.print(h2Options.isEmpty() ? "" : "H2 URL options: " + h2Options + "\n");
        System.out.print(result.report());
    }

    public static Result run(int count, int batchSize, int threads, int rules, Path dir, String h2Options)
            throws Exception {
        List<Interaction> rows = SampleInteractions.generate(count, "bench", 42);
        List<Interaction> unlabelled = rows.stream().map(i -> i.withLanguage(null)).toList();
        // Warm up the JIT on both paths with data of the same shape, in throw-away databases.
        List<Interaction> warmup = SampleInteractions.generate(Math.min(count, 20_000), "bench", 7);
        rawInsert(warmup, batchSize, threads, dir, "warmup-raw", h2Options);
        parleyIngest(warmup, batchSize, threads, dir, "warmup-parley", h2Options, store -> batch -> Map.of());

        long[] raw = rawInsert(rows, batchSize, threads, dir, "raw", h2Options);
        long[] parley = parleyIngest(rows, batchSize, threads, dir, "parley", h2Options, store -> batch -> Map.of());
        SentimentConfig config = ConfigDefaults.of(SentimentConfig.class, Map.of());
        LanguageService languages = new LanguageService(config);
        try {
            languages.detect("warm up"); // waits for the background model load, which is not what is measured
            SentimentService sentiment = new SentimentService(languages, config);
            parleyIngest(warmup.stream().map(i -> i.withLanguage(null)).toList(), batchSize, threads, dir,
                    "warmup-assessed", h2Options, store -> RulesBenchmark.book(rules, store, sentiment, languages));
            long[] assessed = parleyIngest(unlabelled, batchSize, threads, dir, "assessed", h2Options,
                    store -> RulesBenchmark.book(rules, store, sentiment, languages));
            long[] latencies = latencies(parley);
            long[] assessedLatencies = latencies(assessed);
            return new Result(count, batchSize, threads, count / (raw[0] / 1e9), count / (parley[0] / 1e9),
                    percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6, parley[1], raw[1], rules,
                    count / (assessed[0] / 1e9), percentile(assessedLatencies, 0.50) / 1e6,
                    percentile(assessedLatencies, 0.99) / 1e6, assessed[2]);
        } finally {
            languages.deactivate();
        }
    }

    private static long[] latencies(long[] run) {
        long[] latencies = Arrays.copyOfRange(run, 3, run.length);
        Arrays.sort(latencies);
        return latencies;
    }

    /** Returns {elapsed nanos, rows in the table}. */
    private static long[] rawInsert(List<Interaction> rows, int batchSize, int threads, Path dir, String name,
                                    String h2Options) throws Exception {
        try (BenchDatabase db = new BenchDatabase(dir, name, h2Options)) {
            new ParleyDatabase(db.dataSource); // the same schema, by the same migrations
            InteractionJson json = new InteractionJson();
            // The physical limit: values ready to bind, as the store has them after mapping.
            List<String> jsonRows = rows.stream().map(i -> json.write(i.withRaw(null))).toList();
            long start = System.nanoTime();
            runSliced(rows.size(), batchSize, threads, (from, to) -> {
                try (Connection c = db.dataSource.getConnection()) {
                    c.setAutoCommit(false);
                    try (PreparedStatement ps = c.prepareStatement(RAW_INSERT)) {
                        Timestamp now = Timestamp.from(Instant.now());
                        for (int i = from; i < to; i++) {
                            bind(ps, rows.get(i), jsonRows.get(i), now);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    c.commit();
                }
                return 0L;
            });
            long elapsed = System.nanoTime() - start;
            return new long[] {elapsed, count(db.dataSource)};
        }
    }

    private static long countAssessed(javax.sql.DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM interactions WHERE sentiment IS NOT NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Returns {elapsed nanos, rows in the table, rows stored with an assessment, then one latency per batch}. */
    private static long[] parleyIngest(List<Interaction> rows, int batchSize, int threads, Path dir, String name,
                                       String h2Options, Function<InteractionStore, Assessor> assessor) throws Exception {
        try (BenchDatabase db = new BenchDatabase(dir, name, h2Options)) {
            ParleyDatabase database = new ParleyDatabase(db.dataSource);
            JdbcInteractionStore store = new JdbcInteractionStore(database);
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.addComponent("parley", new ParleyComponent(new JdbcChannelStateStore(database), new JdbcDeadLetterStore(database),
                    new JdbcCrmOutbox(database), new OutboundRegistry()));
            camel.addRoutes(new IngestRoutes(store, assessor.apply(store), DEFAULT_INGEST));
            camel.start();
            try {
                ProducerTemplate template = camel.createProducerTemplate();
                long start = System.nanoTime();
                List<Long> latencies = runSliced(rows.size(), batchSize, threads, (from, to) -> {
                    IngestBatch batch = new IngestBatch("bench", "account-" + (from / batchSize) % threads,
                            rows.subList(from, to), List.of(), "cursor-" + to);
                    long sent = System.nanoTime();
                    template.sendBody("parley:ingest?channel=bench&account=account-" + (from / batchSize) % threads, batch);
                    return System.nanoTime() - sent;
                });
                long elapsed = System.nanoTime() - start;
                long[] out = new long[3 + latencies.size()];
                out[0] = elapsed;
                out[1] = store.count();
                out[2] = countAssessed(db.dataSource);
                for (int i = 0; i < latencies.size(); i++) {
                    out[3 + i] = latencies.get(i);
                }
                return out;
            } finally {
                camel.stop();
            }
        }
    }

    @FunctionalInterface
    private interface Slice {
        long run(int from, int to) throws Exception;
    }

    /** Runs [0,size) in batches, the batches spread over the threads; returns what each batch returned. */
    private static List<Long> runSliced(int size, int batchSize, int threads, Slice slice) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<Long> results = new ArrayList<>();
                    for (int from = thread * batchSize; from < size; from += threads * batchSize) {
                        results.add(slice.run(from, Math.min(size, from + batchSize)));
                    }
                    return results;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                all.addAll(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void bind(PreparedStatement ps, Interaction in, String json, Timestamp now) throws SQLException {
        ps.setString(1, in.channel());
        ps.setString(2, in.externalId());
        ps.setString(3, in.kind().name());
        ps.setString(4, in.account());
        ps.setString(5, in.author().handle());
        ps.setString(6, in.author().displayName());
        ps.setString(7, in.text());
        ps.setString(8, in.url());
        ps.setTimestamp(9, Timestamp.from(in.occurredAt()));
        ps.setString(10, in.inReplyTo());
        ps.setString(11, in.threadId());
        ps.setString(12, in.language());
        ps.setLong(13, in.metrics().likes());
        ps.setLong(14, in.metrics().shares());
        ps.setLong(15, in.metrics().replies());
        if (in.rating() == null) {
            ps.setNull(16, Types.SMALLINT);
        } else {
            ps.setInt(16, in.rating());
        }
        ps.setString(17, json);
        ps.setString(18, in.raw());
        ps.setTimestamp(19, now);
    }

    private static long count(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM interactions")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** The pipeline's shipped defaults (the values of IngestRoutes.Config). */
    private static final IngestRoutes.Config DEFAULT_INGEST = new IngestRoutes.Config() {
        public Class<? extends Annotation> annotationType() { return IngestRoutes.Config.class; }
        public int maximumRedeliveries() { return 5; }
        public long redeliveryDelayMillis() { return 200; }
        public long maximumRedeliveryDelayMillis() { return 10_000; }
        public int recentKeys() { return 100_000; }
    };

    private IngestBenchmark() {
    }
}
