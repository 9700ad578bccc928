package org.parley.ingress.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.WebhookInbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the webhook inbox into the pipeline, like the CRM outbox worker drains the outbox: one scheduled poller
 * claims due rows of the channel accounts whose endpoint is registered (with a lease) every {@code pollInterval},
 * at once when the listener commits a new delivery, and again while claims come back full; a fixed pool of
 * {@code workerThreads} processes them ({@link DeliveryProcessor}), so at most {@code batchSize} rows are claimed and
 * unfinished at any time. A crash between commit and processing loses nothing: unfinished rows come back when their
 * lease runs out, and the store's key makes a second ingest of the same interaction a duplicate. Once an hour,
 * processed rows older than {@code keepFinished} are purged.
 */
@Component(service = InboxWorker.class, immediate = true, configurationPid = IngressConfig.PID)
public final class InboxWorker {

    static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final Duration POLL_GRACE = Duration.ofSeconds(2);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(InboxWorker.class);

    private final WebhookInbox inbox;
    private final EndpointRegistry endpoints;
    private final IngressSettings settings;
    private final Clock clock;
    private final ProducerTemplate template;
    private final DeliveryProcessor processor;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService poller;

    private volatile boolean running = true;
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean moreDue;
    private final AtomicBoolean pollQueued = new AtomicBoolean();
    private final AtomicInteger processed = new AtomicInteger();

    @Activate
    public InboxWorker(@Reference(name = "inbox") WebhookInbox inbox,
                       @Reference(name = "endpoints") EndpointRegistry endpoints,
                       @Reference(name = "camel") CamelContext camel, IngressConfig config) {
        this(inbox, endpoints, camel.createProducerTemplate(), IngressSettings.validate(IngressConfig.PID, config),
                Clock.systemUTC());
    }

    public InboxWorker(WebhookInbox inbox, EndpointRegistry endpoints, ProducerTemplate template,
                       IngressSettings settings, Clock clock) {
        this.inbox = inbox;
        this.endpoints = endpoints;
        this.settings = settings;
        this.clock = clock;
        this.template = template;
        this.processor = new DeliveryProcessor(inbox, endpoints, template, settings, clock);
        this.workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads("parley-ingress-worker-"));
        this.poller = Executors.newSingleThreadScheduledExecutor(threads("parley-ingress-poller-"));
        poller.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        poller.scheduleWithFixedDelay(this::purge, 1, PURGE_EVERY.toMinutes(), TimeUnit.MINUTES);
        LOG.info("Webhook inbox worker started: {} threads, claims of {}, lease {}", settings.workerThreads(),
                settings.batchSize(), settings.lease());
    }

    /** A delivery was committed: look for due rows now rather than at the next tick. */
    public void wake() {
        if (running && pollQueued.compareAndSet(false, true)) {
            try {
                poller.execute(() -> {
                    pollQueued.set(false);
                    poll();
                });
            } catch (RejectedExecutionException stopping) {
                pollQueued.set(false);
            }
        }
    }

    /**
     * Stops claiming, hands back rows not started, waits a while for rows in flight. Never interrupts: an interrupt
     * inside a JDBC call makes embedded H2 close its file. Rows still in flight afterwards come back after their lease.
     */
    @Deactivate
    public void stop() {
        running = false;
        poller.shutdown();
        List<Runnable> notStarted = new ArrayList<>();
        workers.getQueue().drainTo(notStarted);
        Instant now = clock.instant();
        for (Runnable r : notStarted) {
            Job job = (Job) r;
            try {
                inbox.retryAt(job.entry.id(), now, null);
            } catch (RuntimeException e) {
                LOG.warn("Webhook delivery {} could not be handed back; it comes back after its lease", job.entry.id());
            } finally {
                outstanding.decrementAndGet();
            }
        }
        workers.shutdown();
        try {
            poller.awaitTermination(POLL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            if (!workers.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Webhook inbox worker: deliveries still in flight after {} finish on their own; those that do "
                        + "not come back after the lease ({})", SHUTDOWN_TIMEOUT, settings.lease());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            template.close();
        } catch (Exception e) {
            LOG.debug("Webhook inbox worker: closing the producer template failed: {}", e.toString());
        }
        LOG.info("Webhook inbox worker stopped: {} deliveries processed", processed.get());
    }

    private void poll() {
        if (!running) {
            return;
        }
        try {
            int room = settings.batchSize() - outstanding.get();
            List<WebhookInbox.Source> sources = endpoints.sources();
            if (room <= 0 || sources.isEmpty()) {
                return;
            }
            List<WebhookInbox.Entry> claimed = inbox.claimDue(sources, room, clock.instant(), settings.lease());
            moreDue = claimed.size() == room;
            for (WebhookInbox.Entry entry : claimed) {
                outstanding.incrementAndGet();
                try {
                    workers.execute(new Job(entry));
                } catch (RejectedExecutionException stopping) {
                    outstanding.decrementAndGet(); // stopping: the row comes back after its lease
                }
            }
        } catch (RuntimeException e) {
            moreDue = false;
            LOG.warn("Webhook inbox: claiming due deliveries failed; trying again in {}: {}", settings.pollInterval(),
                    e.getMessage());
        }
    }

    private void process(WebhookInbox.Entry entry) {
        try {
            if (!running) {
                inbox.retryAt(entry.id(), clock.instant(), null);
                return;
            }
            processor.process(entry);
            processed.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("Webhook delivery {} of {}/{}: the store failed; it comes back after its lease ({}): {}",
                    entry.id(), entry.channel(), entry.account(), settings.lease(), e.getMessage());
        } finally {
            int left = outstanding.decrementAndGet();
            if (moreDue && left <= settings.workerThreads()) {
                wake();
            }
        }
    }

    private void purge() {
        if (!running) {
            return;
        }
        try {
            int purged = inbox.purgeFinished(clock.instant().minus(settings.keepFinished()));
            if (purged > 0) {
                LOG.info("Webhook inbox: {} deliveries processed more than {} ago purged", purged, settings.keepFinished());
            }
        } catch (RuntimeException e) {
            LOG.warn("Webhook inbox: purging processed deliveries failed; trying again in {}: {}", PURGE_EVERY, e.getMessage());
        }
    }

    /**
     * For tests: dies as a killed process would, holding its claims (nothing handed back, nothing waited for, no
     * thread interrupted); its rows come back to another worker when their lease runs out.
     */
    void halt() {
        running = false;
        workers.getQueue().clear();
        poller.shutdown();
        workers.shutdown();
    }

    /** Deliveries processed since start (done, dead letters and retries alike). */
    int processedCount() {
        return processed.get();
    }

    /** One claimed row on its way to a worker thread; a class (not a lambda) so that stopping can hand it back. */
    private final class Job implements Runnable {
        final WebhookInbox.Entry entry;

        Job(WebhookInbox.Entry entry) {
            this.entry = entry;
        }

        @Override
        public void run() {
            process(entry);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
