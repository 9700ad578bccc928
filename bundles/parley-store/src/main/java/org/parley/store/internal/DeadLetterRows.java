package org.parley.store.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.parley.api.DeadLetter;

/** The dead_letters table: inserting new ones (alone or with a batch) and reading rows back. */
final class DeadLetterRows {

    static final String COLUMNS = "id, channel, account, reason, payload, replay_uri, created_at, attempts, replayed_at";

    private static final String INSERT = "INSERT INTO dead_letters (channel, account, reason, payload, replay_uri,"
            + " created_at, attempts, fingerprint) VALUES (?, ?, ?, ?, ?, ?, 1, ?)";

    private static final String FIND_PENDING = "SELECT id FROM dead_letters WHERE fingerprint = ? AND replayed_at IS NULL";

    private static final String UPDATE_REASON = "UPDATE dead_letters SET reason = ? WHERE id = ?";

    private DeadLetterRows() {
    }

    /**
     * Inserts the dead letters as one batch; returns their ids in the same order. A payload that is already pending
     * for the same channel, account and replay endpoint is not added again (a malformed feed entry is refused at
     * every read): its row keeps the newest reason and its id is returned.
     */
    static List<Long> insert(Connection connection, Dialect dialect, List<DeadLetter.New> letters, Instant now)
            throws SQLException {
        Long[] known = new Long[letters.size()];
        String[] fingerprints = new String[letters.size()];
        List<DeadLetter.New> fresh = new ArrayList<>();
        List<String> freshFingerprints = new ArrayList<>();
        try (PreparedStatement find = connection.prepareStatement(FIND_PENDING);
             PreparedStatement update = connection.prepareStatement(UPDATE_REASON)) {
            for (int i = 0; i < letters.size(); i++) {
                DeadLetter.New letter = letters.get(i);
                fingerprints[i] = fingerprint(letter);
                known[i] = pending(find, fingerprints[i]);
                if (known[i] == null && freshFingerprints.contains(fingerprints[i])) {
                    continue; // the same payload twice in one batch: kept once
                }
                if (known[i] == null) {
                    fresh.add(letter);
                    freshFingerprints.add(fingerprints[i]);
                } else {
                    update.setString(1, letter.reason());
                    update.setLong(2, known[i]);
                    update.addBatch();
                }
            }
            update.executeBatch();
        }
        List<Long> inserted = insertFresh(connection, dialect, fresh, freshFingerprints, now);
        List<Long> ids = new ArrayList<>(letters.size());
        for (int i = 0; i < letters.size(); i++) {
            ids.add(known[i] != null ? known[i] : inserted.get(freshFingerprints.indexOf(fingerprints[i])));
        }
        return ids;
    }

    private static Long pending(PreparedStatement find, String fingerprint) throws SQLException {
        find.setString(1, fingerprint);
        try (ResultSet rs = find.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    /** SHA-256 over the fields that make two dead letters the same payload from the same place. */
    static String fingerprint(DeadLetter.New letter) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {letter.channel(), letter.account(), letter.replayUri(), letter.payload()}) {
                byte[] bytes = part == null ? new byte[] {0} : part.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static List<Long> insertFresh(Connection connection, Dialect dialect, List<DeadLetter.New> letters,
                                          List<String> fingerprints, Instant now) throws SQLException {
        List<Long> ids = new ArrayList<>(letters.size());
        if (letters.isEmpty()) {
            return ids;
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT, dialect.generatedId())) {
            for (int i = 0; i < letters.size(); i++) {
                DeadLetter.New letter = letters.get(i);
                ps.setString(7, fingerprints.get(i));
                ps.setString(1, letter.channel());
                ps.setString(2, letter.account());
                ps.setString(3, letter.reason());
                ps.setString(4, letter.payload());
                ps.setString(5, letter.replayUri());
                Jdbc.setInstant(ps, 6, now);
                ps.addBatch();
            }
            ps.executeBatch();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (keys.next()) {
                    ids.add(keys.getLong(1));
                }
            }
        }
        if (ids.size() != letters.size()) {
            throw new SQLException("the driver returned " + ids.size() + " generated ids for " + letters.size() + " dead letters");
        }
        return ids;
    }

    static DeadLetter read(ResultSet rs) throws SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("channel"), rs.getString("account"),
                rs.getString("reason"), rs.getString("payload"), rs.getString("replay_uri"),
                Jdbc.getInstant(rs, "created_at"), rs.getInt("attempts"), Jdbc.getInstant(rs, "replayed_at"));
    }
}
