package org.parley.channel.mail.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParsePosition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.api.SocialIdentity;

/**
 * Maps one message, as its RFC 822 source, to an interaction; or says why it is skipped (see {@link AutoReplies}), or
 * why it cannot be stored (a dead letter holding the source, replayable to this mapper).
 *
 * <p>Conventions:
 * <ul>
 * <li>{@code externalId}: the Message-ID without {@code <>} (see {@link MessageIds}). Without a Message-ID:
 *     {@code sha256:} and the hex SHA-256 of the From, Date and Subject header values and the body's bytes, so that
 *     the same message read again (after a UIDVALIDITY change) has the same key.</li>
 * <li>{@code kind}: REPLY when the message has In-Reply-To, else DIRECT_MESSAGE. {@code inReplyTo}: In-Reply-To's
 *     Message-ID; {@code threadId}: the first Message-ID of References, else inReplyTo, else its own id.</li>
 * <li>{@code author}: the From address as handle and as e-mail (so the CRM links by e-mail), the display name as
 *     name; the Sender when there is no From.</li>
 * <li>{@code text}: {@code "Subject: <subject>"}, a blank line, then the body's text (see {@link MailBody}), as plain
 *     text; beyond {@value InteractionValidator#MAX_TEXT_CHARS} characters it is cut with a note, the whole message
 *     staying in {@code raw}.</li>
 * <li>{@code media}: the attachments' names (at most {@value InteractionValidator#MAX_MEDIA}); attachments are not
 *     stored.</li>
 * <li>{@code occurredAt}: the Date header; else (missing, unreadable, or more than the validator's skew after the
 *     message arrived) the arrival time: IMAP's INTERNALDATE, or the newest Received header on a replay.</li>
 * <li>{@code language}: Content-Language when given. {@code raw}: the source (see {@link RawSource}).</li>
 * </ul>
 */
public final class MailMapper {

    public static final String CHANNEL = "mail";
    /** Marks a dead letter that holds only the headers of a message that was not read (too large, server error). */
    static final String NOT_READ = "X-Parley-Not-Read";

    /**
     * What one message gave: exactly one of an interaction, a reason to skip it, or a dead letter.
     */
    public record Result(Interaction interaction, String skipped, DeadLetter.New deadLetter) {
    }

    private final String account;
    private final long maxMessageBytes;
    private final String replayUri;
    private final InteractionValidator validator;
    private final Session session;

    /**
     * @param account         the account the messages arrived on
     * @param maxMessageBytes the largest message mapped; a larger one becomes a dead letter
     * @param replayUri       where a dead letter of this mapper is replayed (the channel's map route)
     * @param validator       the rules an interaction must meet
     */
    public MailMapper(String account, long maxMessageBytes, String replayUri, InteractionValidator validator) {
        this.account = account;
        this.maxMessageBytes = maxMessageBytes;
        this.replayUri = replayUri;
        this.validator = validator;
        Properties props = new Properties();
        // Body part headers may be raw UTF-8 (RFC 6532); read them as such.
        props.setProperty("mail.mime.allowutf8", "true");
        this.session = MailSessions.session(props);
    }

    /**
     * @param raw        the message's RFC 822 source
     * @param receivedAt when the mail server took it (IMAP INTERNALDATE), or null when unknown (a replay)
     */
    public Result map(byte[] raw, Instant receivedAt) {
        if (raw.length > maxMessageBytes) {
            RawHeaders headers = RawHeaders.parse(raw);
            return new Result(null, null, oversized(raw.length, summary(headers)));
        }
        RawHeaders headers = RawHeaders.parse(raw);
        String notRead = headers.first(NOT_READ);
        if (notRead != null) {
            return refuse("the message was not read (" + notRead + "); only its headers are here: read it in the mailbox",
                    raw);
        }
        String skip = AutoReplies.reason(headers);
        if (skip != null) {
            return new Result(null, skip, null);
        }
        try {
            return mapMessage(raw, headers, receivedAt);
        } catch (MessagingException | IOException | RuntimeException e) {
            return refuse("the message cannot be read: " + e.getMessage(), raw);
        }
    }

    /** The dead letter of a message too large to read: its headers only, marked so that a replay refuses it again. */
    public DeadLetter.New oversized(long size, String headerSummary) {
        return notRead(size + " bytes, over maxMessageBytes " + maxMessageBytes, "message of " + size
                + " bytes is over maxMessageBytes (" + maxMessageBytes + "): not read; its headers are kept here. Read it "
                + "in the mailbox, or raise maxMessageBytes (a replay of this dead letter cannot fetch it)", headerSummary);
    }

    /** The dead letter of a message the server would not hand out: its headers only, so that reading goes on. */
    DeadLetter.New unreadable(long uid, String serverAnswer, String headerSummary) {
        String why = "the IMAP server failed to hand out message UID " + uid + ": " + oneLine(serverAnswer);
        return notRead(why, why + "; its headers are kept here. Read it in the mailbox", headerSummary);
    }

    private DeadLetter.New notRead(String mark, String reason, String headerSummary) {
        String payload = NOT_READ + ": " + oneLine(mark) + "\r\n" + (headerSummary == null ? "" : headerSummary);
        return new DeadLetter.New(CHANNEL, account, reason, payload, replayUri);
    }

