package org.parley.camel.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionStore;
import org.parley.api.Replies;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;
import org.parley.api.config.ConfigValues;
import org.parley.camel.OutboundReply;
import org.parley.camel.ParleyHeaders;
import org.parley.camel.RateLimitedException;
import org.parley.camel.ReplyRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies, from a person's request to the channel: stored first, then posted by the channel account's
 * {@code parley:outbound} route, one at a time, with the outcome recorded. A reply is claimed with a lease while it
 * is being posted, so that one cut off by a crash comes back marked uncertain: a route that posts idempotently gets
 * it again, any other channel's reply becomes FAILED with the reason, for a person to check, rather than posted twice.
 */
@Component(service = Replies.class, configurationPid = ReplyDesk.PID)
@Designate(ocd = ReplyDesk.Config.class)
public final class ReplyDesk implements Replies {

    static final String PID = "org.parley.replies";
    private static final Logger LOG = LoggerFactory.getLogger(ReplyDesk.class);
    private static final int CLAIM_BATCH = 20;

    @ObjectClassDefinition(name = "Parley replies", description = "How replies are posted on the channels")
    public @interface Config {
        @AttributeDefinition(description = "How often due replies are looked for (ISO-8601 or 500ms/10s/5m); a new or approved reply is posted at once")
        String pollInterval() default "PT1S";

        @AttributeDefinition(description = "How long a reply being posted stays claimed; after it, an attempt cut off by a crash is noticed")
        String lease() default "PT2M";

        @AttributeDefinition(description = "Attempts before a reply that keeps failing becomes FAILED; a rate limit alone never fails a reply, though its attempt is counted", min = "1", max = "100")
        int maxAttempts() default 8;

        @AttributeDefinition(description = "Wait after the first failed attempt; doubles per attempt")
        String backoffInitial() default "PT10S";

        @AttributeDefinition(description = "Longest wait between attempts")
        String backoffMax() default "PT10M";
    }

    private final ReplyStore replies;
    private final InteractionStore interactions;
    private final OutboundRegistry outbound;
    private final Clock clock;
    private final Duration lease;
    private final int maxAttempts;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final ScheduledExecutorService poster;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile boolean stopping;

    @Activate
    public ReplyDesk(@Reference ReplyStore replies, @Reference InteractionStore interactions,
                     @Reference OutboundRegistry outbound, Config config) {
        this(replies, interactions, outbound, config, Clock.systemUTC());
    }

