package org.parley.metrics.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.api.ChannelState;
import org.parley.api.ChannelStateStore;
import org.parley.api.CrmOutbox;
import org.parley.api.CrmStatus;
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterStore;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionQuery;
import org.parley.api.InteractionStore;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;
import org.parley.api.SocialIdentity;
import org.parley.api.StoreResult;
import org.parley.api.WebhookInbox;
import org.parley.api.WebhookRefusals;

/**
 * In-memory test doubles of the services the metrics are read from, answering with what the test puts in them;
 * {@link #failure} makes every store read fail as a database that is down would. Methods the metrics never call throw.
 */
final class Doubles {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    final List<ChannelState> states = new CopyOnWriteArrayList<>();
    /** The interactions the store holds, any order. */
    final List<Interaction> interactions = new CopyOnWriteArrayList<>();
    /** Every query the interaction store was asked. */
    final List<InteractionQuery> queries = new CopyOnWriteArrayList<>();
    volatile CrmOutbox.Stats outboxStats = new CrmOutbox.Stats(0, 0, 0, Duration.ZERO, null);
    volatile String breakerState = "CLOSED";
    volatile long deadLettersPending;
    final List<Reply> replies = new CopyOnWriteArrayList<>();
    /** The limits the reply store was listed with. */
    final List<WebhookRefusals.Refused> refused = new CopyOnWriteArrayList<>();
    final List<WebhookInbox.Counts> inboxCounts = new CopyOnWriteArrayList<>();
    /** When set, every store read throws it. */
    volatile RuntimeException failure;
    /** When set, the CRM status throws it. */
    volatile RuntimeException crmFailure;

    final ChannelStateStore channelStateStore = new States();
    final InteractionStore interactionStore = new Interactions();
    final CrmOutbox crmOutbox = new Outbox();
    final CrmStatus crmStatus = () -> {
        if (crmFailure != null) {
            throw crmFailure;
        }
        return new CrmStatus.Snapshot("SuiteCrm", breakerState, 0, 0, null, null, outboxStats);
    };
    final DeadLetterStore deadLetterStore = new DeadLetters();
    final ReplyStore replyStore = new Replies();
    final WebhookInbox webhookInbox = new Inbox();
    final WebhookRefusals webhookRefusals = () -> List.copyOf(refused);

    /** Every source bound. */
    Sources all() {
        return new Sources(channelStateStore, interactionStore, crmOutbox, crmStatus, deadLetterStore, replyStore,
                webhookInbox, webhookRefusals);
    }

    /** The store's services only: no CRM connector, no ingress. */
    Sources storeOnly() {
        return new Sources(channelStateStore, interactionStore, crmOutbox, null, deadLetterStore, replyStore,
                webhookInbox, null);
    }

    static Interaction interaction(String channel, String account, String id, Instant at) {
        return Interaction.builder(channel, id).kind(org.parley.api.InteractionKind.MENTION).account(account).author(SocialIdentity.of(channel, "someone", "Someone"))
                .text("the text of " + id).occurredAt(at).build();
    }

    static Reply reply(long id, Reply.Status status) {
        return new Reply(id, new InteractionKey("mastodon", "m" + id), "brand", "reply text " + id, "karaf:admin",
                status, null, "idem-" + id, null, null, status == Reply.Status.FAILED ? "429" : null, 1, NOW, null);
    }

