package org.parley.engine.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.CrmConnector;
import org.parley.api.CrmOutbox;
import org.parley.api.CrmStatus;
import org.parley.api.IdentityLinks;
import org.parley.api.PersonActions;
import org.parley.api.PersonScores;
import org.parley.api.PersonTags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the CRM outbox into the CRM. One scheduled poller claims due rows (with a lease) every {@code pollInterval},
 * and again at once while claims come back full; a fixed pool of {@code concurrency} threads delivers them, so no
 * more than that many CRM writes are ever in flight. At most {@code batchSize} rows are claimed and not yet finished
 * at any time, so a claimed row starts well within its lease.
 * <p>
 * A resilience4j circuit breaker guards the CRM: retryable failures count against it; while it is OPEN no row is
 * claimed, and rows claimed before it opened are handed back with {@code retryAt(now + remaining open wait)} without
 * a CRM call. So a CRM that is down for hours costs a handful of calls per open period, and no row is lost.
 * <p>
 * Active only while a {@link CrmConnector} is registered (mandatory reference; {@code crm.target} in the
 * configuration picks one when there are several).
 */
@Component(service = CrmStatus.class, immediate = true, configurationPid = OutboxWorker.PID)
@Designate(ocd = OutboxConfig.class)
public final class OutboxWorker implements CrmStatus {

    public static final String PID = "org.parley.crm.outbox";

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    /** How long to wait for a claim in flight when stopping. */
    private static final Duration POLL_GRACE = Duration.ofSeconds(2);

    private final CrmConnector crm;
    private final CrmOutbox outbox;
    private final OutboxSettings settings;
    private final Clock clock;
    private final CrmDelivery delivery;
    private final CircuitBreaker breaker;
    private final ThreadPoolExecutor writers;
    private final ScheduledExecutorService poller;

    private volatile boolean running = true;
    /** Claimed rows not finished yet (queued or being written). */
    private final AtomicInteger outstanding = new AtomicInteger();
    /** The last claim was full: there are probably more due rows, claim again as soon as there is room. */
    private volatile boolean moreDue;
    private final AtomicBoolean refillQueued = new AtomicBoolean();
    private final AtomicReference<Instant> openUntil = new AtomicReference<>();

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong waited = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong breakerOpened = new AtomicLong();
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    @Activate
    public OutboxWorker(@Reference(name = "crm") CrmConnector crm, @Reference(name = "outbox") CrmOutbox outbox,
                        @Reference(name = "links") IdentityLinks links, @Reference(name = "tags") PersonTags tags,
                        @Reference(name = "actions") PersonActions actions, @Reference(name = "scores") PersonScores scores,
                        OutboxConfig config) {
        this(crm, outbox, links, tags, actions, scores, OutboxSettings.from(config), Clock.systemUTC());
    }

