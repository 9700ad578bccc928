package org.parley.channel.wechat.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import org.parley.ingress.HookRequest;
import org.parley.ingress.HookResponse;
import org.parley.ingress.Verdict;
import org.parley.api.config.Secret;

/**
 * WeChat's request signature: every request carries {@code signature}, {@code timestamp} and {@code nonce} in its
 * query string, where {@code signature} is the SHA-1 hex of the account's Token, the timestamp and the nonce, sorted
 * as strings and concatenated. Checked from the query alone (the body is not read), compared in constant time; then
 * the timestamp must lie within {@code freshness} of the ingress's clock (else stale), and the (timestamp, nonce)
 * pair must not have come with another body before (else replayed, see {@link ReplayMemory}).
 * <p>
 * In plain mode the signature does not cover the body: the freshness window and the replay memory are what keep a
 * captured signature from carrying another body; TLS on the public side keeps signatures from being captured. In safe
 * mode the body is signed too: {@code msg_signature} is the same SHA-1 over the Token, timestamp, nonce and the body's
 * {@code <Encrypt>}; only a request whose query signature holds has its body opened to read {@code <Encrypt>}.
 */
final class RequestSignature {

    private static final Pattern HEX_SHA1 = Pattern.compile("[0-9a-fA-F]{40}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{1,12}");
    /** WeChat's nonces are digits; letters are allowed, nothing that could reach a log line as markup. */
    private static final Pattern NONCE = Pattern.compile("[0-9A-Za-z]{1,64}");
    /** WeChat's echostr is digits; only short plain runs are echoed, so the answer never carries markup. */
    private static final Pattern SAFE_ECHO = Pattern.compile("[0-9A-Za-z._-]{1,256}");

    private final Secret token;
    private final Duration freshness;
    private final ReplayMemory replays;
    private final boolean safe;

    /** @param safe the body is safe mode's {@code <Encrypt>} envelope, signed by {@code msg_signature} */
    RequestSignature(Secret token, Duration freshness, ReplayMemory replays, boolean safe) {
        this.token = token;
        this.freshness = freshness;
        this.replays = replays;
        this.safe = safe;
    }

    /** The GET of WeChat's server check: {@code echostr} as plain text when the signature is right and fresh. */
    Optional<HookResponse> handshake(HookRequest request) {
        if (!"GET".equalsIgnoreCase(request.method())) {
            return Optional.empty();
        }
        String echo = request.query("echostr").orElse("");
        if (!SAFE_ECHO.matcher(echo).matches() || !signed(request).accepted()) {
            return Optional.empty();
        }
        return Optional.of(HookResponse.text(200, echo));
    }

    /** A POST: signed, fresh, and not a signature seen with another body. */
    Verdict verify(HookRequest request) {
        Verdict signed = signed(request);
        if (!signed.accepted()) {
            return signed;
        }
        String timestamp = request.query("timestamp").orElseThrow();
        String nonce = request.query("nonce").orElseThrow();
        if (safe) {
            Verdict body = bodySigned(request, timestamp, nonce);
            if (!body.accepted()) {
                return body;
            }
        }
        if (!replays.firstWithThisBody(timestamp, nonce, sha256(request.body()), Long.parseLong(timestamp),
                request.received())) {
            return Verdict.refused(Verdict.Outcome.REPLAYED, "timestamp and nonce were already used with another body");
        }
        return Verdict.ACCEPTED;
    }

    /** The signature over the query, then the timestamp's freshness. */
    private Verdict signed(HookRequest request) {
        String signature = request.query("signature").orElse("");
        if (signature.isBlank()) {
            return Verdict.refused(Verdict.Outcome.UNSIGNED, "no signature in the query string");
        }
        String timestamp = request.query("timestamp").orElse("");
        String nonce = request.query("nonce").orElse("");
        if (timestamp.isEmpty() || nonce.isEmpty()) {
            return Verdict.refused(Verdict.Outcome.UNSIGNED, "no timestamp or nonce in the query string");
        }
        if (!HEX_SHA1.matcher(signature).matches()) {
            return Verdict.refused(Verdict.Outcome.FORGED, "signature is not 40 hexadecimal digits");
        }
        if (!TIMESTAMP.matcher(timestamp).matches() || !NONCE.matcher(nonce).matches()) {
            return Verdict.refused(Verdict.Outcome.FORGED, "timestamp or nonce is not of WeChat's form");
        }
        byte[] claimed = HexFormat.of().parseHex(signature);
        if (!MessageDigest.isEqual(sign(token.reveal(), timestamp, nonce), claimed)) {
            return Verdict.refused(Verdict.Outcome.FORGED, "signature does not match the token, timestamp and nonce");
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        Duration off = Duration.between(sent, request.received()).abs();
        if (off.compareTo(freshness) > 0) {
            return Verdict.refused(Verdict.Outcome.STALE, "timestamp is " + off.toSeconds() + " s from the ingress's clock, "
                    + "more than the " + freshness.toSeconds() + " s allowed");
        }
        return Verdict.ACCEPTED;
    }

    /** Safe mode: {@code msg_signature} over the Token, timestamp, nonce and the body's {@code <Encrypt>}. */
    private Verdict bodySigned(HookRequest request, String timestamp, String nonce) {
        String msgSignature = request.query("msg_signature").orElse("");
        if (msgSignature.isBlank()) {
            return Verdict.refused(Verdict.Outcome.UNSIGNED, "no msg_signature in the query string (safe mode)");
        }
        if (!HEX_SHA1.matcher(msgSignature).matches()) {
            return Verdict.refused(Verdict.Outcome.FORGED, "msg_signature is not 40 hexadecimal digits");
        }
        String encrypted;
        try {
            encrypted = envelope(request.body());
        } catch (IllegalArgumentException e) {
            return Verdict.refused(Verdict.Outcome.FORGED, "the body has no Encrypt element for msg_signature (safe mode)");
        }
        if (!MessageDigest.isEqual(sign(token.reveal(), timestamp, nonce, encrypted), HexFormat.of().parseHex(msgSignature))) {
            return Verdict.refused(Verdict.Outcome.FORGED, "msg_signature does not match the token, timestamp, nonce and body");
        }
        return Verdict.ACCEPTED;
    }

    /** The {@code <Encrypt>} of a safe-mode body; IllegalArgumentException when there is none. */
    static String envelope(byte[] body) {
        String encrypted = WeChatXml.parse(body).text("Encrypt");
        if (encrypted == null) {
            throw new IllegalArgumentException("the body has no Encrypt element, which safe mode requires");
        }
        return encrypted;
    }

    /** SHA-1 of the sorted parts, concatenated: WeChat's {@code signature} (and, with Encrypt, {@code msg_signature}). */
    static byte[] sign(String... parts) {
        String[] sorted = parts.clone();
        Arrays.sort(sorted);
        try {
            return MessageDigest.getInstance("SHA-1").digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
    }

    /** The hex form WeChat sends. */
    static String signatureHex(String... parts) {
        return HexFormat.of().formatHex(sign(parts));
    }

    static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
