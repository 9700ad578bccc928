package org.parley.engine.internal;

import org.parley.api.IdentityResolver.Resolution;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.parley.api.ContactRef;
import org.parley.api.CrmConnector;
import org.parley.api.CrmException;
import org.parley.api.CrmOutbox;
import org.parley.api.IdentityLinks;
import org.parley.api.PersonActions;
import org.parley.api.PersonScores;
import org.parley.api.PersonTags;
import org.parley.api.RuleAction;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.SocialIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one outbox row: resolves the author (making a lead at once when a rule said so), writes the interaction
 * into the record's history, does the rules' other actions on the record (tag, owner) and updates its scores (or,
 * for a person's tag change, sets the tagged record's membership of the CRM's list for the tag), and records the outcome
 * on the row: DONE, WAITING (for a person or the lead policy), a retry time (exponential backoff with
 * jitter and a cap, or the CRM's Retry-After when that is longer), or FAILED (the CRM said it never will).
 * <p>
 * Resolution and the decision to wait run under a lock per identity, so that two rows of one unknown author do not
 * create two leads, and a row cannot be parked WAITING just after another row of its author linked it and woke the
 * waiting ones (a lost wake-up). The lock is per JVM; see the report on several nodes.
 * <p>
 * Thread-safe. Does not throw for CRM failures: the connector is wrapped so that anything it throws is a
 * {@link CrmException} (an unexpected exception counts as retryable). A failure of the store (outbox or identity
 * links) is thrown to the caller, and the row comes back after its lease.
 */
public final class CrmDelivery {

    /** Longest error text put on a row. */
    static final int MAX_ERROR_CHARS = 1000;

    private static final int LOCK_STRIPES = 64;
    private static final Logger LOG = LoggerFactory.getLogger(CrmDelivery.class);

    /** How one delivery ended. */
    public enum Kind { DONE, WAITING, RETRY, FAILED }

    /**
     * @param crmFailure the CRM failed in a way that says it is down or overloaded: counts against the breaker
     * @param error      the failure, null for DONE and WAITING
     * @param message    the crm id (DONE; for a tag change what was set, e.g. {@code +vip on Contacts/7}), the reason
     *                   (WAITING, FAILED) or the error (RETRY)
     * @param next       when a RETRY is due; null otherwise
     */
    public record Result(Kind kind, boolean crmFailure, RuntimeException error, String message, Instant next) {
    }

    private final CrmConnector crm;
    private final CrmOutbox outbox;
    private final PersonTags tags;
    private final PersonActions actions;
    private final PersonScores scores;
    private final IdentityResolution resolution;
    private final IntervalFunction backoff;
    private final Clock clock;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    public CrmDelivery(CrmConnector crm, IdentityLinks links, CrmOutbox outbox, PersonTags tags, PersonActions actions,
                       PersonScores scores, LeadPolicy policy, IntervalFunction backoff, Clock clock) {
        this.crm = new GuardedConnector(Objects.requireNonNull(crm, "crm"));
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.tags = Objects.requireNonNull(tags, "tags");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.scores = Objects.requireNonNull(scores, "scores");
        this.resolution = new IdentityResolution(this.crm, links, policy);
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The resilience4j backoff the settings describe: exponential, randomised, capped. */
    static IntervalFunction backoff(OutboxSettings s) {
        return IntervalFunction.ofExponentialRandomBackoff(s.backoffInitial(), s.backoffMultiplier(),
                s.backoffRandomization(), s.backoffMax());
    }

    public Result deliver(CrmOutbox.Entry entry) {
        if (entry.tagChange() != null) {
            return deliverTag(entry, entry.tagChange());
        }
        if (entry.removal() != null) {
            return deliverRemoval(entry, entry.removal());
        }
        Interaction interaction = entry.interaction();
        SocialIdentity author = interaction == null ? null : interaction.author();
        if (author == null || isBlank(author.channel()) || isBlank(author.handle())) {
            String reason = "interaction " + describe(interaction) + " has no author (channel and handle): "
                    + "it cannot be linked to a CRM record";
            outbox.fail(entry.id(), reason);
            return new Result(Kind.FAILED, false, null, reason, null);
        }
        ContactRef record;
        List<PersonActions.Pending> pending = actions.pending(interaction.key());
        String leadRule = pending.stream().filter(p -> p.action().type() == RuleAction.Type.MAKE_LEAD)
                .map(p -> p.action().ruleId()).findFirst().orElse(null);
        try {
            ReentrantLock lock = lockOf(author);
            lock.lock();
            try {
                Resolution r = resolution.resolve(author, leadRule);
                if (r.waiting()) {
                    outbox.await(entry.id(), r.waitReason());
                    return new Result(Kind.WAITING, false, null, r.waitReason(), null);
                }
                if (r.newLink()) {
                    int woken = outbox.wake(author.channel(), author.handle());
                    if (woken > 0) {
                        LOG.info("{}:{} linked: {} waiting CRM writes woken", author.channel(), author.handle(), woken);
                    }
                }
                record = r.record();
            } finally {
                lock.unlock();
            }
            String crmId = crm.writeHistory(record, interaction);
            applyRules(record, pending);
            updateScores(record);
            outbox.done(entry.id(), crmId, clock.instant());
            return new Result(Kind.DONE, false, null, crmId, null);
        } catch (CrmException e) {
            return crmFailed(entry, e);
        }
    }

    /**
     * The rules' actions on the author's record, each marked done once done, so that a retried row (the CRM failed
     * on a later action) does not do it twice. A tag goes through {@link PersonTags} (where a person's removal
     * stops it, and the CRM list follows through the outbox). An owner the CRM cannot take (no such user) is
     * logged and dropped: the history is written, and the rule is what must change.
     */
    private void applyRules(ContactRef record, List<PersonActions.Pending> pending) {
        for (PersonActions.Pending p : pending) {
            RuleAction action = p.action();
            switch (action.type()) {
                case TAG_PERSON -> tags.add(record, action.value(), "rule:" + action.ruleId());
                case ASSIGN_OWNER -> assignOwner(record, action);
                default -> { } // MAKE_LEAD was used by the resolution; nothing else reaches here
            }
            actions.done(p.id(), clock.instant());
        }
    }

    private void assignOwner(ContactRef record, RuleAction action) {
        if (!crm.capabilities().contains(CrmConnector.Capability.OWNERS)) {
            LOG.warn("Rule {}: this CRM connector cannot assign owners; {} {} keeps its owner", action.ruleId(),
                    record.type(), record.id());
            return;
        }
        try {
            crm.assignOwner(record, action.value());
        } catch (CrmException e) {
            if (e.retryable()) {
                throw e;
            }
            LOG.warn("Rule {}: the CRM refused to assign {} {} to '{}': {}", action.ruleId(), record.type(),
                    record.id(), action.value(), e.getMessage());
        }
    }

    /** The record's scores, recomputed with this interaction, written to the CRM when they moved enough. */
    private void updateScores(ContactRef record) {
        if (!crm.capabilities().contains(CrmConnector.Capability.SCORES)) {
            return;
        }
        PersonScores.PersonScore s = scores.update(record, clock.instant());
        if (!s.written()) {
            crm.setScores(record, s.engagement(), s.sentiment());
            scores.written(record, s.engagement(), s.sentiment());
        }
    }

    /**
     * A person's tag, mirrored into the CRM's list for it: the record is the one tagged, so nothing is resolved and
     * no lock is taken. The membership written is the tag's state NOW, not the one the row recorded: rows of the same
     * tag may be retried out of order (backoff jitter, parallel writers), and writing the current state makes every
     * delivery converge on it. Setting a membership is idempotent, so a retried or doubled row does no harm.
     */
    private Result deliverTag(CrmOutbox.Entry entry, CrmOutbox.TagChange change) {
        ContactRef record = change.record();
        if (record == null || isBlank(record.type()) || isBlank(record.id()) || isBlank(change.tag())) {
            String reason = "tag change " + describe(change) + " has no record (type and id) or no tag";
            outbox.fail(entry.id(), reason);
            return new Result(Kind.FAILED, false, null, reason, null);
        }
        try {
            boolean member = tags.tagsOf(record).stream().anyMatch(t -> t.name().equals(change.tag()));
            crm.setTagMembership(record, change.tag(), member);
        } catch (CrmException e) {
            return crmFailed(entry, e);
        }
        outbox.done(entry.id(), null, clock.instant());
        return new Result(Kind.DONE, false, null, describe(change), null);
    }

    /**
     * An erased interaction's history entry, removed from the CRM. Nothing is resolved: the entry is found by its CRM
     * id and its key. Removing is idempotent, so a retried or doubled row does no harm.
     */
    private Result deliverRemoval(CrmOutbox.Entry entry, CrmOutbox.HistoryRemoval removal) {
        int removed;
        try {
            removed = crm.removeHistory(removal.key(), removal.crmId());
        } catch (CrmException e) {
            return crmFailed(entry, e);
        }
        outbox.removed(entry.id(), removal.erasureId(), clock.instant());
        return new Result(Kind.DONE, false, null, describe(removal) + ": " + removed + " removed", null);
    }

    private Result crmFailed(CrmOutbox.Entry entry, CrmException e) {
        if (e.retryable()) {
            return retry(entry, e, "CRM: " + e.getMessage(), e.retryAfter().orElse(null));
        }
        String what = entry.tagChange() != null ? "tag change " + describe(entry.tagChange())
                : entry.removal() != null ? describe(entry.removal()) : describe(entry.interaction());
        String reason = truncate("CRM refused " + what + ": " + e.getMessage());
        outbox.fail(entry.id(), reason);
        LOG.warn("Outbox row {} failed for good: {}", entry.id(), reason);
        return new Result(Kind.FAILED, false, e, reason, null);
    }

    private Result retry(CrmOutbox.Entry entry, RuntimeException e, String message, Duration retryAfter) {
        Instant now = clock.instant();
        Instant next = nextAttempt(entry.attempts(), retryAfter, now);
        String error = truncate(message);
        outbox.retryAt(entry.id(), next, error);
        LOG.debug("Outbox row {} (attempt {}) will be retried at {}: {}", entry.id(), entry.attempts(), next, error);
        return new Result(Kind.RETRY, true, e, error, next);
    }

    /** {@code now} + the backoff for this attempt, or + the CRM's Retry-After when that is longer. */
    Instant nextAttempt(int attempts, Duration retryAfter, Instant now) {
        long waitMillis = backoff.apply(Math.max(1, attempts));
        if (retryAfter != null && retryAfter.toMillis() > waitMillis) {
            waitMillis = retryAfter.toMillis();
        }
        return now.plusMillis(waitMillis);
    }

    private ReentrantLock lockOf(SocialIdentity author) {
        int h = (author.channel() + '\u0000' + author.handle()).hashCode();
        return locks[Math.floorMod(h, locks.length)];
    }

    private static String describe(Interaction interaction) {
        if (interaction == null) {
            return "(none)";
        }
        return interaction.channel() + ":" + interaction.externalId();
    }

    /** For example {@code removal of mastodon:109 (erasure 4)}: the key, never the person. */
    private static String describe(CrmOutbox.HistoryRemoval removal) {
        return "removal of " + removal.key() + " (erasure " + removal.erasureId() + ")";
    }

    /** For example {@code +vip on Contacts/7} (added) or {@code -vip on Contacts/7} (removed). */
    private static String describe(CrmOutbox.TagChange change) {
        ContactRef r = change.record();
        return (change.member() ? "+" : "-") + change.tag() + " on "
                + (r == null ? "(no record)" : r.type() + "/" + r.id());
    }

    static String truncate(String s) {
        if (s == null || s.length() <= MAX_ERROR_CHARS) {
            return s;
        }
        return s.substring(0, MAX_ERROR_CHARS - 1) + "\u2026";
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * The connector, held to its contract: whatever else it throws becomes a retryable {@link CrmException}, so that
     * a connector bug delays rows (and counts against the breaker) instead of being mistaken for a store failure.
     */
    static final class GuardedConnector implements CrmConnector {
        private final CrmConnector delegate;

        GuardedConnector(CrmConnector delegate) {
            this.delegate = delegate;
        }

        private static CrmException unexpected(String call, RuntimeException e) {
            return CrmException.retryable("unexpected " + e.getClass().getName() + " from " + call + ": "
                    + e.getMessage(), null, e);
        }

        @Override
        public Set<Capability> capabilities() {
            try {
                return delegate.capabilities();
            } catch (CrmException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unexpected("capabilities", e);
            }
        }

        @Override
        public List<ContactRef> findCandidates(SocialIdentity identity) {
            try {
                return List.copyOf(delegate.findCandidates(identity));
            } catch (CrmException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unexpected("findCandidates", e);
            }
        }

        @Override
        public ContactRef createLead(SocialIdentity identity, String source) {
            try {
                return Objects.requireNonNull(delegate.createLead(identity, source), "createLead returned null");
            } catch (CrmException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unexpected("createLead", e);
            }
        }

        @Override
        public Optional<ContactRef> current(ContactRef record) {
            try {
                return Objects.requireNonNull(delegate.current(record), "current returned null");
            } catch (CrmException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unexpected("current", e);
            }
        }

        @Override
        public String writeHistory(ContactRef record, Interaction interaction) {
            try {
                return delegate.writeHistory(record, interaction);
            } catch (CrmException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unexpected("writeHistory", e);
            }
        }

        @Override
        public int removeHistory(InteractionKey key, String crmId) {
            try {
                return delegate.removeHistory(key, crmId);
            } catch (CrmException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unexpected("removeHistory", e);
            }
        }

        @Override
        public void setTagMembership(ContactRef record, String tag, boolean member) {
            try {
                delegate.setTagMembership(record, tag, member);
            } catch (CrmException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unexpected("setTagMembership", e);
            }
        }

        @Override
        public void setScores(ContactRef record, double engagement, double sentiment) {
            try {
                delegate.setScores(record, engagement, sentiment);
            } catch (CrmException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unexpected("setScores", e);
            }
        }

        @Override
        public void assignOwner(ContactRef record, String user) {
            try {
                delegate.assignOwner(record, user);
            } catch (CrmException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unexpected("assignOwner", e);
            }
        }
    }
}
