package org.parley.engine.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.parley.api.ContactRef;
import org.parley.api.CrmConnector;
import org.parley.api.CrmException;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.SocialIdentity;

/**
 * A scriptable CRM: contacts found by e-mail or handle, leads it creates, conversions and deletions, history written
 * idempotently per interaction key (like the real connector's key look-up). It can go down (every call fails,
 * retryable), fail the next writes as scripted, take a fixed service time per write, or hold writes at a gate; it
 * counts calls, writes and the writes in flight at once.
 */
final class FakeCrmConnector implements CrmConnector {

    record Written(ContactRef record, String crmId, Interaction interaction) {
    }

    record TagCall(ContactRef record, String tag, boolean member) {
    }

    final Set<Capability> capabilities = EnumSet.allOf(Capability.class);
    private final Map<String, List<ContactRef>> byEmail = new ConcurrentHashMap<>();
    private final Map<String, List<ContactRef>> byHandle = new ConcurrentHashMap<>();
    private final Map<String, ContactRef> convertedTo = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final List<ContactRef> leads = new CopyOnWriteArrayList<>();
    private final List<String> leadSources = new CopyOnWriteArrayList<>();
    private final Map<String, Written> history = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RuntimeException> nextWriteFailures = new ConcurrentLinkedQueue<>();
    private final List<TagCall> tagCalls = new CopyOnWriteArrayList<>();
    private final Set<String> users = ConcurrentHashMap.newKeySet();
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final List<String> scoreWrites = new CopyOnWriteArrayList<>();
    /** Members of each tag's list, as "type/id". */
    private final Map<String, Set<String>> tagLists = new ConcurrentHashMap<>();

    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger callsWhileDown = new AtomicInteger();
    private final AtomicInteger writeCalls = new AtomicInteger();
    private final AtomicInteger findCalls = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger historyIds = new AtomicInteger();

    private volatile boolean down;
    private volatile Duration serviceTime = Duration.ZERO;
    private final ReentrantLock gateLock = new ReentrantLock();
    private final Condition gateChanged = gateLock.newCondition();
    private boolean gateClosed;

    // --- scripting

    FakeCrmConnector contactWithEmail(String email, String id) {
        byEmail.computeIfAbsent(email, k -> new CopyOnWriteArrayList<>())
                .add(ContactRef.contact(id, ContactRef.Method.EMAIL, 0.95));
        return this;
    }

    FakeCrmConnector contactWithHandle(String channel, String handle, String id) {
        byHandle.computeIfAbsent(channel + ":" + handle, k -> new CopyOnWriteArrayList<>())
                .add(ContactRef.contact(id, ContactRef.Method.HANDLE, 0.9));
        return this;
    }

    void convert(ContactRef lead, ContactRef contact) {
        convertedTo.put(lead.type() + "/" + lead.id(), contact);
    }

    void delete(ContactRef record) {
        deleted.add(record.type() + "/" + record.id());
    }

    void down(boolean isDown) {
        this.down = isDown;
    }

    /** The next history or tag-list writes throw these, in order. */
    void failNextWrites(RuntimeException... failures) {
        nextWriteFailures.addAll(List.of(failures));
    }

    void serviceTime(Duration time) {
        this.serviceTime = time;
    }

    void closeGate() {
        gateLock.lock();
        try {
            gateClosed = true;
        } finally {
            gateLock.unlock();
        }
    }

    void openGate() {
        gateLock.lock();
        try {
            gateClosed = false;
            gateChanged.signalAll();
        } finally {
            gateLock.unlock();
        }
    }

    // --- observations

    int calls() { return calls.get(); }
    int callsWhileDown() { return callsWhileDown.get(); }
    int writeCalls() { return writeCalls.get(); }
    int findCalls() { return findCalls.get(); }
    int maxInFlight() { return maxInFlight.get(); }
    int inFlight() { return inFlight.get(); }
    List<ContactRef> leads() { return List.copyOf(leads); }
    List<String> leadSources() { return List.copyOf(leadSources); }

    /** Every setTagMembership that went through, in order. */
    List<TagCall> tagCalls() { return List.copyOf(tagCalls); }

    /** The records ("type/id") on the CRM's list for this tag. */
    Set<String> tagList(String tag) {
        return Set.copyOf(tagLists.getOrDefault(tag, Set.of()));
    }

    /** Distinct history entries (by interaction key). */
    int written() {
        return history.size();
    }

