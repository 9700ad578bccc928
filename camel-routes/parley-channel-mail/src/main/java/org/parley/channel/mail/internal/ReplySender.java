package org.parley.channel.mail.internal;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.parley.api.Interaction;
import org.parley.api.Reply;
import org.parley.camel.OutboundReply;
import org.parley.camel.ReplyRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reply through the configured SMTP server with Jakarta Mail's {@link Transport}.
 *
 * <p>Why not camel-mail's SMTP producer: the reply needs a Message-ID of its own (Jakarta Mail replaces it on send
 * unless the message says otherwise, see {@link ReplyMessage}), camel-mail would copy the exchange's headers into the
 * mail's headers, and its failures would have to be unwrapped again to tell a 5xx refusal from a 4xx delay. The
 * embedded Jakarta Mail is needed for IMAP anyway; camel-mail would add a component and nothing else.
 *
 * <p><b>Idempotence.</b> The reply's Message-ID is {@code <parley-reply-<idempotencyKey>@<fromAddress domain>>}, the
 * same on every attempt. When Parley stops between the server's acceptance and recording it, the reply comes back
 * marked uncertain and is sent again with that same id: the CRM and the timeline still show one reply (its
 * externalId is the id), and mail clients that thread by Message-ID (Gmail, Apple Mail, Thunderbird) show one
 * message. SMTP itself cannot take a message back: in that narrow window the customer's mailbox may receive a second
 * copy. A copy with the same Message-ID is preferred to a reply that silently never arrives, which is what FAILED with
 * "cannot tell whether it went out" would leave for a person who has no way to look (SMTP keeps no sent folder).
 *
 * <p>Outcomes: SMTP 5xx (unknown mailbox, refused sender, message refused) throws {@link ReplyRefusedException} with
 * the server's answer; 4xx, a lost connection or a refused login throw {@link MailReplyException}, and Parley tries
 * again later.
 */
final class ReplySender {

    private static final Logger LOG = LoggerFactory.getLogger(ReplySender.class);
    private static final Pattern NOT_DOT_ATOM = Pattern.compile("[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]");

    private final MailSettings settings;
    private final Session session;

    ReplySender(MailSettings settings) {
        this.settings = settings;
        this.session = MailSessions.smtp(settings);
    }

    /** Sends the reply and returns its Message-ID, without brackets: the reply's external id. */
    String send(OutboundReply outbound) throws MailReplyException {
        Reply reply = outbound.reply();
        Interaction original = outbound.original();
        RawHeaders headers = original.raw() == null ? null : RawHeaders.parse(RawSource.bytes(original.raw()));

        MailAddress to = recipient(headers, original);
        if (to == null) {
            throw new ReplyRefusedException("This message has no sender address to answer, so the reply cannot be sent "
                    + "by e-mail. Contact the person another way.");
        }
        String subject = subject(headers, original);
        String originalId = originalId(headers, original);
        List<String> references = references(headers);
        String messageId = messageId(reply);
        try {
            ReplyMessage message = ReplyMessage.build(session, messageId, settings.fromAddress(), settings.fromName(),
                    to.address(), to.name(), subject, originalId, references, reply.text());
            if (outbound.uncertain()) {
                LOG.info("Mail {}: reply {} was cut off while being sent; sending it again with the same Message-ID <{}>",
                        settings.account(), reply.id(), messageId);
            }
            try (Transport transport = session.getTransport(settings.smtp().protocol())) {
                transport.connect(settings.smtp().host(), settings.smtp().port(), settings.smtpUsername(),
                        settings.smtpPassword());
                transport.sendMessage(message, message.getAllRecipients());
            }
            LOG.info("Mail {}: reply {} sent to {} as <{}>", settings.account(), reply.id(), to.address(), messageId);
            return messageId;
        } catch (SendFailedException e) {
            int code = returnCode(e);
            if (code >= 500 && code < 600) {
                throw new ReplyRefusedException(refusal(e, to.address()), e);
            }
            throw new MailReplyException("The mail server " + settings.smtp() + " did not take the reply yet"
                    + (code > 0 ? " (" + code + ")" : "") + ": " + serverAnswer(e) + "; it is tried again later", e);
        } catch (AuthenticationFailedException e) {
            throw new MailReplyException("The mail server " + settings.smtp() + " refused the login of "
                    + settings.smtpUsername() + ": " + e.getMessage() + "; check smtpUsername and smtpPassword", e);
        } catch (MessagingException e) {
            throw new MailReplyException("Sending through " + settings.smtp() + " failed: " + e.getMessage(), e);
        }
    }

