package org.parley.camel.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/**
 * The running {@code parley:outbound} routes, one per channel account. The component registers a consumer when its
 * route starts and removes it when it stops; the reply desk looks up where a reply goes.
 */
@Component(service = OutboundRegistry.class)
public final class OutboundRegistry {

    private final Map<String, OutboundConsumer> consumers = new ConcurrentHashMap<>();

    void register(OutboundConsumer consumer) {
        OutboundConsumer other = consumers.putIfAbsent(key(consumer.channel(), consumer.account()), consumer);
        if (other != null && other != consumer) {
            throw new IllegalStateException(consumer.getEndpoint().getEndpointUri() + ": channel '" + consumer.channel()
                    + "' account '" + consumer.account() + "' already has an outbound route ("
                    + other.getEndpoint().getEndpointUri() + "); give each account's configuration its own account name");
        }
    }

    void unregister(OutboundConsumer consumer) {
        consumers.remove(key(consumer.channel(), consumer.account()), consumer);
    }

    Optional<OutboundConsumer> find(String channel, String account) {
        return Optional.ofNullable(consumers.get(key(channel, account)));
    }

    private static String key(String channel, String account) {
        return channel + "\u0000" + (account == null ? "" : account);
    }
}
