package org.parley.ingress.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.parley.ingress.HookRequest;
import org.parley.ingress.WebhookEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox key of a verified delivery: the channel's own id ({@link WebhookEndpoint#deliveryId}), else a hash of the
 * body, so that a channel's retry of the same bytes is still recognised. A channel id that is too long or holds
 * control characters is kept as its hash.
 */
final class DeliveryIds {

    /** The inbox's column size. */
    static final int MAX_LENGTH = 255;

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryIds.class);

    private DeliveryIds() {
    }

    static String of(WebhookEndpoint endpoint, HookRequest request) {
        String id;
        try {
            id = endpoint.deliveryId(request);
        } catch (RuntimeException e) {
            // A signed body the channel cannot read: it is stored all the same, and mapping makes it a dead letter.
            LOG.debug("Ingress {}/{}: no delivery id in a verified request ({}); keyed by the body's hash",
                    endpoint.channel(), endpoint.account(), e.getClass().getSimpleName());
            id = null;
        }
        if (id == null || id.isBlank()) {
            return "body-sha256:" + sha256(request.body());
        }
        if (id.length() > MAX_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            return "id-sha256:" + sha256(id.getBytes(StandardCharsets.UTF_8));
        }
        return id;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
