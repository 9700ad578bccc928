package org.parley.ingress.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.WebhookInbox;
import org.parley.channel.testkit.ParleyHarness;
import org.parley.ingress.IngressStats;
import org.parley.ingress.Verdict;

/**
 * The listener over real HTTP: what is refused (and how it is counted), what is committed before it is
 * acknowledged, and how the answer reads. The worker runs only where processing is part of the point.
 */
class IngressListenerTest {

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
    void aSignedDeliveryIsCommittedBeforeItIsAcknowledgedAndThenStoredAsAnInteraction() throws Exception {
        ingress = new IngressHarness(work);
        ingress.register("acme");

        HttpResponse<String> answer = ingress.postSigned("acme", IngressHarness.event("evt-1", "Where is my parcel?"),
                "X-Hook-Event", "message");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("OK");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answer.headers().firstValue("Server")).isEmpty();
        // Acknowledged means committed: the row is there before any worker ran.
        assertThat(ingress.inboxCounts("acme").pending()).isEqualTo(1);
        WebhookInbox.Entry entry = ingress.inbox.claimDue(List.of(new WebhookInbox.Source("hooktest", "acme")), 1,
                java.time.Instant.now(), java.time.Duration.ofMillis(1)).get(0);
        assertThat(entry.deliveryId()).isEqualTo("evt-1");
        assertThat(entry.headers()).containsOnlyKeys("content-type", "x-hook-event")
                .as("no signature or other header is kept").doesNotContainKey("x-hook-signature");

