package org.parley.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterReplayer;
import org.parley.api.Interaction;
import org.parley.camel.internal.CamelDeadLetterReplayer;
import org.parley.channel.testkit.ParleyHarness;

/** What happens to committed deliveries: processed once, whatever stops, fails or goes away in between. */
class InboxWorkerTest {

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
    void deliveriesCommittedWhileNoWorkerRanAreProcessedByTheNextOne() throws Exception {
        ingress = new IngressHarness(work);
        ingress.register("acme");
        InboxWorker first = ingress.startWorker();
        ingress.stopWorker(first);

        for (int i = 0; i < 5; i++) {
            assertThat(ingress.postSigned("acme", IngressHarness.event("down-" + i, "message " + i)).statusCode()).isEqualTo(200);
        }
        assertThat(ingress.stored()).isEmpty();
        assertThat(ingress.inboxCounts("acme").pending()).isEqualTo(5);

        ingress.startWorker();

        await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.stored().size() == 5);
        await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.inboxCounts("acme").pending() == 0);
        assertThat(ingress.parley.offeredTwice()).isEmpty();
    }

    @Test
    void aWorkerThatDiesHoldingClaimsLosesNothingTheNextTakesThemWhenTheLeaseRunsOut() throws Exception {
        ingress = new IngressHarness(work, "workerThreads", "1");
        HookTestEndpoint dying = ingress.register("acme");
        CountDownLatch never = new CountDownLatch(1);
        dying.stuck = never;
        InboxWorker crashed = ingress.startWorker();
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(ingress.postSigned("acme", IngressHarness.event("crash-" + i, "message " + i)).statusCode())
                        .isEqualTo(200);
            }
            // The worker holds the rows, one of them in the middle of processing, and dies.
            await().atMost(ParleyHarness.PATIENCE).until(() -> dying.mapped.get() >= 1);
            crashed.halt();
            ingress.unregister(dying);
            HookTestEndpoint healthy = ingress.register("acme");

            long restartedAt = System.nanoTime();
            ingress.startWorker();

            await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.stored().size() == 3);
            assertThat(Duration.ofNanos(System.nanoTime() - restartedAt))
                    .as("the rows came back when their lease ran out").isGreaterThan(Duration.ofSeconds(1));
            assertThat(healthy.mapped.get()).isEqualTo(3);
            await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.inboxCounts("acme").pending() == 0);
        } finally {
            never.countDown();
        }
    }

    @Test
    void aDeliveryThatCannotBeMappedBecomesADeadLetterAndIsStoredWhenReplayedAfterTheFix() throws Exception {
        ingress = new IngressHarness(work);
        HookTestEndpoint endpoint = ingress.register("acme");
        ingress.startWorker();
        endpoint.nextMapFailure.set(new IllegalArgumentException("message type 'sticker_v9' is not supported yet"));

        assertThat(ingress.postSigned("acme", IngressHarness.event("evt-dl", "a sticker")).statusCode()).isEqualTo(200);

        await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.parley.deadLetters("hooktest").size() == 1);
        DeadLetter letter = ingress.parley.deadLetters("hooktest").get(0);
        assertThat(letter.reason()).isEqualTo("the hooktest delivery cannot be mapped: IllegalArgumentException: "
                + "message type 'sticker_v9' is not supported yet");
        assertThat(letter.payload()).isEqualTo(new String(IngressHarness.event("evt-dl", "a sticker")));
        assertThat(ingress.stored()).isEmpty();

        // The channel bundle is fixed (the next map works): a person replays the dead letter.
        DeadLetterReplayer replayer = new CamelDeadLetterReplayer(ingress.parley.camel(), ingress.parley.deadLetters());
        DeadLetterReplayer.Outcome outcome = replayer.replay(letter.id());

        assertThat(outcome.succeeded()).as(outcome.message()).isTrue();
        assertThat(ingress.stored()).extracting(Interaction::externalId).containsExactly("evt-dl");
        assertThat(ingress.parley.deadLetters().find(letter.id()).orElseThrow().pending()).isFalse();
    }

    @Test
    void aReplayThatFailsAgainKeepsTheDeadLetterWithTheNewReason() throws Exception {
        ingress = new IngressHarness(work);
        ingress.register("acme");
        ingress.startWorker();
        assertThat(ingress.postSigned("acme", "{\"id\":\"evt-bad\"}".getBytes()).statusCode()).isEqualTo(200);
        await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.parley.deadLetters("hooktest").size() == 1);
        DeadLetter letter = ingress.parley.deadLetters("hooktest").get(0);
        assertThat(letter.reason()).contains("event 'evt-bad' has no id or no text");

        DeadLetterReplayer.Outcome outcome = new CamelDeadLetterReplayer(ingress.parley.camel(), ingress.parley.deadLetters())
                .replay(letter.id());

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("event 'evt-bad' has no id or no text");
        assertThat(ingress.parley.deadLetters().find(letter.id()).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void aFailureThatMayPassIsRetriedWithBackoffAndStoredOnce() throws Exception {
        ingress = new IngressHarness(work);
        HookTestEndpoint endpoint = ingress.register("acme");
        endpoint.nextMapFailure.set(new IllegalStateException("the channel's API is restarting"));
        ingress.startWorker();

        assertThat(ingress.postSigned("acme", IngressHarness.event("evt-retry", "try again")).statusCode()).isEqualTo(200);

        await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.stored().size() == 1);
        assertThat(endpoint.mapped.get()).isEqualTo(2);
        assertThat(ingress.parley.deadLetters("hooktest")).isEmpty();
    }

    @Test
    void rowsOfAnAccountWhoseEndpointIsGoneWaitUntilItComesBack() throws Exception {
        ingress = new IngressHarness(work);
        HookTestEndpoint acme = ingress.register("acme");
        ingress.register("other");
        assertThat(ingress.postSigned("acme", IngressHarness.event("wait-1", "for later")).statusCode()).isEqualTo(200);
        ingress.unregister(acme); // the channel account's configuration was removed
        ingress.startWorker();
        assertThat(ingress.postSigned("other", IngressHarness.event("go-1", "now")).statusCode()).isEqualTo(200);

        await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.stored().size() == 1);
        assertThat(ingress.stored().get(0).externalId()).isEqualTo("go-1");
        assertThat(ingress.inboxCounts("acme").pending()).isEqualTo(1);
        assertThat(IngressListenerTest.account(ingress.listener.snapshot(), "acme").registered()).isFalse();
        assertThat(acme.mapped.get()).isZero();

        ingress.register(acme);

        await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.stored().size() == 2);
        assertThat(ingress.inboxCounts("acme").pending()).isZero();
    }

    @Test
    void theBackoffDoublesUpToItsLongest() {
        DeliveryProcessor processor = new DeliveryProcessor(null, null, null,
                IngressHarness.settings("retryInitial", "PT5S", "retryMax", "PT1M"), java.time.Clock.systemUTC());

        assertThat(processor.backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(processor.backoff(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(processor.backoff(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(processor.backoff(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(processor.backoff(500)).isEqualTo(Duration.ofMinutes(1));
    }
}
