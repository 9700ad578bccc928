package org.parley.metrics.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.parley.api.ChannelState;
import org.parley.api.CrmStatus;
import org.parley.api.WebhookInbox;
import org.parley.metrics.ParleyHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Parley can do its work now. Not ready, with one reason each, when: the store is not running or a store query
 * fails (database down); the CRM circuit breaker is open; a channel account has been failing for longer than
 * {@link HealthSettings#channelFailingFor()}; a webhook delivery has waited longer than
 * {@link HealthSettings#inboxBacklogAge()}. Reasons name channels, accounts, times and counts only: no message content,
 * no error text from a channel, no secret.
 */
final class ReadinessCheck implements ParleyHealth {

    private static final Logger LOG = LoggerFactory.getLogger(ReadinessCheck.class);

    private final Supplier<Sources> sources;
    private final HealthSettings settings;
    private final Clock clock;

    ReadinessCheck(Supplier<Sources> sources, HealthSettings settings, Clock clock) {
        this.sources = sources;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Readiness readiness() {
        Sources s = sources.get();
        Instant now = clock.instant();
        List<String> reasons = new ArrayList<>();
        boolean storeUp = channels(s, now, reasons);
        crm(s, reasons);
        if (storeUp) {
            inbox(s, now, reasons);
        }
        return new Readiness(reasons);
    }

    /** The channel states are the store query: false when the store is down. */
    private boolean channels(Sources s, Instant now, List<String> reasons) {
        if (s.states() == null) {
            reasons.add("database down: Parley's store is not running (is the DataSource 'parley' there?)");
            return false;
        }
        List<ChannelState> states;
        try {
            states = s.states().states();
        } catch (RuntimeException e) {
            LOG.warn("Readiness: reading the channel states failed: {}", e.toString());
            reasons.add("database down: reading the channel states failed (" + e.getClass().getSimpleName() + ")");
            return false;
        }
        states.stream()
                .sorted(Comparator.comparing(ChannelState::channel).thenComparing(st -> account(st.account())))
                .forEach(st -> failing(st, now).ifPresent(reasons::add));
        return true;
    }

    private Optional<String> failing(ChannelState st, Instant now) {
        boolean failedLast = st.lastErrorAt() != null
                && (st.lastSuccessAt() == null || st.lastErrorAt().isAfter(st.lastSuccessAt()));
        if (!failedLast) {
            return Optional.empty();
        }
        String name = st.channel() + (account(st.account()).isEmpty() ? "" : "/" + st.account());
        if (st.lastSuccessAt() == null) {
            // No success to count from: it has failed since it was set up, and how long is not known.
            return Optional.of("channel " + name + " is failing: it never polled successfully (last failure "
                    + st.lastErrorAt().truncatedTo(ChronoUnit.SECONDS) + ")");
        }
        Duration since = Duration.between(st.lastSuccessAt(), now);
        if (since.compareTo(settings.channelFailingFor()) <= 0) {
            return Optional.empty();
        }
        return Optional.of("channel " + name + " is failing: no successful poll since "
                + st.lastSuccessAt().truncatedTo(ChronoUnit.SECONDS) + " (longer than "
                + settings.channelFailingFor() + ")");
    }

    private void crm(Sources s, List<String> reasons) {
        CrmStatus crm = s.crm();
        if (crm == null) {
            return; // Parley without a CRM connector: nothing to wait for.
        }
        String state;
        try {
            state = crm.snapshot().breakerState();
        } catch (RuntimeException e) {
            LOG.warn("Readiness: reading the CRM status failed: {}", e.toString());
            reasons.add("CRM status unavailable: reading it failed (" + e.getClass().getSimpleName() + ")");
            return;
        }
        String upper = state == null ? "" : state.toUpperCase(Locale.ROOT);
        if (upper.equals("OPEN") || upper.equals("FORCED_OPEN")) {
            reasons.add("CRM circuit breaker is " + upper + ": writes to the CRM are paused");
        }
    }

    private void inbox(Sources s, Instant now, List<String> reasons) {
        WebhookInbox inbox = s.inbox();
        if (inbox == null) {
            return;
        }
        List<WebhookInbox.Counts> counts;
        try {
            counts = inbox.stats(now);
        } catch (RuntimeException e) {
            LOG.warn("Readiness: reading the webhook inbox failed: {}", e.toString());
            reasons.add("database down: reading the webhook inbox failed (" + e.getClass().getSimpleName() + ")");
            return;
        }
        counts.stream()
                .filter(c -> c.pending() > 0 && c.oldestPending() != null
                        && c.oldestPending().compareTo(settings.inboxBacklogAge()) > 0)
                .sorted(Comparator.comparing((WebhookInbox.Counts c) -> c.source().channel())
                        .thenComparing(c -> account(c.source().account())))
                .forEach(c -> reasons.add("webhook inbox of " + c.source().channel()
                        + (account(c.source().account()).isEmpty() ? "" : "/" + c.source().account()) + " has "
                        + c.pending() + " pending deliveries, the oldest waiting " + c.oldestPending().withNanos(0)
                        + " (longer than " + settings.inboxBacklogAge() + ")"));
    }

    private static String account(String account) {
        return account == null ? "" : account;
    }
}
