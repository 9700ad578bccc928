package org.parley.engine.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.parley.engine.internal.TestSupport.fastConfig;
import static org.parley.engine.internal.TestSupport.person;
import static org.parley.engine.internal.TestSupport.personWithEmail;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.api.ContactRef;
import org.parley.api.CrmException;
import org.parley.api.CrmOutbox.Status;
import org.parley.api.CrmStatus;
import org.parley.api.SocialIdentity;
import org.parley.engine.internal.TestSupport.World;

class OutboxWorkerTest {

    private final World world = new World();
    private final FakeCrmConnector crm = world.crm;
    private final InMemoryCrmOutbox outbox = world.outbox;
    private final List<OutboxWorker> workers = new ArrayList<>();

    private OutboxWorker start(Object... overrides) {
        OutboxWorker w = world.worker(fastConfig(overrides));
        workers.add(w);
        return w;
    }

    @AfterEach
    void stop() {
        crm.openGate();
        workers.forEach(OutboxWorker::deactivate);
    }

    private Status status(long id) {
        return outbox.get(id).status();
    }

    private void awaitDone(long... ids) {
        await().atMost(10, SECONDS).untilAsserted(() -> {
            for (long id : ids) {
                assertThat(status(id)).as("row " + id).isEqualTo(Status.DONE);
            }
        });
    }

    private ContactRef writtenOn(long id) {
        return crm.historyOf(outbox.get(id).interaction()).orElseThrow().record();
    }

    @Test
    void anAuthorMatchedByEmailOrHandleIsWrittenOnThatContact() {
        crm.contactWithEmail("ann@example.com", "c-ann").contactWithHandle("mastodon", "@bob@social", "c-bob");
        long ann = world.ingest(personWithEmail("mail", "ann@example.com", "ann@example.com"));
        long bob = world.ingest(person("mastodon", "@bob@social"));

        start();

        awaitDone(ann, bob);
        assertThat(writtenOn(ann).id()).isEqualTo("c-ann");
        assertThat(writtenOn(bob).id()).isEqualTo("c-bob");
        assertThat(outbox.get(ann).crmId()).startsWith("note-");
        assertThat(crm.leads()).isEmpty();
    }

    @Test
    void tagChangesAreDrainedWithHistoryRowsIntoTheCrmsLists() {
        crm.contactWithHandle("mastodon", "@bob@social", "c-bob");
        ContactRef bob = ContactRef.contact("c-bob", ContactRef.Method.MANUAL, 1.0);
        long history = world.ingest(person("mastodon", "@bob@social"));
        long vip = world.tagChange(bob, "vip", true);
        long press = world.tagChange(bob, "press", true);

        start();

        awaitDone(history, vip, press);
        assertThat(crm.tagList("vip")).containsExactly("Contacts/c-bob");
        assertThat(crm.tagList("press")).containsExactly("Contacts/c-bob");
        assertThat(writtenOn(history).id()).isEqualTo("c-bob");
    }

    @Test
    void twoCandidatesQueueAReviewAndNothingIsWrittenUntilAPersonChooses() {
        crm.contactWithEmail("cy@example.com", "c-1").contactWithEmail("cy@example.com", "c-2");
        SocialIdentity cy = personWithEmail("mail", "cy@example.com", "cy@example.com");
        long row = world.ingest(cy);
        OutboxWorker worker = start();

        await().atMost(5, SECONDS).until(() -> status(row) == Status.WAITING);
        assertThat(outbox.get(row).waitReason()).isEqualTo("ambiguous: 2 candidates, see parley:links");
        assertThat(crm.writeCalls()).isZero();
        var review = world.links.openReviews(10);
        assertThat(review).hasSize(1);

        world.links.resolveReview(review.get(0).id(), review.get(0).candidates().get(1), "alice");

        awaitDone(row);
        assertThat(writtenOn(row).id()).isEqualTo("c-2");
        assertThat(worker.waitedCount()).isEqualTo(1);
    }

    @Test
    void anUnknownAuthorWaitsUntilTheThirdInteractionThenAllRowsGoToTheNewLead() {
        SocialIdentity dee = person("x", "dee");
        long first = world.ingest(dee);
        long second = world.ingest(dee);
        start();
        await().atMost(5, SECONDS).until(() -> status(first) == Status.WAITING && status(second) == Status.WAITING);
        assertThat(outbox.get(second).waitReason()).startsWith(
                "unknown author: no lead yet under the policy (after 3 interactions or tag prospect)");
        assertThat(crm.leads()).isEmpty();

        long third = world.ingest(dee);

        awaitDone(first, second, third);
        assertThat(crm.leads()).hasSize(1);
        ContactRef lead = crm.leads().get(0);
        assertThat(List.of(writtenOn(first), writtenOn(second), writtenOn(third))).containsOnly(lead);
        assertThat(crm.historyOn(lead)).hasSize(3);
        assertThat(crm.writeCalls()).isEqualTo(3);
    }

