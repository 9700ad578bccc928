package org.parley.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.engine.internal.TestSupport.config;
import static org.parley.engine.internal.TestSupport.person;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.api.ContactRef;
import org.parley.api.CrmException;
import org.parley.api.CrmOutbox;
import org.parley.api.CrmOutbox.Status;
import org.parley.api.Interaction;
import org.parley.api.SocialIdentity;
import org.parley.engine.internal.TestSupport.World;

class CrmDeliveryTest {

    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final World world = new World(clock);
    private final OutboxSettings settings = OutboxSettings.from(config(
            "backoffInitial", "PT10S", "backoffMultiplier", 2.0, "backoffRandomization", 0.5, "backoffMax", "PT1H"));
    private final CrmDelivery delivery = new CrmDelivery(world.crm, world.links, world.outbox, settings.leadPolicy(),
            CrmDelivery.backoff(settings), clock);
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private CrmOutbox.Entry claimOne() {
        return world.outbox.claimDue(1, clock.instant(), Duration.ofMinutes(2)).get(0);
    }

    @Test
    void aLinkedAuthorsInteractionIsWrittenAndTheRowDone() {
        world.crm.contactWithHandle("x", "ann", "c-ann");
        long id = world.ingest(person("x", "ann"));

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(world.outbox.get(id).status()).isEqualTo(Status.DONE);
        assertThat(world.outbox.get(id).crmId()).isEqualTo(r.message()).startsWith("note-");
        assertThat(world.crm.historyOf(world.outbox.get(id).interaction())).get()
                .extracting(FakeCrmConnector.Written::record).extracting(ContactRef::id).isEqualTo("c-ann");
    }

    @Test
    void aRetryableErrorIsRetriedAfterTheBackoffWithJitter() {
        world.crm.contactWithHandle("x", "ann", "c-ann");
        long id = world.ingest(person("x", "ann"));
        world.crm.failNextWrites(CrmException.retryable("HTTP 503 from SuiteCRM", null, null));

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.RETRY);
        assertThat(r.crmFailure()).isTrue();
        var row = world.outbox.get(id);
        assertThat(row.status()).isEqualTo(Status.PENDING);
        assertThat(row.error()).isEqualTo("CRM: HTTP 503 from SuiteCRM");
        // attempt 1: 10 s +/- 50 %
        assertThat(row.nextAt()).isBetween(T0.plusSeconds(5), T0.plusSeconds(15));
    }

    @Test
    void theBackoffGrowsExponentiallyAndIsCapped() {
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 30; attempt++) {
            waits.add(Duration.between(T0, delivery.nextAttempt(attempt, null, T0)));
        }
        assertThat(waits.get(0)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));
        assertThat(waits.get(3)).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(120)); // 80 s +/- 50 %
        assertThat(waits).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofHours(1)));
        assertThat(waits.subList(20, 30)).allSatisfy(w -> assertThat(w).isGreaterThan(Duration.ofMinutes(20)));
    }

    @Test
    void theCrmsRetryAfterWinsWhenLonger() {
        world.crm.contactWithHandle("x", "ann", "c-ann");
        long id = world.ingest(person("x", "ann"));
        world.crm.failNextWrites(CrmException.retryable("HTTP 429", Duration.ofMinutes(5), null));

        delivery.deliver(claimOne());

        assertThat(world.outbox.get(id).nextAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(delivery.nextAttempt(1, Duration.ofSeconds(1), T0)).isAfter(T0.plusSeconds(4));
    }

    @Test
    void aPermanentErrorFailsTheRowWithTheCrmsMessage() {
        world.crm.contactWithHandle("x", "ann", "c-ann");
        long id = world.ingest(person("x", "ann"));
        world.crm.failNextWrites(CrmException.permanent("HTTP 422: field description too long"));

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.FAILED);
        assertThat(r.crmFailure()).as("the CRM answered: not a breaker failure").isFalse();
        assertThat(world.outbox.get(id).status()).isEqualTo(Status.FAILED);
        assertThat(world.outbox.get(id).error()).contains("CRM refused x:").contains("HTTP 422: field description too long");
    }

    @Test
    void aConnectorBugIsRetriedNotLost() {
        world.crm.contactWithHandle("x", "ann", "c-ann");
        long id = world.ingest(person("x", "ann"));
        world.crm.failNextWrites(new IllegalStateException("NPE-ish"));

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.RETRY);
        assertThat(world.outbox.get(id).status()).isEqualTo(Status.PENDING);
        assertThat(world.outbox.get(id).error()).contains("unexpected java.lang.IllegalStateException from writeHistory");
    }

    @Test
    void anInteractionWithoutAuthorFails() {
        Interaction orphan = Interaction.builder("x", "m-orphan").text("?").build();
        long id = world.outbox.add(orphan);

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.FAILED);
        assertThat(world.outbox.get(id).error()).isEqualTo(
                "interaction x:m-orphan has no author (channel and handle): it cannot be linked to a CRM record");
    }

    @Test
    void anUnknownAuthorWaitsAndIsWokenWhenTheLeadIsCreated() {
        SocialIdentity u = person("x", "uma");
        long first = world.ingest(u);
        delivery.deliver(claimOne());
        long second = world.ingest(u);
        delivery.deliver(claimOne());
        assertThat(world.outbox.get(first).status()).isEqualTo(Status.WAITING);
        assertThat(world.outbox.get(second).waitReason()).isEqualTo(
                "unknown author: no lead yet under the policy (after 3 interactions or tag prospect); 2 interactions so far");
        assertThat(world.crm.writeCalls()).isZero();

        long third = world.ingest(u);
        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(world.outbox.get(third).status()).isEqualTo(Status.DONE);
        assertThat(world.outbox.get(first).status()).as("woken").isEqualTo(Status.PENDING);
        assertThat(world.outbox.get(second).status()).as("woken").isEqualTo(Status.PENDING);
    }

    @Test
    void concurrentRowsOfOneUnknownAuthorMakeOneLead() throws Exception {
        SocialIdentity v = person("x", "vic");
        for (int i = 0; i < 8; i++) {
            world.ingest(v, "prospect");
        }
        world.crm.serviceTime(Duration.ofMillis(5));
        List<CrmOutbox.Entry> entries = world.outbox.claimDue(8, clock.instant(), Duration.ofMinutes(2));
        pool = Executors.newFixedThreadPool(8);
        List<Callable<CrmDelivery.Result>> jobs = new ArrayList<>();
        entries.forEach(e -> jobs.add(() -> delivery.deliver(e)));

        List<Future<CrmDelivery.Result>> results = pool.invokeAll(jobs);

        for (Future<CrmDelivery.Result> f : results) {
            assertThat(f.get().kind()).isEqualTo(CrmDelivery.Kind.DONE);
        }
        assertThat(world.crm.leads()).hasSize(1);
        assertThat(world.crm.historyOn(world.crm.leads().get(0))).hasSize(8);
    }
}
