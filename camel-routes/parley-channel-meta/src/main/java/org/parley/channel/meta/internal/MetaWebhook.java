package org.parley.channel.meta.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.parley.api.IngestBatch;
import org.parley.ingress.Delivery;
import org.parley.ingress.HookRequest;
import org.parley.ingress.HookResponse;
import org.parley.ingress.Verdict;
import org.parley.ingress.WebhookEndpoint;

/**
 * One Meta account on the public ingress, at {@code /parley/hooks/meta/<account>}: answers the {@code hub.challenge}
 * handshake, checks {@code X-Hub-Signature-256} on the raw bytes, names a delivery by the SHA-256 of its body (Meta
 * gives no delivery id, and retries the same body), and maps a stored delivery with {@link WebhookMapper}.
 */
public final class MetaWebhook implements WebhookEndpoint {

    private final String account;
    private final Handshake handshake;
    private final HubSignature signature;
    private final WebhookMapper mapper;

    public MetaWebhook(MetaSettings settings, WebhookMapper mapper) {
        this.account = settings.account();
        this.handshake = new Handshake(settings.verifyToken());
        this.signature = new HubSignature(settings.appSecret());
        this.mapper = mapper;
    }

    @Override
    public String channel() {
        return MetaSettings.CHANNEL;
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public Optional<HookResponse> handshake(HookRequest request) {
        return handshake.answer(request);
    }

    @Override
    public Verdict verify(HookRequest request) {
        return signature.verify(request);
    }

    @Override
    public String deliveryId(HookRequest request) {
        return sha256(request.body());
    }

    @Override
    public IngestBatch map(Delivery delivery) {
        WebhookMapper.Mapped mapped = mapper.map(delivery.body());
        return new IngestBatch(MetaSettings.CHANNEL, account, mapped.interactions(), mapped.deadLetters(), null);
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "MetaWebhook[account=" + account + "]";
    }
}