    @Test
    void aProspectTagMakesALeadAtOnce() {
        long row = world.ingest(person("x", "eve"), "prospect");

        start();

        awaitDone(row);
        assertThat(crm.leads()).singleElement().isEqualTo(writtenOn(row));
        assertThat(crm.leadSources()).containsExactly("Parley lead policy: tagged prospect");
    }

    @Test
    void aConvertedLeadIsFollowedToItsContact() {
        ContactRef lead = ContactRef.lead("l-7", ContactRef.Method.LEAD_CREATED, 1.0);
        ContactRef contact = ContactRef.contact("c-7", ContactRef.Method.MANUAL, 1.0);
        world.links.link("x", "fay", lead, "auto");
        crm.convert(lead, contact);
        long row = world.ingest(person("x", "fay"));

        start();

        awaitDone(row);
        assertThat(writtenOn(row)).isEqualTo(contact);
        assertThat(world.links.linkOf("x", "fay")).contains(contact);
    }

    @Test
    void aRetryableErrorIsRetriedAfterTheCrmsRetryAfterAndWrittenOnce() {
        crm.contactWithHandle("x", "gus", "c-gus");
        crm.failNextWrites(CrmException.retryable("HTTP 429 Too Many Requests", Duration.ofMillis(400), null));
        long row = world.ingest(person("x", "gus"));
        long started = System.nanoTime();

        OutboxWorker worker = start();

        awaitDone(row);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(crm.writeCalls()).isEqualTo(2);
        assertThat(crm.written()).isEqualTo(1);
        assertThat(outbox.get(row).attempts()).isEqualTo(2);
        CrmStatus.Snapshot s = worker.snapshot();
        assertThat(s.delivered()).isEqualTo(1);
        assertThat(s.failures()).isEqualTo(1);
        assertThat(s.lastError()).isEqualTo("CRM: HTTP 429 Too Many Requests");
        assertThat(s.lastErrorAt()).isNotNull();
    }

    @Test
    void aPermanentErrorFailsTheRowAndItIsNotRetried() {
        crm.contactWithHandle("x", "hal", "c-hal");
        crm.failNextWrites(CrmException.permanent("HTTP 400: invalid parent_type"));
        long row = world.ingest(person("x", "hal"));

        OutboxWorker worker = start();

        await().atMost(5, SECONDS).until(() -> status(row) == Status.FAILED);
        await().during(Duration.ofMillis(300)).atMost(2, SECONDS).until(() -> crm.writeCalls() == 1);
        assertThat(outbox.get(row).error()).contains("HTTP 400: invalid parent_type");
        CrmStatus.Snapshot s = worker.snapshot();
        assertThat(s.breakerState()).isEqualTo("CLOSED");
        assertThat(s.outbox().failed()).isEqualTo(1);
        assertThat(s.connector()).isEqualTo("FakeCrmConnector");
    }

