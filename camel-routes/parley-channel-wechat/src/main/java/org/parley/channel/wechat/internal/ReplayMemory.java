package org.parley.channel.wechat.internal;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The (timestamp, nonce) pairs of one account's verified requests within the freshness window, with the hash of the
 * body each came with; bounded to {@code capacity} pairs (the oldest go first). A pair that comes again with another
 * body is a replay: someone reuses a captured signature for a body of their own. The same pair with the same body is
 * WeChat sending the same request again (its retry after 5 seconds without an answer): it is let through, and the
 * ingress's inbox recognises the delivery and keeps it once, so a retry after a failed commit is never refused.
 */
final class ReplayMemory {

    /** About 100 bytes a pair: a few MB for the busiest account within a five-minute window. */
    static final int DEFAULT_CAPACITY = 50_000;
    private static final Logger LOG = LoggerFactory.getLogger(ReplayMemory.class);

    private record Seen(byte[] bodyHash, Instant expires) {
    }

    private final Duration freshness;
    private final int capacity;
    private final String account;
    private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();
    private boolean warnedFull;

    ReplayMemory(String account, Duration freshness, int capacity) {
        this.account = account;
        this.freshness = freshness;
        this.capacity = capacity;
    }

    /**
     * Records the pair with this body. False when the pair was seen within the window with a different body.
     *
     * @param epochSecond the request's timestamp; the pair is remembered until it is outside the window
     * @param now         the ingress's time of the request
     */
    synchronized boolean firstWithThisBody(String timestamp, String nonce, byte[] bodyHash, long epochSecond, Instant now) {
        forgetExpired(now);
        String key = timestamp + "/" + nonce;
        Seen before = seen.get(key);
        if (before != null) {
            return MessageDigest.isEqual(before.bodyHash(), bodyHash);
        }
        if (seen.size() >= capacity) {
            Iterator<Map.Entry<String, Seen>> oldest = seen.entrySet().iterator();
            oldest.next();
            oldest.remove();
            if (!warnedFull) {
                warnedFull = true;
                LOG.warn("WeChat account {}: more than {} requests within the freshness window ({}); the oldest are "
                        + "forgotten early", account, capacity, freshness);
            }
        }
        seen.put(key, new Seen(bodyHash, Instant.ofEpochSecond(epochSecond).plus(freshness)));
        return true;
    }

    synchronized int size() {
        return seen.size();
    }

    /** Pairs are kept in arrival order, which is nearly timestamp order: the head is dropped while it has expired. */
    private void forgetExpired(Instant now) {
        Iterator<Seen> it = seen.values().iterator();
        while (it.hasNext()) {
            if (it.next().expires().isBefore(now)) {
                it.remove();
            } else {
                return;
            }
        }
    }
}
