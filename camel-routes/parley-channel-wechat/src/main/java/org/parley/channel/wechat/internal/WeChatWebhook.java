package org.parley.channel.wechat.internal;

import java.util.List;
import java.util.Optional;

import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.ingress.Delivery;
import org.parley.ingress.HookRequest;
import org.parley.ingress.HookResponse;
import org.parley.ingress.Verdict;
import org.parley.ingress.WebhookEndpoint;

/**
 * One Official Account on the public ingress, at {@code /parley/hooks/wechat/<account>}: answers WeChat's server check
 * ({@code echostr}), checks the query's signature, freshness and replay before the body is read (in safe mode then
 * {@code msg_signature} over the body's {@code <Encrypt>}, see {@link RequestSignature}), names a delivery by
 * its {@code MsgId} (an event's by FromUserName + CreateTime + Event), acknowledges with {@code success} once the
 * ingress has committed it, and maps a stored delivery with {@link MessageMapper}. A delivery that cannot be mapped
 * throws {@link IllegalArgumentException}: the ingress keeps it as a dead letter with the reason (one message per
 * delivery, so per-item dead letters are the same thing here).
 */
public final class WeChatWebhook implements WebhookEndpoint {

    /** What WeChat wants back within 5 seconds; anything else (or nothing) and it retries, then warns the admin. */
    static final String SUCCESS = "success";

    private final String account;
    private final RequestSignature signature;
    private final MessageMapper mapper;
    /** Safe mode's decryption; null in plain mode. */
    private final MessageCrypto crypto;

    WeChatWebhook(WeChatSettings settings, MessageMapper mapper) {
        this.account = settings.account();
        boolean safe = settings.mode() == WeChatSettings.Mode.SAFE;
        this.signature = new RequestSignature(settings.token(), settings.freshness(),
                new ReplayMemory(settings.account(), settings.freshness(), ReplayMemory.DEFAULT_CAPACITY), safe);
        this.mapper = mapper;
        this.crypto = safe ? new MessageCrypto(settings.encodingAesKey(), settings.appId()) : null;
    }

    @Override
    public String channel() {
        return WeChatSettings.CHANNEL;
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public Optional<HookResponse> handshake(HookRequest request) {
        return signature.handshake(request);
    }

    @Override
    public Verdict verify(HookRequest request) {
        return signature.verify(request);
    }

    @Override
    public String deliveryId(HookRequest request) {
        try {
            return MessageMapper.deliveryId(message(request.body()));
        } catch (IllegalArgumentException unreadable) {
            return null; // stored under the body's hash; mapping makes it a dead letter with the reason
        }
    }

    @Override
    public HookResponse acknowledge(HookRequest request) {
        return HookResponse.text(200, SUCCESS);
    }

    @Override
    public IngestBatch map(Delivery delivery) {
        Interaction interaction = mapper.map(message(delivery.body()));
        return interaction == null ? null
                : new IngestBatch(WeChatSettings.CHANNEL, account, List.of(interaction), List.of(), null);
    }

    /**
     * The message XML of a body: the body itself in plain mode; in safe mode the decrypted {@code <Encrypt>} (the inbox
     * and dead letters keep the body as it came, encrypted).
     */
    private byte[] message(byte[] body) {
        return crypto == null ? body : crypto.decrypt(RequestSignature.envelope(body));
    }

    @Override
    public String toString() {
        return "WeChatWebhook[account=" + account + "]";
    }
}
