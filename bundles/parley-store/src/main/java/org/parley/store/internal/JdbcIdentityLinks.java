package org.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.parley.api.ContactRef;
import org.parley.api.IdentityLinks;
import org.parley.api.SocialIdentity;

/**
 * Identity links and the review queue over JDBC. An identity's interactions are those it wrote on its channel:
 * (interactions.channel, interactions.author_handle), served by ix_interactions_identity.
 */
@Component(service = IdentityLinks.class)
public final class JdbcIdentityLinks implements IdentityLinks {

    private static final String TAGS = "SELECT DISTINCT t.name FROM interaction_tags t"
            + " JOIN interactions i ON i.id = t.interaction_id WHERE i.channel = ? AND i.author_handle = ?";

    private final ParleyDatabase database;
    private final ReviewRows reviews;

    @Activate
    public JdbcIdentityLinks(@Reference(name = "database") ParleyDatabase database) {
        this.database = database;
        this.reviews = new ReviewRows(database.dialect());
    }

    @Override
    public Optional<ContactRef> linkOf(String channel, String handle) {
        requireIdentity(channel, handle);
        return database.read("read the link of " + channel + ":" + handle,
                connection -> LinkRows.find(connection, channel, handle));
    }

    @Override
    public void link(String channel, String handle, ContactRef record, String by) {
        requireIdentity(channel, handle);
        requireRecord(record);
        Objects.requireNonNull(by, "by");
        database.inTransaction("link " + channel + ":" + handle + " to " + record.type() + "/" + record.id(),
                connection -> {
                    Instant now = database.clock().instant();
                    LinkRows.upsert(connection, channel, handle, record, by, now);
                    ReviewRows.linked(connection, channel, handle, now);
                    return null;
                });
    }

    @Override
    public void unlink(String channel, String handle) {
        requireIdentity(channel, handle);
        database.inTransaction("unlink " + channel + ":" + handle,
                connection -> LinkRows.delete(connection, channel, handle));
    }

    @Override
    public List<SocialIdentity> identitiesOf(ContactRef record) {
        Objects.requireNonNull(record, "record");
        return database.read("list the identities of " + record.type() + "/" + record.id(),
                connection -> LinkRows.identitiesOf(connection, record.type(), record.id()));
    }

    @Override
    public long queueReview(SocialIdentity identity, List<ContactRef> candidates) {
        Objects.requireNonNull(identity, "identity");
        requireIdentity(identity.channel(), identity.handle());
        if (candidates == null || candidates.isEmpty()) {
            throw new IllegalArgumentException("a review of " + identity.channel() + ":" + identity.handle()
                    + " needs at least one candidate");
        }
        candidates.forEach(JdbcIdentityLinks::requireRecord);
        return database.inTransaction("queue a review of " + identity.channel() + ":" + identity.handle(),
                connection -> reviews.queue(connection, identity, candidates, database.clock().instant()));
    }

    @Override
    public List<Review> openReviews(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be at least 1");
        }
        return database.read("list open link reviews", connection -> reviews.open(connection, limit));
    }

    @Override
    public Optional<Review> review(long id) {
        return database.read("read link review " + id, connection -> reviews.find(connection, id));
    }

    /**
     * In one transaction: closes the review, and with a record links the identity to it (MANUAL, 1.0). Either way
     * the identity's WAITING outbox rows are woken: they waited for this review, and now follow the link or, once
     * every candidate is rejected, the lead policy.
     */
    @Override
    public void resolveReview(long id, ContactRef chosen, String by) {
        Objects.requireNonNull(by, "by");
        if (chosen != null) {
            requireRecord(chosen);
        }
        database.inTransaction((chosen == null ? "reject" : "resolve") + " link review " + id, connection -> {
            Instant now = database.clock().instant();
            if (!ReviewRows.close(connection, id, chosen, by, now)) {
                throw new IllegalArgumentException(ReviewRows.status(connection, id)
                        .map(status -> "link review " + id + " is " + status + ", not OPEN: it cannot be resolved again")
                        .orElse("there is no link review " + id));
            }
            SocialIdentity identity = ReviewRows.identity(connection, id);
            if (chosen != null) {
                LinkRows.upsert(connection, identity.channel(), identity.handle(),
                        new ContactRef(chosen.type(), chosen.id(), ContactRef.Method.MANUAL, 1.0), by, now);
                ReviewRows.linked(connection, identity.channel(), identity.handle(), now);
            }
            return OutboxRows.wake(connection, identity.channel(), identity.handle(), now);
        });
    }

    @Override
    public long interactionCount(String channel, String handle) {
        requireIdentity(channel, handle);
        return database.read("count the interactions of " + channel + ":" + handle, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT COUNT(*) FROM interactions WHERE channel = ? AND author_handle = ?")) {
                ps.setString(1, channel);
                ps.setString(2, handle);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * True when the identity's latest review was REJECTED and it was not linked since (by {@link #link} or a later
     * review): a review queued after the rejection, open or closed, is the latest one and says otherwise.
     */
    @Override
    public boolean candidatesRejected(String channel, String handle) {
        requireIdentity(channel, handle);
        return database.read("read whether the candidates of " + channel + ":" + handle + " were rejected",
                connection -> ReviewRows.candidatesRejected(connection, channel, handle));
    }

    /** Sorted by name. */
    @Override
    public Set<String> tagsOf(String channel, String handle) {
        requireIdentity(channel, handle);
        return database.read("read the tags of " + channel + ":" + handle, connection -> {
            Set<String> tags = new TreeSet<>();
            try (PreparedStatement ps = connection.prepareStatement(TAGS)) {
                ps.setString(1, channel);
                ps.setString(2, handle);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tags.add(rs.getString(1));
                    }
                }
            }
            return Collections.unmodifiableSet(tags);
        });
    }

    private static void requireIdentity(String channel, String handle) {
        if (channel == null || handle == null) {
            throw new IllegalArgumentException("an identity needs a channel and a handle (channel=" + channel
                    + ", handle=" + handle + ")");
        }
    }

    private static void requireRecord(ContactRef record) {
        if (record == null || record.type() == null || record.id() == null || record.method() == null) {
            throw new IllegalArgumentException("a CRM record needs a type, an id and a method: " + record);
        }
    }
}