    private void failIfAsked() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("not used by the metrics");
    }

    private final class States implements ChannelStateStore {
        @Override
        public Optional<ChannelState> state(String channel, String account) {
            throw unused();
        }

        @Override
        public List<ChannelState> states() {
            failIfAsked();
            return List.copyOf(states);
        }

        @Override
        public void recordPoll(String channel, String account, Instant at, String error) {
            throw unused();
        }

        @Override
        public void recordBackfill(String channel, String account, String progress) {
            throw unused();
        }
    }

    /** find(query) as the store answers it: filtered by channel and account (null: any), newest first. */
    private final class Interactions implements InteractionStore {
        @Override
        public List<Interaction> find(InteractionQuery query) {
            failIfAsked();
            queries.add(query);
            return interactions.stream()
                    .filter(i -> query.channel() == null || query.channel().equals(i.channel()))
                    .filter(i -> query.account() == null || query.account().equals(i.account()))
                    .sorted((a, b) -> b.occurredAt().compareTo(a.occurredAt()))
                    .limit(query.limit())
                    .toList();
        }

        @Override
        public StoreResult store(IngestBatch batch) {
            throw unused();
        }

        @Override
        public Set<InteractionKey> existing(Collection<InteractionKey> keys) {
            throw unused();
        }

        @Override
        public Optional<Interaction> find(InteractionKey key) {
            throw unused();
        }

        @Override
        public Map<InteractionKey, Double> sentiments(Collection<InteractionKey> keys) {
            throw unused();
        }

        @Override
        public long count() {
            throw unused();
        }
    }

    private final class Outbox implements CrmOutbox {
        @Override
        public Stats stats(Instant now) {
            failIfAsked();
            return outboxStats;
        }

        @Override
        public List<Entry> claimDue(int limit, Instant now, Duration lease) {
            throw unused();
        }

        @Override
        public void done(long id, String crmId, Instant at) {
            throw unused();
        }

        @Override
        public void removed(long id, long erasureId, Instant at) {
            throw unused();
        }

        @Override
        public void retryAt(long id, Instant next, String error) {
            throw unused();
        }

        @Override
        public void await(long id, String reason) {
            throw unused();
        }

        @Override
        public void fail(long id, String reason) {
            throw unused();
        }

        @Override
        public int wake(String channel, String handle) {
            throw unused();
        }

        @Override
        public boolean requeue(long id) {
            throw unused();
        }

        @Override
        public int requeue(List<SocialIdentity> identities) {
            throw unused();
        }
    }

    private final class DeadLetters implements DeadLetterStore {
        @Override
        public long countPending() {
            failIfAsked();
            return deadLettersPending;
        }

        @Override
        public long add(DeadLetter.New deadLetter) {
            throw unused();
        }

        @Override
        public List<DeadLetter> list(String channel, boolean includeReplayed, int limit) {
            throw unused();
        }

        @Override
        public Optional<DeadLetter> find(long id) {
            throw unused();
        }

        @Override
        public void markReplayed(long id, Instant at) {
            throw unused();
        }

        @Override
        public void recordFailedReplay(long id, String reason) {
            throw unused();
        }
    }

    /** list(status, limit) as the store answers it: that status only, at most limit. */
    private final class Replies implements ReplyStore {
        @Override
        public List<Reply> list(Reply.Status status, int limit) {
            throw new UnsupportedOperationException("metrics count replies, they never list them");
        }

        @Override
        public long count(Reply.Status status) {
            failIfAsked();
            return replies.stream().filter(r -> status == null || r.status() == status).count();
        }

        @Override
        public long add(Reply.New reply) {
            throw unused();
        }

        @Override
        public Optional<Reply> find(long id) {
            throw unused();
        }

        @Override
        public List<Reply> repliesTo(Collection<InteractionKey> keys) {
            throw unused();
        }

        @Override
        public boolean approve(long id, String approvedBy, Instant at) {
            throw unused();
        }

        @Override
        public List<Claim> claimDue(int limit, Instant now, Duration lease) {
            throw unused();
        }

        @Override
        public void sent(long id, String externalId, String url, Instant at) {
            throw unused();
        }

        @Override
        public void retryAt(long id, Instant next, String error) {
            throw unused();
        }

        @Override
        public void fail(long id, String reason, Instant at) {
            throw unused();
        }

        @Override
        public boolean retry(long id, Instant at) {
            throw unused();
        }
    }

    private final class Inbox implements WebhookInbox {
        @Override
        public List<Counts> stats(Instant now) {
            failIfAsked();
            return List.copyOf(inboxCounts);
        }

        @Override
        public Optional<Long> add(String channel, String account, String deliveryId, Map<String, List<String>> headers,
                                  byte[] body, Instant receivedAt) {
            throw unused();
        }

        @Override
        public List<Entry> claimDue(Collection<Source> sources, int limit, Instant now, Duration lease) {
            throw unused();
        }

        @Override
        public void done(long id, Instant at) {
            throw unused();
        }

        @Override
        public void retryAt(long id, Instant next, String error) {
            throw unused();
        }

        @Override
        public void failed(long id, String reason, String replayUri) {
            throw unused();
        }

        @Override
        public int purgeFinished(Instant before) {
            throw unused();
        }
    }
}
