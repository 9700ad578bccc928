package org.parley.channel.mail.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what one batch reads from the open folder, given the stored cursor, and reads it:
 * <ul>
 * <li>no cursor yet: a backfill of the messages that arrived within {@code backfillWindow} (none when it is zero:
 *     the cursor then starts at the folder's newest message);</li>
 * <li>a cursor with the folder's UIDVALIDITY: the messages with a higher UID, in UID order;</li>
 * <li>a cursor with another UIDVALIDITY (the folder was rebuilt and its UIDs start again): a re-read of the messages
 *     that arrived since the newest one read before (or within the backfill window, whichever is earlier), as a
 *     backfill; Message-ID dedupe keeps those stored already from doubling.</li>
 * </ul>
 * A batch holds at most {@code batchSize} messages and stops early past {@link #MAX_BATCH_BYTES}, and carries the
 * cursor that covers it (see {@link MailCursor}), to be committed with it in one transaction.
 */
final class MailPoller {

    /** A batch stops reading once its messages hold this much, whatever batchSize says: memory stays bounded. */
    static final long MAX_BATCH_BYTES = 32L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(MailPoller.class);

    /**
     * One batch.
     *
     * @param interactions what to store
     * @param deadLetters  what could not be mapped or read
     * @param skipped      automatic messages passed over
     * @param cursor       the cursor covering the batch
     * @param changed      false when nothing was read and the cursor stays as it was
     * @param more         whether another batch may follow at once
     * @param backfill     how the backfill stands after this batch, or null when none runs
     */
    record Batch(List<Interaction> interactions, List<DeadLetter.New> deadLetters, int skipped, String cursor,
                 boolean changed, boolean more, String backfill) {

        static Batch unchanged(String cursor) {
            return new Batch(List.of(), List.of(), 0, cursor, false, false, null);
        }
    }

    /** What reading some messages gave. */
    private record Read(List<Interaction> interactions, List<DeadLetter.New> deadLetters, int skipped, int count,
                        long lastUid, Instant newest) {
    }

    private final MailSettings settings;
    private final MailMapper mapper;
    private final Clock clock;

    MailPoller(MailSettings settings, MailMapper mapper, Clock clock) {
        this.settings = settings;
        this.mapper = mapper;
        this.clock = clock;
    }

    Batch next(String stored, ImapMailbox box) throws MessagingException, IOException {
        MailCursor cursor = parse(stored);
        long validity = box.uidValidity();
        MailCursor position;
        if (cursor == null) {
            if (settings.backfillWindow().isZero()) {
                MailCursor start = new MailCursor(validity, box.highestUid(), null, null);
                LOG.info("Mail {}: no cursor and no backfill window; starting after UID {}", settings.account(),
                        start.lastUid());
                return new Batch(List.of(), List.of(), 0, start.format(), true, true, null);
            }
            Instant since = clock.instant().minus(settings.backfillWindow());
            position = new MailCursor(validity, 0, null, new MailCursor.Backfill(box.highestUid(), since, 0, false));
            LOG.info("Mail {}: no cursor yet; importing what arrived since {}", settings.account(), since);
        } else if (cursor.uidValidity() != validity) {
            Instant since = rereadSince(cursor);
            position = new MailCursor(validity, 0, cursor.newest(), new MailCursor.Backfill(box.highestUid(), since, 0, true));
            LOG.warn("Mail {}: folder {} was rebuilt (UIDVALIDITY {} is now {}): re-reading what arrived since {}; "
                    + "messages stored before are recognised by their Message-ID", settings.account(), settings.folder(),
                    cursor.uidValidity(), validity, since);
        } else {
            position = cursor;
        }
        return position.backfill() != null ? backfill(position, box) : newMessages(position, box, stored);
    }

    /** From where a rebuilt folder is read again: the newest arrival read before, or the backfill window if earlier. */
    private Instant rereadSince(MailCursor cursor) {
        Instant window = clock.instant().minus(settings.backfillWindow());
        if (cursor.newest() == null) {
            return window;
        }
        Instant newest = cursor.newest().minusSeconds(86_400); // a day's margin for clocks and time zones
        return newest.isBefore(window) ? newest : window;
    }

    private Batch backfill(MailCursor position, ImapMailbox box) throws MessagingException, IOException {
        MailCursor.Backfill b = position.backfill();
        List<ImapMailbox.Uid> todo = box.arrivedSince(b.since(), position.lastUid(), b.untilUid());
        Read read = read(box, todo);
        long imported = b.imported() + read.interactions().size();
        boolean done = read.count() == todo.size();
        String day = b.since().atZone(ZoneOffset.UTC).toLocalDate().toString();
        String why = b.rebuild() ? " (folder rebuilt: UIDVALIDITY changed)" : "";
        MailCursor next = done
                ? position.withPosition(Math.max(b.untilUid(), read.lastUid()), read.newest(), null)
                : position.withPosition(read.lastUid(), read.newest(), b.plus(read.interactions().size()));
        String progress = done ? "done: " + imported + " imported since " + day + why
                : "running: " + imported + " imported, back to " + day + why;
        LOG.info("Mail {}: backfill {}", settings.account(), progress);
        // After the backfill, what arrived meanwhile (UIDs above untilUid) is read at once.
        return new Batch(read.interactions(), read.deadLetters(), read.skipped(), next.format(), true, true, progress);
    }

    private Batch newMessages(MailCursor position, ImapMailbox box, String stored) throws MessagingException, IOException {
        if (!box.mayHaveAfter(position.lastUid())) {
            return Batch.unchanged(stored);
        }
        List<ImapMailbox.Uid> todo = box.uidsAfter(position.lastUid());
        if (todo.isEmpty()) {
            return Batch.unchanged(stored);
        }
        Read read = read(box, todo);
        MailCursor next = position.withPosition(read.lastUid(), read.newest(), null);
        return new Batch(read.interactions(), read.deadLetters(), read.skipped(), next.format(), true,
                read.count() < todo.size(), null);
    }

    /** Reads the first messages of {@code todo}, in UID order, up to batchSize and {@link #MAX_BATCH_BYTES}. */
    private Read read(ImapMailbox box, List<ImapMailbox.Uid> todo) throws MessagingException, IOException {
        int n = Math.min(settings.batchSize(), todo.size());
        long[] uids = new long[n];
        for (int i = 0; i < n; i++) {
            uids[i] = todo.get(i).uid();
        }
        IMAPMessage[] messages = n == 0 ? new IMAPMessage[0] : box.messages(uids);
        List<Interaction> interactions = new ArrayList<>();
        List<DeadLetter.New> deadLetters = new ArrayList<>();
        int skipped = 0;
        int count = 0;
        long bytes = 0;
        long lastUid = 0;
        Instant newest = null;
        for (int i = 0; i < n && bytes < MAX_BATCH_BYTES; i++) {
            IMAPMessage message = messages[i];
            count++;
            lastUid = uids[i];
            if (message == null) {
                continue; // expunged since the UIDs were listed
            }
            Instant arrived = message.getReceivedDate() == null ? null : message.getReceivedDate().toInstant();
            if (arrived != null && (newest == null || arrived.isAfter(newest))) {
                newest = arrived;
            }
            long size = message.getSizeLong();
            byte[] raw;
            try {
                raw = size > settings.maxMessageBytes() ? null : ImapMailbox.source(message, settings.maxMessageBytes());
            } catch (MessageRemovedException e) {
                continue; // expunged while being read
            } catch (MessagingException | IOException e) {
                if (!box.isOpen() || e instanceof FolderClosedException || e instanceof StoreClosedException) {
                    throw e; // the connection is gone: the whole batch is read again at the next poll
                }
                // The server is up but will not hand out this one message: keep going rather than stop here forever.
                deadLetters.add(mapper.unreadable(uids[i], e.getMessage(), envelope(message)));
                LOG.warn("Mail {}: message UID {} could not be fetched, kept as a dead letter: {}", settings.account(),
                        uids[i], e.getMessage());
                continue;
            }
            if (raw != null && raw.length == 0 && size > 0) {
                // Angus returns an empty body when the server answers the FETCH with NO instead of the message.
                deadLetters.add(mapper.unreadable(uids[i], "no bytes of a message of " + size + " bytes", envelope(message)));
                LOG.warn("Mail {}: message UID {} came back empty, kept as a dead letter", settings.account(), uids[i]);
                continue;
            }
            if (raw == null) {
                deadLetters.add(mapper.oversized(size, envelope(message)));
                LOG.warn("Mail {}: message UID {} ({} bytes) is over maxMessageBytes {}: kept as a dead letter",
                        settings.account(), uids[i], size, settings.maxMessageBytes());
                continue;
            }
            bytes += raw.length;
            MailMapper.Result result = mapper.map(raw, arrived);
            if (result.interaction() != null) {
                interactions.add(result.interaction());
            } else if (result.deadLetter() != null) {
                deadLetters.add(result.deadLetter());
            } else {
                skipped++;
                LOG.debug("Mail {}: message UID {} skipped: {}", settings.account(), uids[i], result.skipped());
            }
        }
        return new Read(interactions, deadLetters, skipped, count, lastUid, newest);
    }

    /** The envelope of a message not read, as header lines a person can find it by. */
    private static String envelope(IMAPMessage message) {
        StringBuilder sb = new StringBuilder();
        try {
            line(sb, "Message-ID", message.getMessageID());
            line(sb, "Date", message.getSentDate() == null ? null : message.getSentDate().toInstant().toString());
            Address[] from = message.getFrom();
            line(sb, "From", from == null || from.length == 0 ? null : from[0].toString());
            line(sb, "Subject", message.getSubject());
        } catch (MessagingException e) {
            line(sb, "X-Parley-Envelope-Error", e.getMessage());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, String value) {
        if (value != null) {
            String v = value.replaceAll("[\\r\\n]+", " ");
            sb.append(name).append(": ").append(v.length() <= 500 ? v : v.substring(0, 497) + "...").append("\r\n");
        }
    }

    private MailCursor parse(String stored) {
        try {
            return MailCursor.parse(stored);
        } catch (IllegalArgumentException e) {
            // Self-healing: a backfill follows, and Message-ID dedupe keeps what was stored from doubling.
            LOG.warn("Mail {}: stored {}; starting again as without a cursor", settings.account(), e.getMessage());
            return null;
        }
    }
}
