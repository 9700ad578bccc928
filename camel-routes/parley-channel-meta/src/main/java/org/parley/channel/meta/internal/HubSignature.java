package org.parley.channel.meta.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.parley.ingress.HookRequest;
import org.parley.ingress.Verdict;
import org.parley.api.config.Secret;

/**
 * Meta's webhook signature: {@code X-Hub-Signature-256: sha256=<hex of HMAC-SHA256(app secret, raw body)>}. Checked
 * on the raw bytes before anything reads them, compared in constant time. The older {@code X-Hub-Signature} (SHA-1)
 * is not accepted on its own.
 */
final class HubSignature {

    static final String HEADER = "x-hub-signature-256";
    private static final String PREFIX = "sha256=";
    private static final int HEX_LENGTH = 64;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    HubSignature(Secret appSecret) {
        this.key = new SecretKeySpec(appSecret.bytes(), ALGORITHM);
    }

    Verdict verify(HookRequest request) {
        String header = request.header(HEADER).orElse(null);
        if (header == null || header.isBlank()) {
            return Verdict.refused(Verdict.Outcome.UNSIGNED, "no X-Hub-Signature-256 header");
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Verdict.refused(Verdict.Outcome.FORGED, "X-Hub-Signature-256 does not start with sha256=");
        }
        String hex = value.substring(PREFIX.length());
        if (hex.length() != HEX_LENGTH) {
            return Verdict.refused(Verdict.Outcome.FORGED, "X-Hub-Signature-256 has " + hex.length()
                    + " hex digits instead of " + HEX_LENGTH);
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return Verdict.refused(Verdict.Outcome.FORGED, "X-Hub-Signature-256 is not hexadecimal");
        }
        byte[] body = request.body() == null ? new byte[0] : request.body();
        if (!MessageDigest.isEqual(sign(body), claimed)) {
            return Verdict.refused(Verdict.Outcome.FORGED, "X-Hub-Signature-256 does not match the body and the app secret");
        }
        return Verdict.ACCEPTED;
    }

    /** The HMAC-SHA256 of the body with the app secret. */
    byte[] sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /** The header value Meta would send for this body. */
    String header(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(sign(body));
    }
}
