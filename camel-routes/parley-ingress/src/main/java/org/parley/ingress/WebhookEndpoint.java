package org.parley.ingress;

import java.util.Optional;
import java.util.Set;
import org.parley.api.IngestBatch;

/**
 * One account of a push channel on the public ingress, at {@code /parley/hooks/{channel}/{account}}. A channel
 * bundle registers one as a DS service per account (its factory configuration), with the service properties
 * {@value #CHANNEL} and {@value #ACCOUNT}; the ingress finds it by the request's path (whiteboard).
 * <p>
 * The ingress calls, in this order: {@link #verify} on the raw bytes (nothing parsed before it answers
 * {@code ACCEPTED}); {@link #deliveryId}; it then commits the delivery to its durable inbox and answers with
 * {@link #acknowledge}. Later, from the inbox, {@link #map} turns the delivery into interactions for
 * {@code parley:ingest}.
 */
public interface WebhookEndpoint {

    String CHANNEL = "parley.channel";
    String ACCOUNT = "parley.account";

    String channel();

    String account();

    /**
     * A GET verification handshake (Meta {@code hub.challenge} with the verify token, WeChat {@code echostr}).
     *
     * @return the answer to send (the challenge, 200), or empty to refuse it (403)
     */
    Optional<HookResponse> handshake(HookRequest request);

    /** Checks the request's signature over its raw bytes, in constant time, before anything is parsed. */
    Verdict verify(HookRequest request);

    /**
     * The channel's id of this delivery (Telegram {@code update_id}, WeChat {@code MsgId}, …), so that a retried
     * delivery is stored once; null when the channel gives none (the ingress then uses a hash of the body).
     * Called only on verified requests.
     */
    String deliveryId(HookRequest request);

    /**
     * The request headers (lower-case names) that {@link #map} needs, kept with the delivery in the inbox and handed
     * back in {@link Delivery#headers()}. Nothing else is kept, so that no credential or signature is ever stored;
     * {@code content-type} is always kept. Default: none besides it.
     */
    default Set<String> keptHeaders() {
        return Set.of();
    }

    /** The answer to a verified delivery once it is committed (WeChat wants {@code success}). */
    default HookResponse acknowledge(HookRequest request) {
        return HookResponse.text(200, "OK");
    }

    /**
     * Maps a stored delivery to interactions and dead letters (one batch; the cursor stays null). Throwing
     * {@link IllegalArgumentException} puts the whole delivery into dead letters with the message as its reason.
     */
    IngestBatch map(Delivery delivery);
}