    @Test
    void aCrmDownWhileAThousandRowsWaitDelaysThemLosesNoneAndTheBreakerPreventsARetryStorm() {
        List<SocialIdentity> people = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            SocialIdentity who = person("x", "p" + p);
            world.links.link("x", who.handle(), ContactRef.contact("c-" + p, ContactRef.Method.HANDLE, 0.9), "auto");
            people.add(who);
        }
        List<Long> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(world.ingest(people.get(i % people.size())));
        }
        crm.down(true);

        OutboxWorker worker = start("breakerSlidingWindowSize", 10, "breakerMinimumCalls", 10,
                "breakerFailureRateThreshold", 50f, "breakerPermittedCallsInHalfOpen", 3);

        // Down long enough for the breaker to open, try again and open again several times.
        await().atMost(10, SECONDS).until(() -> worker.breakerOpenedCount() >= 4);
        int callsWhileDown = crm.callsWhileDown();
        assertThat(worker.breakerState()).isIn(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);
        // Without a breaker, 1000 due rows would each have been tried (and retried) by now.
        assertThat(callsWhileDown)
                .as("CRM calls while it was down: the breaker's window, writes in flight, and trial calls per reopen")
                .isLessThanOrEqualTo(10 + 4 + (int) worker.breakerOpenedCount() * (3 + 4));
        assertThat(crm.writeCalls()).isZero();
        assertThat(outbox.count(Status.DONE)).isZero();

        crm.down(false);

        await().atMost(30, SECONDS).until(() -> outbox.count(Status.DONE) == 1000);
        assertThat(crm.written()).isEqualTo(1000);
        assertThat(crm.writeCalls()).as("exactly one write per row").isEqualTo(1000);
        assertThat(outbox.count(Status.FAILED)).isZero();
        assertThat(worker.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(worker.snapshot().delivered()).isEqualTo(1000);
    }

    @Test
    void writesInFlightNeverExceedTheConcurrency() {
        crm.serviceTime(Duration.ofMillis(15));
        List<Long> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            SocialIdentity who = person("x", "q" + (i % 6));
            world.links.link("x", who.handle(), ContactRef.contact("c-q" + (i % 6), ContactRef.Method.HANDLE, 1), "t");
            rows.add(world.ingest(who));
        }

        start("concurrency", 3, "batchSize", 20);

        await().atMost(10, SECONDS).until(() -> outbox.count(Status.DONE) == 60);
        assertThat(crm.maxInFlight()).as("bounded, and actually concurrent").isEqualTo(3);
        assertThat(crm.written()).isEqualTo(60);
    }

    @Test
    void aFullClaimIsFollowedAtOnceByTheNextNotAfterThePollInterval() {
        for (int i = 0; i < 40; i++) {
            SocialIdentity who = person("x", "r" + (i % 4));
            world.links.link("x", who.handle(), ContactRef.contact("c-r" + (i % 4), ContactRef.Method.HANDLE, 1), "t");
            world.ingest(who);
        }

        start("batchSize", 5, "pollInterval", "PT30S");

        await().atMost(5, SECONDS).until(() -> outbox.count(Status.DONE) == 40);
        assertThat(outbox.claimCalls()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void rowsAbandonedByACrashedWorkerComeBackAfterTheLeaseAndAreWrittenOnce() {
        List<Long> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SocialIdentity who = person("x", "s" + (i % 5));
            world.links.link("x", who.handle(), ContactRef.contact("c-s" + (i % 5), ContactRef.Method.HANDLE, 1), "t");
            rows.add(world.ingest(who));
        }
        // The crashed worker: claimed everything, then died.
        assertThat(outbox.claimDue(50, world.clock.instant(), Duration.ofSeconds(1))).hasSize(20);

        start("lease", "PT1S");

        await().during(Duration.ofMillis(500)).atMost(2, SECONDS).until(() -> crm.writeCalls() == 0);
        await().atMost(10, SECONDS).until(() -> outbox.count(Status.DONE) == 20);
        assertThat(crm.writeCalls()).isEqualTo(20);
        assertThat(outbox.all()).allSatisfy(r -> assertThat(r.attempts()).isEqualTo(2));
    }

    @Test
    void aWorkerThatDiesBetweenTheCrmWriteAndTheAcknowledgementDoesNotDoubleTheHistory() {
        for (int i = 0; i < 20; i++) {
            SocialIdentity who = person("x", "t" + (i % 5));
            world.links.link("x", who.handle(), ContactRef.contact("c-t" + (i % 5), ContactRef.Method.HANDLE, 1), "t");
            world.ingest(who);
        }
        outbox.loseNextAcknowledgements(5);

        start("lease", "PT0.5S");

        await().atMost(10, SECONDS).until(() -> outbox.count(Status.DONE) == 20);
        assertThat(crm.writeCalls()).as("5 rows written twice").isEqualTo(25);
        assertThat(crm.written()).as("but one history entry per interaction").isEqualTo(20);
    }

    @Test
    void stoppingWaitsABoundedTimeForWritesInFlightAndLosesNothing() {
        List<Long> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SocialIdentity who = person("x", "u" + i);
            world.links.link("x", who.handle(), ContactRef.contact("c-u" + i, ContactRef.Method.HANDLE, 1), "t");
            rows.add(world.ingest(who));
        }
        crm.closeGate();
        OutboxWorker first = world.worker(fastConfig("concurrency", 2, "lease", "PT1S", "shutdownTimeout", "PT0.2S"));
        await().atMost(5, SECONDS).until(() -> crm.inFlight() == 2);

        long started = System.nanoTime();
        first.deactivate();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(first.releasedCount()).as("queued rows handed back, not kept for the lease").isEqualTo(8);
        assertThat(crm.written()).isZero();
        // The two writes in flight are not interrupted (an interrupt inside JDBC closes embedded H2): they finish.
        assertThat(first.terminated()).isFalse();

        crm.openGate();
        await().atMost(5, SECONDS).until(first::terminated);
        start("lease", "PT1S");

        await().atMost(10, SECONDS).until(() -> outbox.count(Status.DONE) == 10);
        assertThat(crm.written()).isEqualTo(10);
        for (long id : rows) {
            assertThat(outbox.get(id).doneCount()).isEqualTo(1);
        }
    }
}
