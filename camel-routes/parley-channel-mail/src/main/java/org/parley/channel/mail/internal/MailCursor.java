package org.parley.channel.mail.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where a folder was last read, stored by Parley with the batch it covers: {@code uidvalidity:lastUid}, for example
 * {@code 1732350000:4711}. IMAP gives every message of a folder a UID that only grows, valid while the folder's
 * UIDVALIDITY stays the same; a new UIDVALIDITY means the folder was rebuilt and its UIDs start again.
 *
 * <p>Two optional fields follow, separated by {@code ;}, so that a restart resumes exactly:
 * <ul>
 * <li>{@code newest=<instant>}: the latest arrival time (IMAP INTERNALDATE) read so far. When UIDVALIDITY changes,
 *     the folder is re-read from there (or from the backfill window, whichever is earlier), so that a rebuild loses
 *     nothing however long ago the last message came; Message-ID dedupe keeps what was stored before from doubling.</li>
 * <li>{@code backfill=<untilUid>,<since>,<imported>[,rebuild]}: a backfill (or a re-read after a rebuild) is under way:
 *     messages up to UID {@code untilUid} that arrived since {@code since} are being read; {@code imported} counts them
 *     for the status.</li>
 * </ul>
 * Unknown fields are ignored, so the format can grow.
 */
public record MailCursor(long uidValidity, long lastUid, Instant newest, Backfill backfill) {

    /**
     * A backfill under way.
     *
     * @param untilUid the highest UID it covers: what was in the folder when it started
     * @param since    the oldest arrival time it reads
     * @param imported messages handed over so far
     * @param rebuild  a re-read after a UIDVALIDITY change rather than the first import
     */
    public record Backfill(long untilUid, Instant since, long imported, boolean rebuild) {

        Backfill plus(long read) {
            return new Backfill(untilUid, since, imported + read, rebuild);
        }
    }

    public MailCursor withPosition(long uid, Instant newestSeen, Backfill running) {
        Instant n = newest == null || (newestSeen != null && newestSeen.isAfter(newest)) ? newestSeen : newest;
        return new MailCursor(uidValidity, uid, n, running);
    }

    /** @throws IllegalArgumentException when {@code stored} is not a cursor of this channel */
    public static MailCursor parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        String[] fields = stored.trim().split(";");
        String[] position = fields[0].split(":");
        if (position.length != 2) {
            throw new IllegalArgumentException("cursor '" + stored + "' is not uidvalidity:lastUid");
        }
        long validity = number(stored, position[0]);
        long lastUid = number(stored, position[1]);
        Instant newest = null;
        Backfill backfill = null;
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i].trim();
            if (f.startsWith("newest=")) {
                newest = instant(stored, f.substring("newest=".length()));
            } else if (f.startsWith("backfill=")) {
                String[] b = f.substring("backfill=".length()).split(",");
                if (b.length < 3) {
                    throw new IllegalArgumentException("cursor '" + stored + "': backfill needs untilUid,since,imported");
                }
                backfill = new Backfill(number(stored, b[0]), instant(stored, b[1]), number(stored, b[2]),
                        b.length > 3 && b[3].trim().equals("rebuild"));
            }
        }
        return new MailCursor(validity, lastUid, newest, backfill);
    }

    public String format() {
        StringBuilder sb = new StringBuilder().append(uidValidity).append(':').append(lastUid);
        if (newest != null) {
            sb.append(";newest=").append(newest);
        }
        if (backfill != null) {
            sb.append(";backfill=").append(backfill.untilUid()).append(',').append(backfill.since()).append(',')
                    .append(backfill.imported()).append(backfill.rebuild() ? ",rebuild" : "");
        }
        return sb.toString();
    }

    private static long number(String stored, String s) {
        try {
            long n = Long.parseLong(s.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor '" + stored + "': '" + s + "' is not a UID or count");
        }
    }

    private static Instant instant(String stored, String s) {
        try {
            return Instant.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cursor '" + stored + "': '" + s + "' is not an instant");
        }
    }
}
