package org.parley.channel.mail.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.ReceivedDateTerm;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;

/**
 * One open connection to the configured folder, read only (IMAP EXAMINE): reading never changes a flag, so people who
 * work in the same mailbox see their messages as unread still. Lives for one poll.
 */
final class ImapMailbox implements AutoCloseable {

    /** A message of the folder by UID, with its arrival time (INTERNALDATE) when asked for. */
    record Uid(long uid, Instant arrived) {
    }

    private final Store store;
    private final IMAPFolder folder;

    private ImapMailbox(Store store, IMAPFolder folder) {
        this.store = store;
        this.folder = folder;
    }

    static ImapMailbox open(MailSettings settings, Session session) throws MessagingException {
        Store store = session.getStore(settings.imap().protocol());
        store.connect(settings.imap().host(), settings.imap().port(), settings.username(), settings.password());
        try {
            Folder f = store.getFolder(settings.folder());
            if (!(f instanceof IMAPFolder folder)) {
                throw new MessagingException("the store is not IMAP");
            }
            folder.open(Folder.READ_ONLY);
            return new ImapMailbox(store, folder);
        } catch (MessagingException | RuntimeException e) {
            closeQuietly(store);
            throw e;
        }
    }

    /** Whether the connection still stands: a failure while it does is the message's, not the server's. */
    boolean isOpen() {
        return folder.isOpen() && store.isConnected();
    }

    long uidValidity() throws MessagingException {
        return folder.getUIDValidity();
    }

    /** The highest UID in use now: UIDNEXT - 1 when the server said, else the last message's UID; 0 when empty. */
    long highestUid() throws MessagingException {
        long next = folder.getUIDNext();
        if (next > 0) {
            return next - 1;
        }
        int count = folder.getMessageCount();
        return count == 0 ? 0 : folder.getUID(folder.getMessage(count));
    }

    /** Whether a message with a UID above {@code uid} may exist; false only when UIDNEXT proves there is none. */
    boolean mayHaveAfter(long uid) throws MessagingException {
        long next = folder.getUIDNext();
        return next <= 0 || next > uid + 1;
    }

    /** The UIDs above {@code lastUid}, ascending. */
    List<Uid> uidsAfter(long lastUid) throws MessagingException {
        if (folder.getMessageCount() == 0) {
            return List.of();
        }
        Message[] messages = folder.getMessagesByUID(lastUid + 1, UIDFolder.LASTUID);
        List<Uid> uids = new ArrayList<>(messages.length);
        for (Message m : messages) {
            long uid = folder.getUID(m);
            // "n:*" always matches the last message, even when its UID is below n.
            if (uid > lastUid) {
                uids.add(new Uid(uid, null));
            }
        }
        uids.sort(Comparator.comparingLong(Uid::uid));
        return uids;
    }

    /**
     * The messages that arrived at or after {@code since} with a UID in {@code (afterUid, untilUid]}, ascending. IMAP's
     * SEARCH SINCE only knows days, so the exact arrival time is checked here.
     */
    List<Uid> arrivedSince(Instant since, long afterUid, long untilUid) throws MessagingException {
        // A day earlier than asked: SINCE compares dates in the server's time zone.
        Date day = Date.from(since.minusSeconds(86_400));
        Message[] found = folder.search(new ReceivedDateTerm(ComparisonTerm.GE, day));
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
        folder.fetch(found, profile);
        List<Uid> uids = new ArrayList<>();
        for (Message m : found) {
            long uid = folder.getUID(m);
            Date arrived = m.getReceivedDate();
            if (uid > afterUid && uid <= untilUid && arrived != null && !arrived.toInstant().isBefore(since)) {
                uids.add(new Uid(uid, arrived.toInstant()));
            }
        }
        uids.sort(Comparator.comparingLong(Uid::uid));
        return uids;
    }

    /**
     * The messages with these UIDs, in the same order, with size, arrival time and envelope fetched in one go; null
     * where a message was expunged meanwhile.
     */
    IMAPMessage[] messages(long[] uids) throws MessagingException {
        Message[] found = folder.getMessagesByUID(uids);
        List<Message> present = new ArrayList<>();
        for (Message m : found) {
            if (m != null) {
                present.add(m);
            }
        }
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(IMAPFolder.FetchProfileItem.SIZE);
        profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
        folder.fetch(present.toArray(new Message[0]), profile);
        return Arrays.stream(found).map(m -> (IMAPMessage) m).toArray(IMAPMessage[]::new);
    }

    /** The message's RFC 822 source, or null when it is larger than {@code limit}: reading stops there. */
    static byte[] source(IMAPMessage message, long limit) throws MessagingException, IOException {
        BoundedOutputStream out = new BoundedOutputStream(limit, message.getSizeLong());
        try {
            message.writeTo(out);
        } catch (BoundedOutputStream.TooLargeException e) {
            return null;
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        try {
            if (folder.isOpen()) {
                folder.close(false);
            }
        } catch (MessagingException | RuntimeException e) {
            // closing a read-only folder changes nothing; the connection goes with the store
        }
        closeQuietly(store);
    }

    private static void closeQuietly(Store store) {
        try {
            store.close();
        } catch (MessagingException | RuntimeException e) {
            // nothing left to do
        }
    }
}