    private Result mapMessage(byte[] raw, RawHeaders headers, Instant receivedAt) throws MessagingException, IOException {
        List<String> problems = new ArrayList<>();
        MimeMessage message = new MimeMessage(session, new SharedByteArrayInputStream(raw));
        MailBody body = MailBody.of(message);

        String subject = oneLine(EncodedWords.decode(headers.first("Subject")));
        List<String> ids = MessageIds.parse(headers.first("Message-ID"));
        String externalId = ids.isEmpty() ? hashId(headers, raw) : MessageIds.key(ids.get(0));
        String inReplyTo = MessageIds.firstKey(headers.first("In-Reply-To"));
        List<String> references = MessageIds.parse(String.join(" ", headers.all("References")));
        String threadId = !references.isEmpty() ? MessageIds.key(references.get(0))
                : inReplyTo != null ? inReplyTo : externalId;

        MailAddress from = MailAddress.first(headers.first("From"));
        if (from == null) {
            from = MailAddress.first(headers.first("Sender"));
        }
        if (from == null) {
            problems.add("the message has no sender address (From: " + abbreviate(headers.first("From")) + ")");
        }
        Instant occurredAt = occurredAt(headers, receivedAt);
        if (occurredAt == null) {
            problems.add("the message has no readable Date (" + abbreviate(headers.first("Date"))
                    + ") and its arrival time is unknown");
        }
        if (!problems.isEmpty()) {
            return refuse(String.join("; ", problems), raw);
        }
        String language = Languages.tag(headers.first("Content-Language"));
        Interaction interaction = Interaction.builder(CHANNEL, externalId)
                .kind(inReplyTo != null ? InteractionKind.REPLY : InteractionKind.DIRECT_MESSAGE)
                .account(account)
                .author(new SocialIdentity(CHANNEL, from.address(), from.name(), null, from.address(), null))
                .text(text(subject, body.text()))
                .media(media(body.attachments()))
                .occurredAt(occurredAt)
                .inReplyTo(inReplyTo)
                .threadId(threadId)
                .language(language != null ? language : body.language())
                .raw(RawSource.text(raw))
                .build();
        problems.addAll(validator.problems(interaction));
        if (!problems.isEmpty()) {
            return refuse(String.join("; ", problems), raw);
        }
        return new Result(interaction, null, null);
    }

    private Result refuse(String reason, byte[] raw) {
        return new Result(null, null, new DeadLetter.New(CHANNEL, account, reason, RawSource.text(raw), replayUri));
    }

    /** {@code Subject: ...}, a blank line, the body; cut to the validator's limit with a note. */
    static String text(String subject, String body) {
        String text = subject.isEmpty() ? body : body.isEmpty() ? "Subject: " + subject : "Subject: " + subject + "\n\n" + body;
        int max = InteractionValidator.MAX_TEXT_CHARS;
        if (text.length() <= max) {
            return text;
        }
        String note = "\n\n[… " + (text.length() - (max - 100)) + " more characters: the whole message is kept in its raw source]";
        int cut = max - 100;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + note;
    }

    private static List<String> media(List<String> attachments) {
        int max = InteractionValidator.MAX_MEDIA;
        if (attachments.size() <= max) {
            return attachments;
        }
        List<String> listed = new ArrayList<>(attachments.subList(0, max - 1));
        listed.add("… and " + (attachments.size() - max + 1) + " more attachments");
        return listed;
    }

    private static Instant occurredAt(RawHeaders headers, Instant receivedAt) {
        Instant date = date(headers.first("Date"));
        Instant arrival = receivedAt;
        if (arrival == null) {
            String received = headers.first("Received"); // the newest trace field comes first
            if (received != null && received.lastIndexOf(';') >= 0) {
                arrival = date(received.substring(received.lastIndexOf(';') + 1));
            }
        }
        if (date == null || (arrival != null && date.isAfter(arrival.plus(InteractionValidator.MAX_FUTURE_SKEW)))) {
            return arrival;
        }
        return date;
    }

    static Instant date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Date d = new MailDateFormat().parse(value.trim(), new ParsePosition(0));
        return d == null ? null : d.toInstant();
    }

    /** The key of a message without Message-ID: stable across re-reads, as it hashes only what the message says. */
    private static String hashId(RawHeaders headers, byte[] raw) {
        byte[] body = Arrays.copyOfRange(raw, Math.min(headers.bodyOffset(), raw.length), raw.length);
        return MessageIds.HASH_PREFIX + MessageIds.sha256(utf8(headers.first("From")), utf8(headers.first("Date")),
                utf8(headers.first("Subject")), body);
    }

    /** The headers a person needs to find a message in the mailbox. */
    static String summary(RawHeaders headers) {
        StringBuilder sb = new StringBuilder();
        for (String name : new String[] {"Message-ID", "Date", "From", "To", "Subject"}) {
            String v = headers.first(name);
            if (v != null) {
                sb.append(name).append(": ").append(abbreviate(v)).append("\r\n");
            }
        }
        return sb.toString();
    }

    private static byte[] utf8(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cc}&&[^\\t]]", " ").replaceAll("\\s+", " ").strip();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "none";
        }
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