    /** {@code parley-reply-<key>@<domain>}: the same for every attempt at the same reply. */
    String messageId(Reply reply) {
        String key = reply.idempotencyKey() == null || reply.idempotencyKey().isBlank()
                ? "id" + reply.id() : NOT_DOT_ATOM.matcher(reply.idempotencyKey()).replaceAll("-");
        return "parley-reply-" + key + "@" + settings.fromDomain();
    }

    /** Reply-To when the original names one (RFC 5322 3.6.2: where its author wants answers), else its author. */
    private static MailAddress recipient(RawHeaders headers, Interaction original) {
        if (headers != null) {
            MailAddress replyTo = MailAddress.first(headers.first("Reply-To"));
            if (replyTo != null) {
                return replyTo;
            }
            MailAddress from = MailAddress.first(headers.first("From"));
            if (from != null) {
                return from;
            }
        }
        if (original.author() == null) {
            return null;
        }
        String address = original.author().email() != null ? original.author().email() : original.author().handle();
        return MailAddress.first(address == null ? null : (original.author().displayName() == null ? address
                : "\"" + original.author().displayName().replace("\"", "") + "\" <" + address + ">"));
    }

    private static String subject(RawHeaders headers, Interaction original) {
        if (headers != null && headers.first("Subject") != null) {
            return EncodedWords.decode(headers.first("Subject")).replaceAll("\\s+", " ").strip();
        }
        String text = original.text() == null ? "" : original.text();
        if (text.startsWith("Subject: ")) {
            int end = text.indexOf('\n');
            return text.substring("Subject: ".length(), end < 0 ? text.length() : end).strip();
        }
        return "";
    }

    private static String originalId(RawHeaders headers, Interaction original) {
        if (headers != null) {
            List<String> ids = MessageIds.parse(headers.first("Message-ID"));
            if (!ids.isEmpty()) {
                return ids.get(0);
            }
        }
        String id = original.externalId();
        return id == null || id.startsWith(MessageIds.HASH_PREFIX) ? null : id;
    }

    /** The original's References, else its In-Reply-To (RFC 5322 3.6.4), to which its own id is added. */
    private static List<String> references(RawHeaders headers) {
        if (headers == null) {
            return List.of();
        }
        List<String> refs = MessageIds.parse(String.join(" ", headers.all("References")));
        return refs.isEmpty() ? MessageIds.parse(headers.first("In-Reply-To")) : refs;
    }

    private String refusal(SendFailedException e, String recipient) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPSenderFailedException) {
                return "The mail server " + settings.smtp() + " refused the sender address " + settings.fromAddress()
                        + ": " + serverAnswer(x) + ". An administrator must fix fromAddress; the reply was not sent.";
            }
            if (x instanceof SMTPAddressFailedException) {
                return "The mail server refused the address " + recipient + ": " + serverAnswer(x)
                        + ". Check the customer's e-mail address; the reply was not sent.";
            }
        }
        return "The mail server " + settings.smtp() + " refused the reply: " + serverAnswer(e) + ". It was not sent.";
    }

    private static int returnCode(SendFailedException e) {
        int found = 0;
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            int code = x instanceof SMTPAddressFailedException a ? a.getReturnCode()
                    : x instanceof SMTPSenderFailedException s ? s.getReturnCode()
                    : x instanceof SMTPSendFailedException f ? f.getReturnCode() : 0;
            if (code >= 500) {
                return code;
            }
            if (code > 0 && found == 0) {
                found = code;
            }
        }
        return found;
    }

    private static String serverAnswer(Exception e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException || x instanceof SMTPSenderFailedException
                    || x instanceof SMTPSendFailedException) {
                return x.getMessage() == null ? "" : x.getMessage().strip();
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    }
}