    ReplyDesk(ReplyStore replies, InteractionStore interactions, OutboundRegistry outbound, Config config, Clock clock) {
        this.replies = replies;
        this.interactions = interactions;
        this.outbound = outbound;
        this.clock = clock;
        Duration pollInterval = ConfigValues.positiveDuration(PID + ": ", "pollInterval", config.pollInterval());
        this.lease = ConfigValues.positiveDuration(PID + ": ", "lease", config.lease());
        this.backoffInitial = ConfigValues.positiveDuration(PID + ": ", "backoffInitial", config.backoffInitial());
        this.backoffMax = ConfigValues.positiveDuration(PID + ": ", "backoffMax", config.backoffMax());
        if (config.maxAttempts() < 1) {
            throw new IllegalArgumentException(PID + ": maxAttempts " + config.maxAttempts() + " is not allowed; it must be 1 or more");
        }
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException(PID + ": backoffMax " + config.backoffMax() + " is shorter than backoffInitial "
                    + config.backoffInitial());
        }
        this.maxAttempts = config.maxAttempts();
        this.poster = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-replies");
            t.setDaemon(true);
            return t;
        });
        // At once on start: what was due while Parley was down goes out now, not one interval later.
        poster.scheduleWithFixedDelay(this::postDue, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Lets the reply being posted finish, then stops. Never interrupts: an interrupt inside a JDBC call makes embedded
     * H2 close its file, which would take the whole store down with this component.
     */
    @Deactivate
    public void stop() throws InterruptedException {
        stopping = true;
        poster.shutdown();
        if (!poster.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("A reply was still being posted after 30 s; it comes back after its lease ({})", lease);
        }
    }

    @Override
    public Reply request(InteractionKey inReplyTo, String text, String user) {
        Objects.requireNonNull(inReplyTo, "inReplyTo");
        requireUser(user);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("The reply is empty: write what to say");
        }
        Interaction original = interactions.find(inReplyTo)
                .orElseThrow(() -> new IllegalArgumentException("There is no interaction " + inReplyTo + " to reply to"));
        OutboundConsumer route = outbound.find(original.channel(), original.account()).orElseThrow(() -> new IllegalStateException(
                "Replies cannot be posted on " + where(original) + " now: its channel route is not running (check parley:status)"));
        int maxLength = route.options().maxLength();
        int length = text.codePointCount(0, text.length());
        if (maxLength > 0 && length > maxLength) {
            throw new IllegalArgumentException("The reply has " + length + " characters; " + original.channel()
                    + " takes at most " + maxLength);
        }
        boolean needsApproval = route.options().requireApproval();
        long id = replies.add(new Reply.New(inReplyTo, original.account(), text, user, needsApproval,
                UUID.randomUUID().toString(), clock.instant()));
        LOG.info("Reply {} to {} requested by {}{}", id, inReplyTo, user, needsApproval ? ", awaiting approval" : "");
        if (!needsApproval) {
            wake();
        }
        return find(id);
    }

    @Override
    public Reply approve(long id, String user) {
        requireUser(user);
        Reply reply = find(id);
        if (reply.status() != Reply.Status.AWAITING_APPROVAL) {
            throw new IllegalStateException("Reply " + id + " is " + reply.status() + ", not awaiting approval");
        }
        if (reply.requestedBy().equals(user)) {
            throw new IllegalStateException("Reply " + id + " was written by " + user + "; a second person must approve it");
        }
        if (!replies.approve(id, user, clock.instant())) {
            throw new IllegalStateException("Reply " + id + " was approved or withdrawn meanwhile: " + find(id).status());
        }
        LOG.info("Reply {} approved by {}", id, user);
        wake();
        return find(id);
    }

    @Override
    public Reply retry(long id, String user) {
        requireUser(user);
        Reply reply = find(id);
        if (reply.status() != Reply.Status.FAILED || !replies.retry(id, clock.instant())) {
            throw new IllegalStateException("Reply " + id + " is " + find(id).status() + "; only a FAILED reply can be retried");
        }
        LOG.info("Reply {} put back in the queue by {}", id, user);
        wake();
        return find(id);
    }

    private Reply find(long id) {
        return replies.find(id).orElseThrow(() -> new IllegalArgumentException("There is no reply " + id));
    }

    private static void requireUser(String user) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("Replies are asked for and approved by a named user");
        }
    }

    /** Posts what is due now instead of at the next poll; requests arriving together share one run. */
    void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                poster.execute(() -> {
                    wakeQueued.set(false);
                    postDue();
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                wakeQueued.set(false);
            }
        }
    }

    /** One run of the poster thread: everything due, batch by batch. Never throws, so the schedule goes on. */
    void postDue() {
        try {
            List<ReplyStore.Claim> due;
            do {
                due = replies.claimDue(CLAIM_BATCH, clock.instant(), lease);
                for (ReplyStore.Claim claim : due) {
                    if (stopping) {
                        // Claimed but not started: back in the queue now rather than after the lease.
                        replies.retryAt(claim.reply().id(), clock.instant(), claim.reply().error());
                        continue;
                    }
                    post(claim);
                }
            } while (due.size() == CLAIM_BATCH && !stopping);
        } catch (RuntimeException e) {
            LOG.warn("Posting replies failed, trying again at the next poll: {}", Reasons.of(e));
        }
    }

    private void post(ReplyStore.Claim claim) {
        Reply reply = claim.reply();
        Instant now = clock.instant();
        Interaction original = interactions.find(reply.inReplyTo()).orElse(null);
        if (original == null) {
            replies.fail(reply.id(), "The interaction " + reply.inReplyTo() + " it answers is no longer stored", now);
            return;
        }
        OutboundConsumer route = outbound.find(reply.channel(), reply.account()).orElse(null);
        if (route == null) {
            retryOrFail(reply, "Replies cannot be posted on " + where(original) + " now: its channel route is not running");
            return;
        }
        if (claim.uncertain() && !route.options().idempotent()) {
            replies.fail(reply.id(), "Parley stopped while posting this reply, and " + reply.channel()
                    + " cannot tell whether it went out. Look at the conversation; retry the reply only if it is missing.", now);
            LOG.warn("Reply {} to {}: an attempt was cut off and {} has no idempotent posting; left FAILED for a person to check",
                    reply.id(), reply.inReplyTo(), reply.channel());
            return;
        }
        Exchange result = route.post(new OutboundReply(reply, original, claim.uncertain()));
        Exception failure = result.getException();
        if (failure == null) {
            String externalId = result.getMessage().getHeader(ParleyHeaders.REPLY_EXTERNAL_ID, String.class);
            if (externalId == null || externalId.isBlank()) {
                retryOrFail(reply, "The outbound route of " + reply.channel() + " returned without "
                        + ParleyHeaders.REPLY_EXTERNAL_ID + ": the reply was not confirmed as posted");
                return;
            }
            replies.sent(reply.id(), externalId, result.getMessage().getHeader(ParleyHeaders.REPLY_URL, String.class), clock.instant());
            LOG.info("Reply {} to {} posted as {}:{}", reply.id(), reply.inReplyTo(), reply.channel(), externalId);
            return;
        }
        ReplyRefusedException refused = causeOf(failure, ReplyRefusedException.class);
        RateLimitedException limited = causeOf(failure, RateLimitedException.class);
        if (refused != null) {
            replies.fail(reply.id(), refused.getMessage(), clock.instant());
            LOG.warn("Reply {} to {} refused by {}: {}", reply.id(), reply.inReplyTo(), reply.channel(), Reasons.of(refused));
        } else if (limited != null) {
            replies.retryAt(reply.id(), clock.instant().plus(limited.retryAfter()), Reasons.of(limited));
            LOG.info("Reply {} to {}: {} asks to wait {}", reply.id(), reply.inReplyTo(), reply.channel(), limited.retryAfter());
        } else {
            retryOrFail(reply, Reasons.of(failure));
        }
    }

    private void retryOrFail(Reply reply, String error) {
        Instant now = clock.instant();
        if (reply.attempts() >= maxAttempts) {
            replies.fail(reply.id(), "Gave up after " + reply.attempts() + " attempts: " + error, now);
            LOG.warn("Reply {} to {} failed after {} attempts: {}", reply.id(), reply.inReplyTo(), reply.attempts(), error);
            return;
        }
        Duration wait = backoffInitial.multipliedBy(1L << Math.min(20, Math.max(0, reply.attempts() - 1)));
        if (wait.compareTo(backoffMax) > 0) {
            wait = backoffMax;
        }
        replies.retryAt(reply.id(), now.plus(wait), error);
        LOG.warn("Reply {} to {}: attempt {} failed, next in {}: {}", reply.id(), reply.inReplyTo(), reply.attempts(), wait, error);
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String where(Interaction original) {
        return original.channel() + (original.account() == null ? "" : " account '" + original.account() + "'");
    }
}
