package org.parley.channel.bluesky.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The record key of a reply post, derived from the reply itself so that every attempt to post it uses the same key:
 * a repeated createRecord then collides with the first instead of posting twice.
 *
 * <p>Bluesky's post lexicon requires its keys to be TIDs: 13 characters of base32-sortable encoding of a 64-bit number
 * whose top bit is 0, then 53 bits of microseconds since the epoch, then a 10-bit clock id. The time is the second
 * the reply was requested (a precision every store keeps); the microseconds within it and the clock id come from a
 * SHA-256 of the reply's idempotency key: about 30 bits that set apart replies requested in the same second.
 */
final class RecordKey {

    private static final String ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";
    private static final Pattern TID = Pattern.compile("[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}");

    private RecordKey() {
    }

    /** The TID for a reply requested at {@code requestedAt} with this idempotency key. */
    static String forReply(Instant requestedAt, String idempotencyKey) {
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new IllegalArgumentException("the reply has no idempotency key");
        }
        long hash = hash(idempotencyKey);
        long micros = Math.multiplyExact(requestedAt.getEpochSecond(), 1_000_000L) + Math.floorMod(hash, 1_000_000L);
        int clockId = (int) ((hash >>> 20) & 0x3FF);
        return tid(micros, clockId);
    }

    static String tid(long micros, int clockId) {
        long value = ((micros & 0x1F_FFFF_FFFF_FFFFL) << 10) | (clockId & 0x3FF);
        char[] out = new char[13];
        for (int i = 12; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (value & 31));
            value >>>= 5;
        }
        return new String(out);
    }

    static boolean isTid(String key) {
        return key != null && TID.matcher(key).matches();
    }

    private static long hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xFF);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
