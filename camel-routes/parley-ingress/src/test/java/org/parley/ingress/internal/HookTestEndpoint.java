package org.parley.ingress.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.SocialIdentity;
import org.parley.ingress.Delivery;
import org.parley.ingress.HookRequest;
import org.parley.ingress.HookResponse;
import org.parley.ingress.Verdict;
import org.parley.ingress.WebhookEndpoint;

/**
 * A push channel as the real ones sign (a test double of a channel, not of Parley): the body is
 * {@code {"id":..,"from":..,"name":..,"text":..}}; {@code X-Hook-Signature: sha256=<hex HMAC-SHA256(secret,
 * timestamp "." nonce "." body)>} with {@code X-Hook-Timestamp} (epoch seconds, fresh within 5 minutes) and
 * {@code X-Hook-Nonce} (seen once), so that every refusal (unsigned, forged, stale, replayed) can be provoked. The
 * handshake is Meta's: {@code hub.mode=subscribe}, {@code hub.verify_token}, answer {@code hub.challenge}.
 */
final class HookTestEndpoint implements WebhookEndpoint {

    static final String CHANNEL = "hooktest";
    static final String SECRET = "hook-test-app-secret-5f1c0e";
    static final String VERIFY_TOKEN = "verify-me-77";
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final ObjectMapper JSON = new ObjectMapper();

    private final String account;
    private final Clock clock;
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();

    /** Calls of {@link #map}, for tests. */
    final AtomicInteger mapped = new AtomicInteger();
    /** Thrown (once) by the next {@link #map}, when set. */
    final AtomicReference<RuntimeException> nextMapFailure = new AtomicReference<>();
    /** When set, {@link #map} waits for it (a worker busy or stuck), then fails as a dying process would. */
    volatile CountDownLatch stuck;

    HookTestEndpoint(String account, Clock clock) {
        this.account = account;
        this.clock = clock;
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public Optional<HookResponse> handshake(HookRequest request) {
        if (request.query("hub.mode").filter("subscribe"::equals).isEmpty()) {
            return Optional.empty();
        }
        byte[] token = request.query("hub.verify_token").orElse("").getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, VERIFY_TOKEN.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return request.query("hub.challenge").map(challenge -> HookResponse.text(200, challenge));
    }

    @Override
    public Verdict verify(HookRequest request) {
        Optional<String> signature = request.header("x-hook-signature");
        Optional<String> timestamp = request.header("x-hook-timestamp");
        Optional<String> nonce = request.header("x-hook-nonce");
        if (signature.isEmpty() || timestamp.isEmpty() || nonce.isEmpty()) {
            return Verdict.refused(Verdict.Outcome.UNSIGNED, "no X-Hook-Signature, X-Hook-Timestamp or X-Hook-Nonce");
        }
        byte[] expected = sign(timestamp.get(), nonce.get(), request.body()).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, signature.get().getBytes(StandardCharsets.UTF_8))) {
            return Verdict.refused(Verdict.Outcome.FORGED, "the signature does not match the body");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.get());
        } catch (NumberFormatException e) {
            return Verdict.refused(Verdict.Outcome.STALE, "the timestamp is no number");
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs().compareTo(WINDOW) > 0) {
            return Verdict.refused(Verdict.Outcome.STALE, "signed more than 5 minutes from now");
        }
        if (!nonces.add(nonce.get())) {
            return Verdict.refused(Verdict.Outcome.REPLAYED, "the nonce was seen before");
        }
        return Verdict.ACCEPTED;
    }

    @Override
    public String deliveryId(HookRequest request) {
        return read(request.body()).path("id").asText(null);
    }

    @Override
    public Set<String> keptHeaders() {
        return Set.of("x-hook-event");
    }

    @Override
    public IngestBatch map(Delivery delivery) {
        mapped.incrementAndGet();
        CountDownLatch wait = stuck;
        if (wait != null) {
            try {
                wait.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the process died while mapping");
        }
        RuntimeException failure = nextMapFailure.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        JsonNode event = read(delivery.body());
        String id = event.path("id").asText("");
        String text = event.path("text").asText("");
        if (id.isEmpty() || text.isEmpty()) {
            throw new IllegalArgumentException("event '" + id + "' has no id or no text");
        }
        Interaction interaction = Interaction.builder(CHANNEL, id)
                .kind(InteractionKind.DIRECT_MESSAGE)
                .account(delivery.account())
                .author(SocialIdentity.of(CHANNEL, event.path("from").asText("someone"), event.path("name").asText(null)))
                .text(text)
                .occurredAt(delivery.received())
                .threadId(id)
                .raw(new String(delivery.body(), StandardCharsets.UTF_8))
                .build();
        return new IngestBatch(CHANNEL, delivery.account(), List.of(interaction), List.of(), null);
    }

    private static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
    }

    static String sign(String timestamp, String nonce, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + "." + nonce + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
