package org.parley.channel.mail.internal;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.parley.channel.testkit.Configs;

/**
 * A real IMAP and SMTP server (GreenMail) on 127.0.0.1, on ports chosen at run time, with the brand's mailbox; IMAP is
 * reached through a {@link ThrottlingProxy}, which can answer like a throttling server.
 */
final class MailServers implements AutoCloseable {

    static final String BRAND = "brand@example.org";
    static final String PASSWORD = "Zx9-unlikely-Pa55word";

    final GreenMail greenMail;
    final GreenMailUser brand;
    final ThrottlingProxy imapProxy;
    private final Session session = Session.getInstance(new Properties());

    MailServers() throws Exception {
        greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
        greenMail.start();
        brand = greenMail.setUser(BRAND, BRAND, PASSWORD);
        imapProxy = new ThrottlingProxy("127.0.0.1", greenMail.getImap().getPort());
    }

    String imapUrl() {
        return "imap://127.0.0.1:" + imapProxy.port();
    }

    String smtpUrl() {
        return "smtp://127.0.0.1:" + greenMail.getSmtp().getPort();
    }

    /** Settings of account {@code account} against these servers, polling every 200 ms; {@code overrides} win. */
    MailSettings settings(String account, Map<String, ?> overrides) {
        Map<String, Object> cfg = new HashMap<>(Map.of("imapUrl", imapUrl(), "username", BRAND, "password", PASSWORD,
                "smtpUrl", smtpUrl(), "fromAddress", "Acme Support <" + BRAND + ">", "account", account));
        cfg.putAll(overrides);
        return MailSettings.validate("org.parley.channel.mail-" + account, account, Configs.of(MailConfig.class, cfg))
                .withPollInterval(Duration.ofMillis(200));
    }

    /** Puts a message into the brand's INBOX, arrived now. */
    long deliver(byte[] raw) {
        return deliver("INBOX", raw, Instant.now());
    }

    /** Puts a message into one of the brand's folders, with the arrival time (INTERNALDATE) given. */
    long deliver(String folder, byte[] raw, Instant arrived) {
        try {
            return folder(folder).appendMessage(parse(raw), new Flags(), Date.from(arrived));
        } catch (FolderException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    MailFolder folder(String name) throws FolderException {
        ImapHostManager manager = greenMail.getManagers().getImapHostManager();
        return name.equalsIgnoreCase("INBOX") ? manager.getInbox(brand) : manager.getFolder(brand, name, true);
    }

    void createFolder(String name) throws Exception {
        greenMail.getManagers().getImapHostManager().createMailbox(brand, name);
    }

    /** Deletes the folder and creates it again: a rebuilt mailbox, with a new UIDVALIDITY and UIDs from 1. */
    void rebuild(String name) throws Exception {
        ImapHostManager manager = greenMail.getManagers().getImapHostManager();
        manager.deleteMailbox(brand, name);
        manager.createMailbox(brand, name);
    }

    /** Every message the SMTP server took for {@code address}. */
    List<MimeMessage> receivedBy(String address) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            if (m.getAllRecipients() != null && Arrays.stream(m.getAllRecipients())
                    .anyMatch(a -> a.toString().toLowerCase().contains(address.toLowerCase()))) {
                found.add(m);
            }
        }
        return found;
    }

    /** Messages the SMTP server took whose In-Reply-To names {@code messageId} (without brackets). */
    List<MimeMessage> repliesTo(String messageId) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            String inReplyTo = m.getHeader("In-Reply-To", null);
            if (inReplyTo != null && inReplyTo.contains("<" + messageId + ">")) {
                found.add(m);
            }
        }
        return found;
    }

    private MimeMessage parse(byte[] raw) throws MessagingException {
        return new MimeMessage(session, new ByteArrayInputStream(raw));
    }

    @Override
    public void close() {
        imapProxy.close();
        greenMail.stop();
    }
}
