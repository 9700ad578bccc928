package org.parley.engine.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.parley.api.ContactRef;
import org.parley.api.CrmOutbox;
import org.parley.api.IdentityLinks;
import org.parley.api.SocialIdentity;

/** IdentityLinks in memory, thread-safe; interactions and tags are recorded by the test's "ingest". */
final class InMemoryIdentityLinks implements IdentityLinks {

    record Link(ContactRef record, String by) {
    }

    private final Clock clock;
    private final CrmOutbox outbox;
    private final Map<String, Link> links = new HashMap<>();
    private final Map<String, Long> counts = new HashMap<>();
    private final Map<String, Set<String>> tags = new HashMap<>();
    /** Every review, open or closed, in the order queued. */
    private final Map<Long, Review> reviews = new LinkedHashMap<>();
    /** The open review of each identity. */
    private final Map<String, Long> reviewOf = new HashMap<>();
    /** The latest review of each identity, and whether the identity was linked after that review was closed. */
    private final Map<String, Long> latestReviewOf = new HashMap<>();
    private final Set<String> linkedSinceReview = new HashSet<>();
    private long nextReview = 1;
    private int unlinks;

    InMemoryIdentityLinks(Clock clock, CrmOutbox outbox) {
        this.clock = clock;
        this.outbox = outbox;
    }

    private static String key(String channel, String handle) {
        return channel + ":" + handle;
    }

    synchronized void recordInteraction(SocialIdentity identity, Set<String> interactionTags) {
        counts.merge(key(identity.channel(), identity.handle()), 1L, Long::sum);
        tags.computeIfAbsent(key(identity.channel(), identity.handle()), k -> new HashSet<>()).addAll(interactionTags);
    }

    synchronized Optional<Link> fullLinkOf(String channel, String handle) {
        return Optional.ofNullable(links.get(key(channel, handle)));
    }

    synchronized int unlinkCount() {
        return unlinks;
    }

    @Override
    public synchronized Optional<ContactRef> linkOf(String channel, String handle) {
        return Optional.ofNullable(links.get(key(channel, handle))).map(Link::record);
    }

    @Override
    public synchronized void link(String channel, String handle, ContactRef record, String by) {
        links.put(key(channel, handle), new Link(record, by));
        linkedSinceReview.add(key(channel, handle));
    }

    @Override
    public synchronized void unlink(String channel, String handle) {
        links.remove(key(channel, handle));
        unlinks++;
    }

    @Override
    public synchronized List<SocialIdentity> identitiesOf(ContactRef record) {
        List<SocialIdentity> out = new ArrayList<>();
        links.forEach((k, v) -> {
            if (v.record().type().equals(record.type()) && v.record().id().equals(record.id())) {
                int colon = k.indexOf(':');
                out.add(SocialIdentity.of(k.substring(0, colon), k.substring(colon + 1), null));
            }
        });
        return out;
    }

    @Override
    public synchronized long queueReview(SocialIdentity identity, List<ContactRef> candidates) {
        String k = key(identity.channel(), identity.handle());
        Long id = reviewOf.get(k);
        Review open = id == null ? null : reviews.get(id);
        if (id == null) {
            id = nextReview++;
            reviewOf.put(k, id);
            latestReviewOf.put(k, id);
            linkedSinceReview.remove(k);
        }
        reviews.put(id, new Review(id, identity, List.copyOf(candidates),
                open == null ? clock.instant() : open.queuedAt(), ReviewStatus.OPEN));
        return id;
    }

    @Override
    public synchronized List<Review> openReviews(int limit) {
        return reviews.values().stream().filter(r -> r.status() == ReviewStatus.OPEN).limit(limit).toList();
    }

    @Override
    public synchronized Optional<Review> review(long id) {
        return Optional.ofNullable(reviews.get(id));
    }

    @Override
    public void resolveReview(long id, ContactRef chosen, String by) {
        Review r;
        synchronized (this) {
            r = reviews.get(id);
            if (r == null || r.status() != ReviewStatus.OPEN) {
                throw new IllegalArgumentException("no open review " + id);
            }
            String k = key(r.identity().channel(), r.identity().handle());
            reviews.put(id, new Review(r.id(), r.identity(), r.candidates(), r.queuedAt(),
                    chosen == null ? ReviewStatus.REJECTED : ReviewStatus.RESOLVED));
            reviewOf.remove(k);
            linkedSinceReview.remove(k);
            if (chosen != null) {
                links.put(k, new Link(new ContactRef(chosen.type(), chosen.id(), ContactRef.Method.MANUAL, 1.0), by));
            }
        }
        outbox.wake(r.identity().channel(), r.identity().handle());
    }

    @Override
    public synchronized long interactionCount(String channel, String handle) {
        return counts.getOrDefault(key(channel, handle), 0L);
    }

    @Override
    public synchronized boolean candidatesRejected(String channel, String handle) {
        String k = key(channel, handle);
        Long latest = latestReviewOf.get(k);
        return latest != null && reviews.get(latest).status() == ReviewStatus.REJECTED && !linkedSinceReview.contains(k);
    }

    @Override
    public synchronized Set<String> tagsOf(String channel, String handle) {
        return Set.copyOf(tags.getOrDefault(key(channel, handle), Set.of()));
    }
}