        ingress.startWorker();
        await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.stored().size() == 1);
        Interaction stored = ingress.stored().get(0);
        assertThat(stored.externalId()).isEqualTo("evt-1");
        assertThat(stored.kind()).isEqualTo(InteractionKind.DIRECT_MESSAGE);
        assertThat(stored.account()).isEqualTo("acme");
        assertThat(stored.text()).isEqualTo("Where is my parcel?");
        await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.inboxCounts("acme").pending() == 0);
        IngressStats.Account counts = account(ingress.listener.snapshot(), "acme");
        assertThat(counts.accepted()).isEqualTo(1);
        assertThat(counts.registered()).isTrue();
    }

    @Test
    void unsignedForgedStaleAndReplayedRequestsAreRefusedCountedAndNeverStored() throws Exception {
        ingress = new IngressHarness(work);
        ingress.register("acme");
        ingress.startWorker();
        byte[] body = IngressHarness.event("evt-2", "hello");
        String now = Long.toString(System.currentTimeMillis() / 1000);

        HttpResponse<String> unsigned = ingress.post(ingress.hookPath("acme"), body);
        HttpResponse<String> forged = ingress.post(ingress.hookPath("acme"), body, "X-Hook-Timestamp", now,
                "X-Hook-Nonce", "n-1", "X-Hook-Signature", HookTestEndpoint.sign(now, "n-1", "{\"id\":\"other\"}".getBytes()));
        byte[] tampered = IngressHarness.event("evt-2", "hello, I changed the text after signing");
        HttpResponse<String> tamperedAnswer = ingress.post(ingress.hookPath("acme"), tampered, "X-Hook-Timestamp", now,
                "X-Hook-Nonce", "n-2", "X-Hook-Signature", HookTestEndpoint.sign(now, "n-2", body));
        String old = Long.toString(System.currentTimeMillis() / 1000 - 3600);
        HttpResponse<String> stale = ingress.post(ingress.hookPath("acme"), body, "X-Hook-Timestamp", old,
                "X-Hook-Nonce", "n-3", "X-Hook-Signature", HookTestEndpoint.sign(old, "n-3", body));
        String signature = HookTestEndpoint.sign(now, "n-4", body);
        HttpResponse<String> first = ingress.post(ingress.hookPath("acme"), body, "X-Hook-Timestamp", now,
                "X-Hook-Nonce", "n-4", "X-Hook-Signature", signature);
        HttpResponse<String> replayed = ingress.post(ingress.hookPath("acme"), body, "X-Hook-Timestamp", now,
                "X-Hook-Nonce", "n-4", "X-Hook-Signature", signature);

        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(tamperedAnswer.statusCode()).isEqualTo(403);
        assertThat(stale.statusCode()).isEqualTo(403);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(replayed.statusCode()).isEqualTo(403);
        IngressStats.Account counts = account(ingress.listener.snapshot(), "acme");
        assertThat(counts.refused(Verdict.Outcome.UNSIGNED)).isEqualTo(1);
        assertThat(counts.refused(Verdict.Outcome.FORGED)).isEqualTo(2);
        assertThat(counts.refused(Verdict.Outcome.STALE)).isEqualTo(1);
        assertThat(counts.refused(Verdict.Outcome.REPLAYED)).isEqualTo(1);
        assertThat(counts.accepted()).isEqualTo(1);
        // The same counts, as parley:status reads them.
        assertThat(ingress.listener.refused()).singleElement().satisfies(r -> {
            assertThat(r.account()).isEqualTo("acme");
            assertThat(r.byReason()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("unsigned", 1L, "forged", 2L, "stale", 1L, "replayed", 1L));
        });
        // Only the one genuine delivery reached the inbox and the store.
        assertThat(ingress.inboxRows()).isEqualTo(1);
        await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.stored().size() == 1);
        assertThat(ingress.stored().get(0).text()).isEqualTo("hello");
    }

    @Test
    void aDeliveryTheChannelRetriesIsAcknowledgedAgainButStoredOnce() throws Exception {
        ingress = new IngressHarness(work);
        ingress.register("acme");
        byte[] body = IngressHarness.event("evt-3", "retried by the channel");

        HttpResponse<String> first = ingress.postSigned("acme", body);
        HttpResponse<String> retry = ingress.postSigned("acme", body); // a new signature, the same delivery

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(ingress.inboxRows()).isEqualTo(1);
        IngressStats.Account counts = account(ingress.listener.snapshot(), "acme");
        assertThat(counts.accepted()).isEqualTo(1);
        assertThat(counts.duplicates()).isEqualTo(1);
        ingress.startWorker();
        await().atMost(ParleyHarness.PATIENCE).until(() -> ingress.inboxCounts("acme").pending() == 0);
        assertThat(ingress.stored()).hasSize(1);
        assertThat(ingress.parley.offeredTwice()).isEmpty();
    }

    @Test
    void aDeliveryWithoutAnIdIsKeyedByItsBodySoARetryOfTheSameBytesIsStillOne() throws Exception {
        ingress = new IngressHarness(work);
        ingress.register("acme");
        byte[] body = "{\"from\":\"u1\",\"text\":\"no id in here\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(ingress.postSigned("acme", body).statusCode()).isEqualTo(200);
        assertThat(ingress.postSigned("acme", body).statusCode()).isEqualTo(200);

        assertThat(ingress.inboxRows()).isEqualTo(1);
        assertThat(account(ingress.listener.snapshot(), "acme").duplicates()).isEqualTo(1);
    }

    @Test
    void theStoreDownMeans503AndNothingAcknowledgedNorKept() throws Exception {
        ingress = new IngressHarness(work);
        ingress.register("acme");
        byte[] body = IngressHarness.event("evt-4", "sent while the database was down");

        ingress.storeDown.set(true);
        HttpResponse<String> whileDown = ingress.postSigned("acme", body);
        ingress.storeDown.set(false);

        assertThat(whileDown.statusCode()).isEqualTo(503);
        assertThat(whileDown.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(ingress.inboxRows()).isZero();
        IngressStats.Snapshot snapshot = ingress.listener.snapshot();
        assertThat(snapshot.storeFailures()).isEqualTo(1);
        assertThat(account(snapshot, "acme").accepted()).isZero();

        // The channel's retry, once the store is back, is the one that counts.
        assertThat(ingress.postSigned("acme", body).statusCode()).isEqualTo(200);
        assertThat(ingress.inboxRows()).isEqualTo(1);
    }

    @Test
    void aBodyOverTheLimitIs413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        ingress = new IngressHarness(work, "maxBodyBytes", "2048");
        ingress.register("acme");
        byte[] big = IngressHarness.event("evt-5", "x".repeat(4000));

        HttpResponse<String> declared = ingress.postSigned("acme", big);
        HttpResponse<String> chunked = ingress.http.send(HttpRequest.newBuilder(URI.create(ingress.url(ingress.hookPath("acme"))))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> fits = ingress.postSigned("acme", IngressHarness.event("evt-6", "x".repeat(1000)));

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(ingress.listener.snapshot().tooLarge()).isEqualTo(2);
        assertThat(ingress.inboxRows()).isEqualTo(1);
    }

    @Test
    void aSourceOverItsRateGets429WithRetryAfterWhileOtherSourcesBehindTheTrustedProxyGoOn() throws Exception {
        ingress = new IngressHarness(work, "requestsPerSecondPerSource", "3", "trustedProxies", "127.0.0.1");
        ingress.register("acme");

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        long start = System.nanoTime();
        for (int i = 0; i < 20 && limited == null; i++) {
            HttpResponse<String> answer = ingress.postSigned("acme", IngressHarness.event("r-" + i, "hi"),
                    "X-Forwarded-For", "198.51.100.99, 203.0.113.7");
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                limited = answer;
            }
        }
        HttpResponse<String> otherClient = ingress.postSigned("acme", IngressHarness.event("other", "hi"),
                "X-Forwarded-For", "203.0.113.8");
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(limited).as("statuses %s", statuses).isNotNull();
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(statuses.stream().filter(s -> s == 200).count()).isLessThanOrEqualTo(3L * ((long) Math.ceil(seconds) + 1));
        assertThat(otherClient.statusCode()).as("another client behind the same proxy").isEqualTo(200);
        assertThat(ingress.listener.snapshot().rateLimited()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anUnknownAccountOrPathIs404AlikeAndOtherMethodsAre405() throws Exception {
        ingress = new IngressHarness(work);
        ingress.register("acme");
        byte[] body = IngressHarness.event("evt-7", "hi");

        HttpResponse<String> unknownAccount = ingress.postSigned("nobody", body);
        HttpResponse<String> unknownChannel = ingress.post("/parley/hooks/nochannel/acme", body);
        HttpResponse<String> otherPath = ingress.post("/parley/api/v1/timeline", body);
        HttpResponse<String> traversal = ingress.get("/parley/hooks/hooktest/..%2f..%2fetc");
        HttpResponse<String> put = ingress.http.send(HttpRequest.newBuilder(URI.create(ingress.url(ingress.hookPath("acme"))))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> answer : List.of(unknownAccount, unknownChannel, otherPath, traversal)) {
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).isEqualTo("Not Found");
        }
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(ingress.inboxRows()).isZero();
        assertThat(ingress.listener.snapshot().accounts()).extracting(IngressStats.Account::account).containsExactly("acme");
    }

    @Test
    void theVerificationHandshakeIsAnsweredOnlyWithTheRightToken() throws Exception {
        ingress = new IngressHarness(work);
        ingress.register("acme");
        String challenge = UUID.randomUUID().toString();

        HttpResponse<String> right = ingress.get(ingress.hookPath("acme") + "?hub.mode=subscribe&hub.verify_token="
                + HookTestEndpoint.VERIFY_TOKEN + "&hub.challenge=" + challenge);
        HttpResponse<String> wrong = ingress.get(ingress.hookPath("acme")
                + "?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=" + challenge);

        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo(challenge);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain(challenge);
        assertThat(account(ingress.listener.snapshot(), "acme").handshakes()).isEqualTo(1);
        assertThat(ingress.inboxRows()).isZero();
    }

    @Test
    void aSignedBodyThatIsNoEventIsStillAcknowledgedAndBecomesADeadLetterWithItsReason() throws Exception {
        ingress = new IngressHarness(work);
        ingress.register("acme");
        ingress.startWorker();
        byte[] garbage = "this is signed, but it is no JSON event".getBytes(StandardCharsets.UTF_8);

        assertThat(ingress.postSigned("acme", garbage).statusCode()).isEqualTo(200);

        await().atMost(ParleyHarness.PATIENCE).until(() -> !ingress.parley.deadLetters("hooktest").isEmpty());
        var letter = ingress.parley.deadLetters("hooktest").get(0);
        assertThat(letter.account()).isEqualTo("acme");
        assertThat(letter.payload()).isEqualTo("this is signed, but it is no JSON event");
        assertThat(letter.reason()).contains("cannot be mapped").contains("the body is not JSON");
        assertThat(letter.replayUri()).isEqualTo(IngressReplayRoutes.URI);
        assertThat(ingress.stored()).isEmpty();
        assertThat(ingress.inboxCounts("acme").failed()).isEqualTo(1);
    }

    static IngressStats.Account account(IngressStats.Snapshot snapshot, String account) {
        return snapshot.accounts().stream().filter(a -> a.account().equals(account)).findFirst().orElseThrow();
    }
}