    Optional<Written> historyOf(Interaction interaction) {
        return Optional.ofNullable(history.get(interaction.key().toString()));
    }

    List<Written> historyOn(ContactRef record) {
        List<Written> out = new ArrayList<>();
        history.values().forEach(w -> {
            if (w.record().type().equals(record.type()) && w.record().id().equals(record.id())) {
                out.add(w);
            }
        });
        return out;
    }

    // --- CrmConnector

    private void call() {
        calls.incrementAndGet();
        if (down) {
            callsWhileDown.incrementAndGet();
            throw CrmException.retryable("SuiteCRM unreachable: connection refused", null, null);
        }
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.copyOf(capabilities);
    }

    @Override
    public List<ContactRef> findCandidates(SocialIdentity identity) {
        call();
        findCalls.incrementAndGet();
        List<ContactRef> out = new ArrayList<>();
        if (identity.email() != null) {
            out.addAll(byEmail.getOrDefault(identity.email(), List.of()));
        }
        for (ContactRef r : byHandle.getOrDefault(identity.channel() + ":" + identity.handle(), List.of())) {
            if (out.stream().noneMatch(o -> o.id().equals(r.id()))) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public ContactRef createLead(SocialIdentity identity, String source) {
        call();
        ContactRef lead = ContactRef.lead("lead-" + (leads.size() + 1) + "-" + identity.handle(),
                ContactRef.Method.LEAD_CREATED, 1.0);
        leads.add(lead);
        leadSources.add(source);
        return lead;
    }

    @Override
    public Optional<ContactRef> current(ContactRef record) {
        call();
        String k = record.type() + "/" + record.id();
        if (deleted.contains(k)) {
            return Optional.empty();
        }
        return Optional.of(convertedTo.getOrDefault(k, record));
    }

    @Override
    public String writeHistory(ContactRef record, Interaction interaction) {
        call();
        writeCalls.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            RuntimeException failure = nextWriteFailures.poll();
            if (failure != null) {
                throw failure;
            }
            work();
            Written w = history.computeIfAbsent(interaction.key().toString(),
                    k -> new Written(record, "note-" + historyIds.incrementAndGet(), interaction));
            return w.crmId();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Removes the entry of this key (and, if it is another one, the entry with this CRM id); a removal is a write. */
    @Override
    public int removeHistory(InteractionKey key, String crmId) {
        call();
        RuntimeException failure = nextWriteFailures.poll();
        if (failure != null) {
            throw failure;
        }
        int removed = history.remove(key.toString()) == null ? 0 : 1;
        if (crmId != null && history.values().removeIf(w -> w.crmId().equals(crmId))) {
            removed++;
        }
        return removed;
    }

    /** The service time, and the gate: waits without sleeping, gives up when interrupted like an HTTP client. */
    private void work() {
        gateLock.lock();
        try {
            long left = serviceTime.toNanos();
            while (left > 0) {
                left = gateChanged.awaitNanos(left);
            }
            while (gateClosed) {
                gateChanged.await(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CrmException.retryable("interrupted while writing", null, e);
        } finally {
            gateLock.unlock();
        }
    }

    @Override
    public void setTagMembership(ContactRef record, String tag, boolean member) {
        call();
        RuntimeException failure = nextWriteFailures.poll();
        if (failure != null) {
            throw failure;
        }
        Set<String> list = tagLists.computeIfAbsent(tag, k -> ConcurrentHashMap.newKeySet());
        if (member) {
            list.add(record.type() + "/" + record.id());
        } else {
            list.remove(record.type() + "/" + record.id());
        }
        tagCalls.add(new TagCall(record, tag, member));
    }

    @Override
    public void setScores(ContactRef record, double engagement, double sentiment) {
        call();
        scoreWrites.add(record.type() + "/" + record.id() + " " + engagement + " " + sentiment);
    }

    @Override
    public void assignOwner(ContactRef record, String user) {
        call();
        if (!users.contains(user)) {
            throw CrmException.permanent("no active user '" + user + "'");
        }
        owners.put(record.type() + "/" + record.id(), user);
    }

    /** Users that may own records. */
    FakeCrmConnector user(String name) {
        users.add(name);
        return this;
    }

    /** Owner of each record ("type/id") assigned so far. */
    Map<String, String> owners() { return Map.copyOf(owners); }

    /** Every setScores, as "type/id engagement sentiment". */
    List<String> scoreWrites() { return List.copyOf(scoreWrites); }
}