    OutboxWorker(CrmConnector crm, CrmOutbox outbox, IdentityLinks links, PersonTags tags, PersonActions actions,
                 PersonScores scores, OutboxSettings settings, Clock clock) {
        this.crm = crm;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        this.delivery = new CrmDelivery(crm, links, outbox, tags, actions, scores, settings.leadPolicy(),
                CrmDelivery.backoff(settings), clock);
        this.breaker = CircuitBreaker.of("parley-crm", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerSlidingWindowSize())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold(settings.breakerFailureRateThreshold())
                .waitDurationInOpenState(settings.breakerWaitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.breakerPermittedCallsInHalfOpen())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
        this.breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.State to = event.getStateTransition().getToState();
            if (to == CircuitBreaker.State.OPEN) {
                openUntil.set(clock.instant().plus(settings.breakerWaitInOpenState()));
                breakerOpened.incrementAndGet();
                LOG.warn("CRM circuit breaker OPEN: no CRM calls for {} ({})", settings.breakerWaitInOpenState(),
                        lastError);
            } else {
                LOG.info("CRM circuit breaker {}", to);
            }
        });
        this.writers = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), threads("parley-outbox-writer-"));
        this.poller = Executors.newSingleThreadScheduledExecutor(threads("parley-outbox-poller-"));
        poller.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("CRM outbox worker started: {} writers, batches of {}, lease {}, lead policy: {}",
                settings.concurrency(), settings.batchSize(), settings.lease(), settings.leadPolicy().describe());
    }

    /**
     * Stops claiming, hands back rows not started, waits up to {@code shutdownTimeout} for writes in flight. Never
     * interrupts: an interrupt inside a JDBC call makes embedded H2 close its file, taking the whole store down.
     */
    @Deactivate
    public void deactivate() {
        running = false;
        poller.shutdown();
        // Rows claimed but not started go back now rather than after their lease.
        List<Runnable> notStarted = new ArrayList<>();
        writers.getQueue().drainTo(notStarted);
        Instant now = clock.instant();
        for (Runnable r : notStarted) {
            Delivery d = (Delivery) r;
            try {
                release(d.entry, now, "released: the outbox worker stopped before delivering it");
            } catch (RuntimeException e) {
                LOG.warn("CRM outbox row {} could not be handed back; it comes back after its lease", d.entry.id(), e);
            } finally {
                outstanding.decrementAndGet();
            }
        }
        writers.shutdown();
        try {
            awaitQuietly(poller, POLL_GRACE);
            if (!writers.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("CRM outbox worker: writes still in flight after {} are left to finish on their own; rows "
                        + "they do not finish come back after the lease ({})", settings.shutdownTimeout(), settings.lease());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("CRM outbox worker stopped: {} delivered, {} failures", delivered.get(), failures.get());
    }

    private void poll() {
        if (!running) {
            return;
        }
        try {
            Instant now = clock.instant();
            int room = settings.batchSize() - outstanding.get();
            CircuitBreaker.State state = breaker.getState();
            if (state == CircuitBreaker.State.OPEN) {
                if (openRemaining(now).compareTo(Duration.ZERO) > 0) {
                    moreDue = false;
                    return;
                }
                // The open wait is over: the first calls will move the breaker to HALF_OPEN; claim only the trials.
                room = Math.min(room, settings.breakerPermittedCallsInHalfOpen());
            } else if (state == CircuitBreaker.State.HALF_OPEN) {
                room = Math.min(room, settings.breakerPermittedCallsInHalfOpen());
            }
            if (room <= 0) {
                return;
            }
            List<CrmOutbox.Entry> claimed = outbox.claimDue(room, now, settings.lease());
            moreDue = claimed.size() == room;
            for (CrmOutbox.Entry entry : claimed) {
                outstanding.incrementAndGet();
                try {
                    writers.execute(new Delivery(entry));
                } catch (RejectedExecutionException stopping) {
                    outstanding.decrementAndGet(); // stopping: the row comes back after its lease
                }
            }
        } catch (RuntimeException e) {
            moreDue = false;
            error("claiming due rows failed: " + e.getMessage());
            LOG.warn("CRM outbox: claiming due rows failed; trying again in {}", settings.pollInterval(), e);
        }
    }

    private void deliver(CrmOutbox.Entry entry) {
        try {
            if (!running) {
                release(entry, clock.instant(), "released: the outbox worker stopped before delivering it");
                return;
            }
            if (!breaker.tryAcquirePermission()) {
                Instant now = clock.instant();
                Duration wait = openRemaining(now);
                if (wait.isZero() || wait.isNegative()) {
                    wait = settings.pollInterval(); // HALF_OPEN, trials busy: look again soon
                }
                release(entry, now.plus(wait), "not sent: the CRM circuit breaker is " + breaker.getState()
                        + " after repeated CRM failures (last: " + lastError + ")");
                return;
            }
            long start = System.nanoTime();
            CrmDelivery.Result result;
            try {
                result = delivery.deliver(entry);
            } catch (RuntimeException storeFailure) {
                breaker.releasePermission();
                throw storeFailure;
            }
            long took = System.nanoTime() - start;
            if (result.crmFailure()) {
                breaker.onError(took, TimeUnit.NANOSECONDS, result.error());
            } else {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            }
            switch (result.kind()) {
                case DONE -> delivered.incrementAndGet();
                case WAITING -> waited.incrementAndGet();
                case RETRY, FAILED -> {
                    failures.incrementAndGet();
                    error(result.message());
                }
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            error("outbox row " + entry.id() + ": " + e.getMessage());
            LOG.warn("CRM outbox row {}: the store failed; the row comes back after its lease ({})", entry.id(),
                    settings.lease(), e);
        } finally {
            finished();
        }
    }

    /** One claimed row on its way to a writer thread; a class (not a lambda) so that stopping can hand it back. */
    private final class Delivery implements Runnable {
        final CrmOutbox.Entry entry;

        Delivery(CrmOutbox.Entry entry) {
            this.entry = entry;
        }

        @Override
        public void run() {
            deliver(entry);
        }
    }

    private void release(CrmOutbox.Entry entry, Instant next, String why) {
        outbox.retryAt(entry.id(), next, why);
        released.incrementAndGet();
    }

    /** A row is finished: when the last claim was full and the writers are about to run dry, claim again now. */
    private void finished() {
        int left = outstanding.decrementAndGet();
        if (running && moreDue && left <= settings.concurrency() && refillQueued.compareAndSet(false, true)) {
            try {
                poller.execute(() -> {
                    refillQueued.set(false);
                    poll();
                });
            } catch (RejectedExecutionException stopping) {
                refillQueued.set(false);
            }
        }
    }

    private Duration openRemaining(Instant now) {
        Instant until = openUntil.get();
        if (breaker.getState() != CircuitBreaker.State.OPEN) {
            return Duration.ZERO;
        }
        return until == null ? settings.breakerWaitInOpenState() : Duration.between(now, until);
    }

    private void error(String message) {
        lastError = message;
        lastErrorAt = clock.instant();
    }

    @Override
    public Snapshot snapshot() {
        Instant now = clock.instant();
        CrmOutbox.Stats stats;
        try {
            stats = outbox.stats(now);
        } catch (RuntimeException e) {
            stats = null;
        }
        return new Snapshot(crm.getClass().getSimpleName(), breaker.getState().name(), delivered.get(),
                failures.get(), lastError, lastErrorAt, stats);
    }

    // For tests and diagnostics.

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    long breakerOpenedCount() {
        return breakerOpened.get();
    }

    long releasedCount() {
        return released.get();
    }

    long waitedCount() {
        return waited.get();
    }

    boolean terminated() {
        return writers.isTerminated() && poller.isTerminated();
    }

    private static void awaitQuietly(ExecutorService executor, Duration wait) throws InterruptedException {
        executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
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
