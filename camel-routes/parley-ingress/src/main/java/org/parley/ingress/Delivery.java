package org.parley.ingress;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A verified delivery as the ingress's inbox kept it.
 *
 * @param id         the inbox's id
 * @param channel    the channel
 * @param account    the account
 * @param deliveryId the channel's id of the delivery (or the body's hash)
 * @param headers    the request's headers that the channel may need to map it (lower-case names)
 * @param body       the raw body
 * @param received   when it arrived
 */
public record Delivery(long id, String channel, String account, String deliveryId, Map<String, List<String>> headers,
                       byte[] body, Instant received) {
}
