package org.parley.metrics.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.parley.api.ChannelState;
import org.parley.api.CrmOutbox;
import org.parley.api.Interaction;
import org.parley.api.InteractionQuery;
import org.parley.api.InteractionStore;
import org.parley.api.Reply;
import org.parley.api.WebhookInbox;
import org.parley.api.WebhookRefusals;

/**
 * Reads each metric from the service that knows it, when asked: one method per concern, so that JMX reads only what
 * an attribute needs and the Prometheus export reads everything once per scrape. Reads counts and times only, never
 * message content. A source that is not bound throws {@link SourceUnavailableException}; one that fails throws what
 * it threw.
 */
public final class MetricsReader {

    /**
     * One channel account.
     *
     * @param interactionsStored interactions stored from it (rows in the store)
     * @param sinceLastSuccess   time since its last successful poll; null when it never had one
     * @param sinceNewest        time since its newest stored interaction was said (its occurredAt); null when none
     * @param failing            its last poll failed after its last success (or it never had one)
     */
    public record ChannelAccount(String channel, String account, long interactionsStored, Duration sinceLastSuccess,
                                 Duration sinceNewest, boolean failing) {
    }

    /** The CRM outbox's rows by status, and the age of the oldest PENDING one (zero when none). */
    public record Outbox(long pending, long waiting, long failed, Duration oldestPending) {
    }

    /** Webhook requests the ingress refused from one channel account for one reason, since it started. */
    public record Refusal(String channel, String account, String reason, long count) {
    }

    /** The ingress inbox of one channel account: deliveries not yet processed, dead-lettered, oldest pending age. */
    public record InboxBacklog(String channel, String account, long pending, long failed, Duration oldestPending) {
    }

    private final Supplier<Sources> sources;
    private final Clock clock;

    public MetricsReader(Supplier<Sources> sources, Clock clock) {
        this.sources = sources;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Every channel account Parley keeps a state for, by channel and account. The count comes from the channel states
     * (one grouped count over the interactions' channel/account index); the newest interaction is one indexed
     * look-up per account (newest first by channel, account and time).
     */
    public List<ChannelAccount> channels() {
        Sources s = sources.get();
        if (s.states() == null) {
            throw new SourceUnavailableException("Parley's store is not running (no ChannelStateStore)");
        }
        Instant now = now();
        List<ChannelState> states = new ArrayList<>(s.states().states());
        states.sort(Comparator.comparing(ChannelState::channel).thenComparing(st -> account(st.account())));
        List<ChannelAccount> accounts = new ArrayList<>(states.size());
        for (ChannelState st : states) {
            Instant newest = newest(s.interactions(), st.channel(), st.account());
            boolean failing = st.lastErrorAt() != null
                    && (st.lastSuccessAt() == null || st.lastErrorAt().isAfter(st.lastSuccessAt()));
            accounts.add(new ChannelAccount(st.channel(), account(st.account()), st.interactions(),
                    age(st.lastSuccessAt(), now), age(newest, now), failing));
        }
        return accounts;
    }

    public Outbox outbox() {
        CrmOutbox outbox = sources.get().outbox();
        if (outbox == null) {
            throw new SourceUnavailableException("Parley's store is not running (no CrmOutbox)");
        }
        CrmOutbox.Stats stats = outbox.stats(now());
        return new Outbox(stats.pending(), stats.waiting(), stats.failed(), nonNegative(stats.oldestPending()));
    }

    /** The CRM circuit breaker's state as the outbox worker names it (CLOSED, OPEN, HALF_OPEN, ...). */
    public String breakerState() {
        var crm = sources.get().crm();
        if (crm == null) {
            throw new SourceUnavailableException("no CRM connector is running (no CrmStatus)");
        }
        return crm.snapshot().breakerState();
    }

    public long deadLettersPending() {
        var deadLetters = sources.get().deadLetters();
        if (deadLetters == null) {
            throw new SourceUnavailableException("Parley's store is not running (no DeadLetterStore)");
        }
        return deadLetters.countPending();
    }

    /** FAILED replies: they wait for a person to retry them. */
    public long repliesFailed() {
        var replies = sources.get().replies();
        if (replies == null) {
            throw new SourceUnavailableException("Parley's store is not running (no ReplyStore)");
        }
        return replies.count(Reply.Status.FAILED);
    }

    /** By channel, account and reason. */
    public List<Refusal> refusals() {
        WebhookRefusals refusals = sources.get().refusals();
        if (refusals == null) {
            throw new SourceUnavailableException("the webhook ingress is not running (no WebhookRefusals)");
        }
        List<Refusal> all = new ArrayList<>();
        for (WebhookRefusals.Refused r : refusals.refused()) {
            for (Map.Entry<String, Long> reason : r.byReason().entrySet()) {
                all.add(new Refusal(r.channel(), account(r.account()), reason.getKey(), reason.getValue()));
            }
        }
        all.sort(Comparator.comparing(Refusal::channel).thenComparing(Refusal::account)
                .thenComparing(Refusal::reason));
        return all;
    }

    /** By channel and account; only sources with pending or failed deliveries (processed ones are not counted). */
    public List<InboxBacklog> inbox() {
        WebhookInbox inbox = sources.get().inbox();
        if (inbox == null) {
            throw new SourceUnavailableException("Parley's store is not running (no WebhookInbox)");
        }
        List<InboxBacklog> all = new ArrayList<>();
        for (WebhookInbox.Counts c : inbox.stats(now())) {
            all.add(new InboxBacklog(c.source().channel(), account(c.source().account()), c.pending(), c.failed(),
                    nonNegative(c.oldestPending())));
        }
        all.sort(Comparator.comparing(InboxBacklog::channel).thenComparing(InboxBacklog::account));
        return all;
    }

    /**
     * The newest stored interaction's time. A single-account channel's state names the account '' while its
     * interactions may have none: then the channel's newest is its account's newest.
     */
    private static Instant newest(InteractionStore interactions, String channel, String account) {
        if (interactions == null) {
            return null;
        }
        String onAccount = account == null || account.isEmpty() ? null : account;
        List<Interaction> found = interactions.find(new InteractionQuery(channel, onAccount, null, 1));
        return found.isEmpty() ? null : found.get(0).occurredAt();
    }

    private static String account(String account) {
        return account == null ? "" : account;
    }

    private static Duration age(Instant at, Instant now) {
        return at == null ? null : nonNegative(Duration.between(at, now));
    }

    /** Clocks of two machines disagree a little: an age is never negative. */
    private static Duration nonNegative(Duration d) {
        return d == null || d.isNegative() ? Duration.ZERO : d;
    }
}
