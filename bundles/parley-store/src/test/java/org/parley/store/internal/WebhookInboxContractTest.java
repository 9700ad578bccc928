package org.parley.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.parley.api.DeadLetter;
import org.parley.api.WebhookInbox;
import org.parley.api.WebhookInbox.Entry;
import org.parley.api.WebhookInbox.Source;

/**
 * What the webhook inbox must do on every database Parley runs on, run once per database by the subclasses (as
 * {@link StoreContractTest}). One database per class, migrated once; every test starts from empty tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebhookInboxContractTest {

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(1);
    static final Source ACME = new Source("telegram", "acme");
    static final Source OTHER = new Source("telegram", "other");
    static final String REPLAY = "direct:parley-ingress-replay";

    MutableClock clock;
    DataSource dataSource;
    JdbcWebhookInbox inbox;
    JdbcDeadLetterStore deadLetters;

    /** A new, empty database (H2 file, PostgreSQL schema ...) each time it is called. */
    protected abstract DataSource newDatabase(String name) throws Exception;

    @BeforeAll
    void migrateOnce() throws Exception {
        clock = new MutableClock(T0);
        dataSource = newDatabase("inbox");
        ParleyDatabase database = new ParleyDatabase(dataSource, clock);
        inbox = new JdbcWebhookInbox(database);
        deadLetters = new JdbcDeadLetterStore(database);
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM webhook_inbox");
            statement.executeUpdate("DELETE FROM dead_letters");
        }
    }

    @Test
    void aDeliveryIsKeptOnceAndComesBackByteForByteWithItsHeaders() {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i; // every byte value, not only valid UTF-8
        }
        Map<String, List<String>> headers = Map.of("content-type", List.of("application/json"),
                "x-forwarded-proto", List.of("https", "http"));
        Instant received = clock.advance(Duration.ofSeconds(1));

        Optional<Long> first = inbox.add("telegram", "acme", "873100001", headers, body, received);
        Optional<Long> again = inbox.add("telegram", "acme", "873100001", Map.of(), "other".getBytes(StandardCharsets.UTF_8), received);
        Optional<Long> otherAccount = inbox.add("telegram", "other", "873100001", Map.of(), body, received);

        assertThat(first).isPresent();
        assertThat(again).as("a retried delivery").isEmpty();
        assertThat(otherAccount).as("the same id on another account is another delivery").isPresent();

        List<Entry> claimed = inbox.claimDue(List.of(ACME), 10, clock.instant(), LEASE);
        assertThat(claimed).hasSize(1);
        Entry entry = claimed.get(0);
        assertThat(entry.id()).isEqualTo(first.get());
        assertThat(entry.channel()).isEqualTo("telegram");
        assertThat(entry.account()).isEqualTo("acme");
        assertThat(entry.deliveryId()).isEqualTo("873100001");
        assertThat(entry.body()).isEqualTo(body);
        assertThat(entry.headers()).isEqualTo(headers);
        assertThat(entry.receivedAt()).isEqualTo(received);
        assertThat(entry.attempts()).isEqualTo(1);
    }

    @Test
    void aBodyOfTheIngressSizeLimitFits() {
        byte[] body = new byte[1024 * 1024];
        new Random(7).nextBytes(body);
        long id = inbox.add("meta", "page-1", "sha256:big", Map.of(), body, clock.instant()).orElseThrow();

        Entry entry = inbox.claimDue(List.of(new Source("meta", "page-1")), 1, clock.instant(), LEASE).get(0);

        assertThat(entry.id()).isEqualTo(id);
        assertThat(entry.body()).isEqualTo(body);
        assertThat(entry.headers()).isEmpty();
    }

    @Test
    void aClaimedRowIsLeasedAndComesBackWhenTheLeaseRunsOut() {
        long id = add(ACME, "1");

        assertThat(inbox.claimDue(List.of(ACME), 10, clock.instant(), LEASE)).extracting(Entry::id).containsExactly(id);
        assertThat(inbox.claimDue(List.of(ACME), 10, clock.advance(Duration.ofSeconds(59)), LEASE))
                .as("leased to the first claim").isEmpty();

        List<Entry> again = inbox.claimDue(List.of(ACME), 10, clock.advance(Duration.ofSeconds(1)), LEASE);

        assertThat(again).extracting(Entry::id).containsExactly(id);
        assertThat(again.get(0).attempts()).isEqualTo(2);
    }

    @Test
    void onlyRowsOfTheGivenSourcesAreClaimedTheOthersWait() {
        long acme = add(ACME, "1");
        long other = add(OTHER, "1");
        long meta = add(new Source("meta", "acme"), "1");

        assertThat(inbox.claimDue(List.of(ACME), 10, clock.instant(), LEASE)).extracting(Entry::id).containsExactly(acme);
        assertThat(inbox.claimDue(List.of(), 10, clock.instant(), LEASE)).isEmpty();
        assertThat(stats(OTHER).pending()).isEqualTo(1);

        assertThat(inbox.claimDue(List.of(OTHER, new Source("meta", "acme")), 10, clock.instant(), LEASE))
                .extracting(Entry::id).containsExactlyInAnyOrder(other, meta);
    }

    @Test
    void manySourcesAreClaimedInChunks() {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < WebhookInboxRows.MAX_SOURCES * 2 + 3; i++) {
            sources.add(new Source("meta", "page-" + i));
        }
        long last = add(sources.get(sources.size() - 1), "x");
        long first = add(sources.get(0), "x");

        assertThat(inbox.claimDue(sources, 10, clock.instant(), LEASE)).extracting(Entry::id)
                .containsExactlyInAnyOrder(first, last);
    }

    @Test
    void claimsHonourTheLimitAndReturnOldestFirst() {
        long a = add(ACME, "a");
        clock.advance(Duration.ofSeconds(1));
        long b = add(ACME, "b");
        clock.advance(Duration.ofSeconds(1));
        long c = add(ACME, "c");

        assertThat(inbox.claimDue(List.of(ACME), 2, clock.instant(), LEASE)).extracting(Entry::id).containsExactly(a, b);
        assertThat(inbox.claimDue(List.of(ACME), 2, clock.instant(), LEASE)).extracting(Entry::id).containsExactly(c);
    }

    @Test
    void aDoneRowIsNeverClaimedAgainAndALateMoveChangesNothing() {
        long id = add(ACME, "1");
        inbox.claimDue(List.of(ACME), 1, clock.instant(), LEASE);

        inbox.done(id, clock.instant());
        inbox.retryAt(id, clock.instant(), "late worker"); // a worker whose lease ran out
        inbox.done(id, clock.instant());

        assertThat(inbox.claimDue(List.of(ACME), 10, clock.advance(Duration.ofHours(1)), LEASE)).isEmpty();
        assertThat(inbox.stats(clock.instant())).isEmpty();
        assertThatThrownBy(() -> inbox.done(-1, clock.instant())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("there is no webhook delivery -1");
        // Processed, the delivery keeps its id (to recognise a retry) and nothing of what was said.
        try (Connection connection = dataSource.getConnection(); var ps = connection.prepareStatement(
                "SELECT body, headers_json FROM webhook_inbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes("body")).isEmpty();
                assertThat(rs.getString("headers_json")).isNull();
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(inbox.add(ACME.channel(), ACME.account(), "1", Map.of(), new byte[] {1}, clock.instant()))
                .as("a retried delivery is still recognised").isEmpty();
        assertThatThrownBy(() -> inbox.retryAt(-1, clock.instant(), "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inbox.failed(-1, "x", REPLAY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRetryWaitsUntilItsTimeAndKeepsTheError() {
        long id = add(ACME, "1");
        inbox.claimDue(List.of(ACME), 1, clock.instant(), LEASE);

        inbox.retryAt(id, clock.instant().plusSeconds(30), "the store is restarting");

        assertThat(inbox.claimDue(List.of(ACME), 1, clock.advance(Duration.ofSeconds(29)), LEASE)).isEmpty();
        assertThat(stats(ACME).lastError()).isEqualTo("the store is restarting");
        assertThat(inbox.claimDue(List.of(ACME), 1, clock.advance(Duration.ofSeconds(1)), LEASE))
                .extracting(Entry::id).containsExactly(id);
    }

    @Test
    void aFailedRowBecomesOneDeadLetterWithItsBodyAndReason() {
        byte[] body = "{\"update_id\":5,\"message\":{}}".getBytes(StandardCharsets.UTF_8);
        long id = inbox.add("telegram", "acme", "5", Map.of(), body, clock.instant()).orElseThrow();
        inbox.claimDue(List.of(ACME), 1, clock.instant(), LEASE);

        inbox.failed(id, "update 5: message has no chat.id or message_id", REPLAY);
        inbox.failed(id, "again, from a late worker", REPLAY);

        List<DeadLetter> letters = deadLetters.list("telegram", false, 10);
        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.get(0);
        assertThat(letter.account()).isEqualTo("acme");
        assertThat(letter.reason()).isEqualTo("update 5: message has no chat.id or message_id");
        assertThat(letter.payload()).isEqualTo("{\"update_id\":5,\"message\":{}}");
        assertThat(letter.replayUri()).isEqualTo(REPLAY);
        assertThat(inbox.claimDue(List.of(ACME), 1, clock.advance(Duration.ofHours(1)), LEASE)).isEmpty();
        assertThat(stats(ACME).failed()).isEqualTo(1);
        assertThat(stats(ACME).pending()).isZero();
    }

    @Test
    void statsCountPendingAndFailedPerSourceWithTheOldestPendingAge() {
        add(ACME, "1");
        clock.advance(Duration.ofMinutes(5));
        add(ACME, "2");
        long failed = add(OTHER, "1");
        inbox.claimDue(List.of(OTHER), 1, clock.instant(), LEASE);
        inbox.failed(failed, "cannot be mapped", REPLAY);

        clock.advance(Duration.ofMinutes(1));
        WebhookInbox.Counts acme = stats(ACME);
        WebhookInbox.Counts other = stats(OTHER);

        assertThat(acme.pending()).isEqualTo(2);
        assertThat(acme.failed()).isZero();
        assertThat(acme.oldestPending()).isEqualTo(Duration.ofMinutes(6));
        assertThat(other.pending()).isZero();
        assertThat(other.failed()).isEqualTo(1);
        assertThat(other.oldestPending()).isZero();
    }

    @Test
    void purgingRemovesOnlyOldFinishedRows() {
        long done = add(ACME, "old-done");
        long failed = add(ACME, "old-failed");
        add(ACME, "old-pending");
        inbox.claimDue(List.of(ACME), 2, clock.instant(), LEASE);
        inbox.done(done, clock.instant());
        inbox.failed(failed, "x", REPLAY);
        clock.advance(Duration.ofDays(8));
        long recent = add(ACME, "recent");
        inbox.done(recent, clock.instant());

        assertThat(inbox.purgeFinished(clock.instant().minus(Duration.ofDays(7)))).isEqualTo(2);

        assertThat(stats(ACME).pending()).isEqualTo(1);
        assertThat(inbox.add("telegram", "acme", "recent", Map.of(), new byte[0], clock.instant()))
                .as("still recognised within the retention window").isEmpty();
        assertThat(inbox.add("telegram", "acme", "old-done", Map.of(), new byte[0], clock.instant()))
                .as("forgotten after it").isPresent();
    }

    @Test
    void racingCommitsOfOneDeliveryStoreItOnce() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                String deliveryId = "race-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<Long>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return inbox.add("telegram", "acme", deliveryId, Map.of(), new byte[] {1}, clock.instant());
                    }));
                }
                start.countDown();
                int stored = 0;
                for (Future<Optional<Long>> result : results) {
                    stored += result.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
                }
                assertThat(stored).as(deliveryId).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(stats(ACME).pending()).isEqualTo(20);
    }

    @Test
    void racingClaimsNeverReturnTheSameRow() throws Exception {
        for (int i = 0; i < 200; i++) {
            add(ACME, Integer.toString(i));
        }
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Long> twice = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(() -> {
                    List<Entry> claimed;
                    do {
                        claimed = inbox.claimDue(List.of(ACME), 7, clock.instant(), LEASE);
                        for (Entry entry : claimed) {
                            if (!seen.add(entry.id())) {
                                twice.add(entry.id());
                            }
                        }
                    } while (!claimed.isEmpty());
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(workers, 60, TimeUnit.SECONDS)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(twice).isEmpty();
        assertThat(seen).hasSize(200);
    }

    @Test
    void wrongArgumentsAreRefusedWithTheReason() {
        Instant now = clock.instant();
        byte[] body = new byte[0];
        assertThatThrownBy(() -> inbox.add(" ", "acme", "1", Map.of(), body, now))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("channel is required");
        assertThatThrownBy(() -> inbox.add("telegram", "acme", "x".repeat(256), Map.of(), body, now))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deliveryId is 256 characters long; at most 255 fit");
        assertThatThrownBy(() -> inbox.claimDue(List.of(ACME), 0, now, LEASE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> inbox.claimDue(List.of(ACME), 1, now, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private long add(Source source, String deliveryId) {
        return inbox.add(source.channel(), source.account(), deliveryId, Map.of(),
                ("{\"id\":\"" + deliveryId + "\"}").getBytes(StandardCharsets.UTF_8), clock.instant()).orElseThrow();
    }

    private WebhookInbox.Counts stats(Source source) {
        return inbox.stats(clock.instant()).stream().filter(c -> c.source().equals(source)).findFirst()
                .orElse(new WebhookInbox.Counts(source, 0, 0, Duration.ZERO, null));
    }
}
