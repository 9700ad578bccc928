package org.parley.ingress.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.WebhookInbox;
import org.parley.api.WebhookRefusals;
import org.parley.ingress.IngressStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public ingress's HTTP listener: an embedded Jetty 11 server of its own, on its own port (not the internal
 * API's, not Karaf's web console's), with a bounded thread pool and request queue, serving {@link HookHandler} only.
 * Active while the inbox (the store) is there: without a place to commit deliveries it does not listen at all, so a
 * channel gets no answer and retries rather than an acknowledgement for something not kept.
 */
@Component(service = {IngressStats.class, WebhookRefusals.class}, immediate = true, configurationPid = IngressConfig.PID)
@Designate(ocd = IngressConfig.class)
public final class IngressListener implements IngressStats, WebhookRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(IngressListener.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final WebhookInbox inbox;
    private final EndpointRegistry endpoints;
    private final Clock clock;
    private final IngressCounters counters = new IngressCounters();
    private final Server server;
    private final String listening;

    /** The worker to wake when a delivery is committed; absent while it is not running. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile InboxWorker worker;

    @Activate
    public IngressListener(@Reference(name = "inbox") WebhookInbox inbox,
                           @Reference(name = "endpoints") EndpointRegistry endpoints, IngressConfig config) {
        this(inbox, endpoints, IngressSettings.validate(IngressConfig.PID, config), Clock.systemUTC());
    }

    public IngressListener(WebhookInbox inbox, EndpointRegistry endpoints, IngressSettings settings, Clock clock) {
        this.inbox = inbox;
        this.endpoints = endpoints;
        this.clock = clock;
        this.server = server(settings, new HookHandler(endpoints, inbox, counters, settings, clock, this::committed));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            throw new IllegalStateException(IngressConfig.PID + ": cannot listen on " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage() + "; set host and port in etc/" + IngressConfig.PID + ".cfg", e);
        }
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        String host = settings.host().contains(":") && !settings.host().startsWith("[") ? "[" + settings.host() + "]" : settings.host();
        this.listening = "http://" + host + ":" + port;
        LOG.info("Webhook ingress listening on {}/parley/hooks/{channel}/{account} (bodies up to {} bytes, {} requests/s "
                        + "per source{}, {} threads)", listening, settings.maxBodyBytes(),
                settings.requestsPerSecondPerSource() == 0 ? "unlimited" : settings.requestsPerSecondPerSource(),
                settings.trustedProxies().isEmpty() ? "" : ", X-Forwarded-For trusted from " + settings.trustedProxies(),
                settings.maxThreads());
    }

    private static Server server(IngressSettings settings, HookHandler handler) {
        int minThreads = Math.min(8, settings.maxThreads());
        QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads(), minThreads, 60_000,
                new BlockingArrayQueue<>(Math.min(64, settings.maxQueuedRequests()), 64, settings.maxQueuedRequests()));
        threads.setName("parley-ingress");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // One acceptor and one selector: the work is in the handler threads; this machine may have 2 cores.
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        server.addConnector(connector);
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowServlet(false);
        errors.setShowMessageInTitle(false);
        server.setErrorHandler(errors);
        server.setHandler(handler);
        server.setStopTimeout(STOP_TIMEOUT.toMillis());
        server.setStopAtShutdown(false);
        return server;
    }

    @Deactivate
    public void stop() {
        stopQuietly();
        LOG.info("Webhook ingress on {} stopped", listening);
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Webhook ingress: stopping the listener failed: {}", e.toString());
        }
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:8183}. */
    public String listening() {
        return listening;
    }

    private void committed() {
        InboxWorker w = worker;
        if (w != null) {
            w.wake();
        }
    }

    /** For tests outside OSGi: the worker to wake. */
    void wakes(InboxWorker worker) {
        this.worker = worker;
    }

    @Override
    public List<Refused> refused() {
        List<Refused> refused = new ArrayList<>();
        Map<WebhookInbox.Source, IngressCounters.Account> counted = new TreeMap<>(ORDER);
        counted.putAll(counters.accounts());
        counted.forEach((source, counts) -> {
            Map<String, Long> byReason = new LinkedHashMap<>();
            counts.refused().forEach((outcome, n) -> {
                if (n > 0) {
                    byReason.put(outcome.name().toLowerCase(Locale.ROOT), n);
                }
            });
            if (!byReason.isEmpty()) {
                refused.add(new Refused(source.channel(), source.account(), byReason));
            }
        });
        return refused;
    }

    @Override
    public Snapshot snapshot() {
        Instant now = clock.instant();
        Map<WebhookInbox.Source, IngressCounters.Account> counted = counters.accounts();
        Map<WebhookInbox.Source, WebhookInbox.Counts> rows = new TreeMap<>(ORDER);
        String inboxError = null;
        try {
            inbox.stats(now).forEach(c -> rows.put(c.source(), c));
        } catch (RuntimeException e) {
            inboxError = Text.line(e.getMessage(), 300);
        }
        List<WebhookInbox.Source> registered = endpoints.sources();
        Map<WebhookInbox.Source, Boolean> all = new TreeMap<>(ORDER);
        registered.forEach(s -> all.put(s, true));
        counted.keySet().forEach(s -> all.putIfAbsent(s, false));
        rows.keySet().forEach(s -> all.putIfAbsent(s, false));
        List<Account> accounts = new ArrayList<>();
        all.forEach((source, isRegistered) -> {
            IngressCounters.Account c = counted.get(source);
            WebhookInbox.Counts r = rows.get(source);
            accounts.add(new Account(source.channel(), source.account(), isRegistered,
                    c == null ? 0 : c.accepted.sum(), c == null ? 0 : c.duplicates.sum(),
                    c == null ? Map.of() : Map.copyOf(c.refused()), c == null ? 0 : c.handshakes.sum(),
                    r == null ? 0 : r.pending(), r == null ? 0 : r.failed(),
                    r == null ? Duration.ZERO : r.oldestPending(), r == null ? null : r.lastError()));
        });
        return new Snapshot(listening, counters.tooLarge.sum(), counters.rateLimited.sum(), counters.notFound.sum(),
                counters.storeFailures.sum(), accounts, inboxError);
    }

    private static final Comparator<WebhookInbox.Source> ORDER =
            Comparator.comparing(WebhookInbox.Source::channel).thenComparing(WebhookInbox.Source::account);
}
