package org.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.parley.api.Interaction;
import org.parley.api.SocialIdentity;

/**
 * Upserts the authors of newly stored interactions: one batched UPDATE, then one batched INSERT of those it did not
 * find. Two writers inserting the same new person collide on the unique key and the batch is run again.
 * Rows are touched in key order, so concurrent batches lock them in the same order and cannot deadlock.
 */
final class IdentityWriter {

    // Newer sightings replace what the channel told us; older ones (a backfill) only fill gaps.
    private static final String UPDATE = "UPDATE identities SET"
            + " display_name = CASE WHEN ? >= last_seen_at THEN COALESCE(?, display_name) ELSE COALESCE(display_name, ?) END,"
            + " profile_url = CASE WHEN ? >= last_seen_at THEN COALESCE(?, profile_url) ELSE COALESCE(profile_url, ?) END,"
            + " email = COALESCE(email, ?), phone = COALESCE(phone, ?),"
            + " first_seen_at = LEAST(first_seen_at, ?), last_seen_at = GREATEST(last_seen_at, ?)"
            + " WHERE channel = ? AND handle = ?";

    private static final String INSERT = "INSERT INTO identities (channel, handle, display_name, profile_url, email,"
            + " phone, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private static final Comparator<Sighting> KEY_ORDER =
            Comparator.comparing((Sighting s) -> s.channel).thenComparing(s -> s.handle);

    void upsert(Connection connection, List<Interaction> interactions) throws SQLException {
        List<Sighting> sightings = merge(interactions);
        if (sightings.isEmpty()) {
            return;
        }
        int[] updated;
        try (PreparedStatement ps = connection.prepareStatement(UPDATE)) {
            for (Sighting s : sightings) {
                Jdbc.setInstant(ps, 1, s.lastSeen);
                ps.setString(2, s.displayName);
                ps.setString(3, s.displayName);
                Jdbc.setInstant(ps, 4, s.lastSeen);
                ps.setString(5, s.profileUrl);
                ps.setString(6, s.profileUrl);
                ps.setString(7, s.email);
                ps.setString(8, s.phone);
                Jdbc.setInstant(ps, 9, s.firstSeen);
                Jdbc.setInstant(ps, 10, s.lastSeen);
                ps.setString(11, s.channel);
                ps.setString(12, s.handle);
                ps.addBatch();
            }
            updated = ps.executeBatch();
        }
        List<Sighting> missing = new ArrayList<>();
        for (int i = 0; i < sightings.size(); i++) {
            if (updated[i] == 0) {
                missing.add(sightings.get(i));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
            for (Sighting s : missing) {
                ps.setString(1, s.channel);
                ps.setString(2, s.handle);
                ps.setString(3, s.displayName);
                ps.setString(4, s.profileUrl);
                ps.setString(5, s.email);
                ps.setString(6, s.phone);
                Jdbc.setInstant(ps, 7, s.firstSeen);
                Jdbc.setInstant(ps, 8, s.lastSeen);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** One sighting per (channel, handle): the newest non-null details, the earliest and latest time seen. */
    private static List<Sighting> merge(List<Interaction> interactions) {
        Map<Sighting, Sighting> byKey = new TreeMap<>(KEY_ORDER);
        for (Interaction in : interactions) {
            SocialIdentity author = in.author();
            if (author == null || author.handle() == null || in.occurredAt() == null) {
                continue;
            }
            Sighting seen = new Sighting(author.channel() == null ? in.channel() : author.channel(), author.handle(),
                    Jdbc.clip(author.displayName(), 1024), Jdbc.clip(author.profileUrl(), 2048),
                    Jdbc.clip(author.email(), 320), Jdbc.clip(author.phone(), 64), in.occurredAt(), in.occurredAt());
            byKey.merge(seen, seen, Sighting::combine);
        }
        return new ArrayList<>(byKey.values());
    }

    private record Sighting(String channel, String handle, String displayName, String profileUrl, String email,
                            String phone, Instant firstSeen, Instant lastSeen) {

        Sighting combine(Sighting other) {
            Sighting newer = other.lastSeen.isAfter(lastSeen) ? other : this;
            Sighting older = newer == this ? other : this;
            return new Sighting(channel, handle, pick(newer.displayName, older.displayName),
                    pick(newer.profileUrl, older.profileUrl), pick(newer.email, older.email),
                    pick(newer.phone, older.phone),
                    firstSeen.isBefore(other.firstSeen) ? firstSeen : other.firstSeen, newer.lastSeen);
        }

        private static String pick(String preferred, String fallback) {
            return preferred != null ? preferred : fallback;
        }
    }
}
