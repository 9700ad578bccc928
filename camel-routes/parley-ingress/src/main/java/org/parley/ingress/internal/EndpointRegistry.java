package org.parley.ingress.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.parley.api.WebhookInbox;
import org.parley.ingress.WebhookEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whiteboard of {@link WebhookEndpoint} services: which channel account answers at
 * {@code /parley/hooks/{channel}/{account}}. An endpoint is known by its service properties {@code parley.channel}
 * and {@code parley.account} (else by what it says itself). When two register for one account, the first keeps it
 * and the second waits, with a warning, until the first goes. Registered under this bundle-private class, so only
 * the listener and the worker use it.
 */
@Component(service = EndpointRegistry.class)
public final class EndpointRegistry {

    /** What a path segment may be: what channel and account names are everywhere in Parley. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final Logger LOG = LoggerFactory.getLogger(EndpointRegistry.class);

    private record Registration(WebhookInbox.Source source, WebhookEndpoint endpoint, long serviceId) {
    }

    /** Every registration, in arrival order; the first of a source is the one that answers. */
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final Map<WebhookInbox.Source, WebhookEndpoint> active = new ConcurrentHashMap<>();

    @Reference(name = "endpoint", service = WebhookEndpoint.class, cardinality = ReferenceCardinality.MULTIPLE, unbind = "remove",
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void add(WebhookEndpoint endpoint, Map<String, Object> properties) {
        WebhookInbox.Source source = source(endpoint, properties);
        if (source == null) {
            return;
        }
        long serviceId = serviceId(properties);
        synchronized (this) {
            registrations.add(new Registration(source, endpoint, serviceId));
            WebhookEndpoint before = active.putIfAbsent(source, endpoint);
            if (before != null && before != endpoint) {
                LOG.warn("Ingress: a second webhook endpoint registered for {}/{} (service {}); the first keeps "
                        + "answering, this one waits until it goes", source.channel(), source.account(), serviceId);
                return;
            }
        }
        LOG.info("Ingress: /parley/hooks/{}/{} is open", source.channel(), source.account());
    }

    public void remove(WebhookEndpoint endpoint, Map<String, Object> properties) {
        String closed = null;
        synchronized (this) {
            Registration gone = registrations.stream().filter(r -> r.endpoint() == endpoint).findFirst().orElse(null);
            if (gone == null) {
                return;
            }
            registrations.remove(gone);
            if (active.get(gone.source()) == endpoint) {
                Optional<Registration> next = registrations.stream().filter(r -> r.source().equals(gone.source())).findFirst();
                if (next.isPresent()) {
                    active.put(gone.source(), next.get().endpoint());
                } else {
                    active.remove(gone.source());
                    closed = gone.source().channel() + "/" + gone.source().account();
                }
            }
        }
        if (closed != null) {
            LOG.info("Ingress: /parley/hooks/{} is closed; deliveries kept for it wait in the inbox", closed);
        }
    }

    public Optional<WebhookEndpoint> find(String channel, String account) {
        return Optional.ofNullable(active.get(new WebhookInbox.Source(channel, account)));
    }

    /** The channel accounts that answer now, sorted. */
    public List<WebhookInbox.Source> sources() {
        List<WebhookInbox.Source> sources = new ArrayList<>(active.keySet());
        sources.sort(Comparator.comparing(WebhookInbox.Source::channel).thenComparing(WebhookInbox.Source::account));
        return sources;
    }

    private static WebhookInbox.Source source(WebhookEndpoint endpoint, Map<String, Object> properties) {
        String channel;
        String account;
        try {
            channel = text(properties.get(WebhookEndpoint.CHANNEL), endpoint::channel);
            account = text(properties.get(WebhookEndpoint.ACCOUNT), endpoint::account);
        } catch (RuntimeException e) {
            LOG.warn("Ingress: a webhook endpoint ({}) cannot tell its channel and account, ignored: {}",
                    endpoint.getClass().getName(), e.toString());
            return null;
        }
        if (channel == null || account == null || !NAME.matcher(channel).matches() || !NAME.matcher(account).matches()) {
            LOG.warn("Ingress: a webhook endpoint ({}) names channel '{}' and account '{}'; both must be 1 to 64 "
                    + "letters, digits, '.', '_' or '-': ignored", endpoint.getClass().getName(), channel, account);
            return null;
        }
        return new WebhookInbox.Source(channel, account);
    }

    private static String text(Object property, Supplier<String> fallback) {
        return property != null ? property.toString() : fallback.get();
    }

    private static long serviceId(Map<String, Object> properties) {
        Object id = properties.get("service.id");
        return id instanceof Number n ? n.longValue() : -1;
    }
}
