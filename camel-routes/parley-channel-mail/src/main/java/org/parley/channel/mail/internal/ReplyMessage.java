package org.parley.channel.mail.internal;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/**
 * The e-mail that answers a message: from the brand's address to the original's author, threaded by In-Reply-To and
 * References (RFC 5322 section 3.6.4), with a Message-ID of Parley's own making, plain UTF-8 text.
 *
 * <p>Jakarta Mail gives every message a fresh random Message-ID when it is sent; this one keeps the id it was built
 * with, so that the same reply sent again carries the same id (see {@link ReplySender}).
 */
final class ReplyMessage extends MimeMessage {

    /** "Re:", and the reply prefixes of common mail clients in other languages: the subject keeps the one it has. */
    private static final Pattern REPLY_PREFIX = Pattern.compile(
            "^\\s*(re|aw|sv|vs|antw|odp|回复|回覆|答复)\\s*(\\[\\d+])?\\s*[:：]", Pattern.CASE_INSENSITIVE);
    /** References kept: the thread's root and the most recent ones (RFC 5322 allows trimming the middle). */
    private static final int MAX_REFERENCES = 20;

    private final String messageId;

    private ReplyMessage(Session session, String messageId) {
        super(session);
        this.messageId = messageId;
    }

    /**
     * @param messageId   the reply's Message-ID, without brackets
     * @param from        the brand's address
     * @param fromName    its display name, or null
     * @param to          the recipient
     * @param toName      the recipient's display name, or null
     * @param subject     the original's subject (may be empty)
     * @param originalId  the original's Message-ID without brackets, or null when it had none
     * @param references  the original's References ids, in order (may be empty)
     * @param text        what the brand says
     */
    static ReplyMessage build(Session session, String messageId, String from, String fromName, String to, String toName,
                              String subject, String originalId, List<String> references, String text)
            throws MessagingException {
        ReplyMessage m = new ReplyMessage(session, messageId);
        m.setFrom(address(from, fromName));
        m.setRecipient(Message.RecipientType.TO, address(to, toName));
        m.setSubject(replySubject(subject), "UTF-8");
        m.setSentDate(new Date());
        if (originalId != null) {
            m.setHeader("In-Reply-To", "<" + originalId + ">");
            List<String> chain = new ArrayList<>(references);
            chain.add(originalId);
            m.setHeader("References", MimeUtility.fold("References: ".length(), references(chain)));
        }
        m.setText(text, "UTF-8");
        m.saveChanges();
        return m;
    }

    /** {@code Re: <subject>}, unless the subject already starts with a reply prefix: never "Re: Re:". */
    static String replySubject(String subject) {
        String s = subject == null ? "" : subject.strip();
        if (s.isEmpty()) {
            return "Re:";
        }
        return REPLY_PREFIX.matcher(s).find() ? s : "Re: " + s;
    }

    static String references(List<String> ids) {
        List<String> kept = ids;
        if (ids.size() > MAX_REFERENCES) {
            kept = new ArrayList<>();
            kept.add(ids.get(0));
            kept.addAll(ids.subList(ids.size() - (MAX_REFERENCES - 1), ids.size()));
        }
        StringBuilder sb = new StringBuilder();
        for (String id : kept) {
            sb.append(sb.length() == 0 ? "" : " ").append('<').append(id).append('>');
        }
        return sb.toString();
    }

    @Override
    protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", "<" + messageId + ">");
    }

    private static InternetAddress address(String address, String name) throws MessagingException {
        try {
            return name == null || name.isBlank() ? new InternetAddress(address, false)
                    : new InternetAddress(address, name, "UTF-8");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is not supported", e);
        }
    }
}
