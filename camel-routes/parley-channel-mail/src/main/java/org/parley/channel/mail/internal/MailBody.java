package org.parley.channel.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.ParseException;

/**
 * What a message says and what it carries, from its MIME structure: the text of its body parts (text/plain as it is,
 * text/html as {@link HtmlText}; of a multipart/alternative the plain part when there is one), and the names of its
 * attachments, which are listed and never stored. Inline resources of an HTML body (multipart/related images without
 * an attachment disposition) are neither text nor attachments.
 *
 * @param text        the body text, parts separated by a blank line; empty when there is none
 * @param attachments file names (or a description of unnamed parts), in order
 * @param language    the first body part's Content-Language, or null
 */
record MailBody(String text, List<String> attachments, String language) {

    /** Deeper nesting than any mailer writes: a message built to exhaust the parser. */
    private static final int MAX_DEPTH = 20;
    private static final int MAX_PARTS = 500;

    static MailBody of(MimeMessage message) throws MessagingException, IOException {
        Walk walk = new Walk();
        walk.part(message, 0, false);
        return new MailBody(String.join("\n\n", walk.texts), List.copyOf(walk.attachments), walk.language);
    }

    private static final class Walk {
        final List<String> texts = new ArrayList<>();
        final List<String> attachments = new ArrayList<>();
        String language;
        int parts;

        void part(Part part, int depth, boolean inRelated) throws MessagingException, IOException {
            if (depth > MAX_DEPTH || ++parts > MAX_PARTS) {
                throw new MessagingException("MIME structure nested deeper than " + MAX_DEPTH
                        + " levels or with more than " + MAX_PARTS + " parts");
            }
            String type = baseType(part);
            if (type.startsWith("multipart/")) {
                MimeMultipart multipart = new MimeMultipart(new MimePartDataSource((MimePart) part));
                if (type.equals("multipart/alternative")) {
                    Part chosen = alternative(multipart);
                    if (chosen != null) {
                        part(chosen, depth + 1, inRelated);
                    }
                    return;
                }
                boolean related = type.equals("multipart/related");
                for (int i = 0; i < multipart.getCount(); i++) {
                    part(multipart.getBodyPart(i), depth + 1, related);
                }
                return;
            }
            if (isAttachment(part, type)) {
                attachments.add(name(part, type));
                return;
            }
            if (type.equals("text/plain") || type.equals("text/html")) {
                String text = text(part, type);
                if (!text.isBlank()) {
                    texts.add(text);
                    if (language == null && part instanceof MimePart mime) {
                        language = firstLanguage(mime.getContentLanguage());
                    }
                }
                return;
            }
            if (inRelated && name(part) == null) {
                return; // an image or style sheet of the HTML body
            }
            attachments.add(name(part, type));
        }

        /** The plain-text alternative, else the HTML one, else the first nested multipart. */
        private static Part alternative(MimeMultipart multipart) throws MessagingException {
            Part html = null;
            Part nested = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                Part p = multipart.getBodyPart(i);
                String t = baseType(p);
                if (t.equals("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(disposition(p))) {
                    return p;
                } else if (t.equals("text/html") && html == null) {
                    html = p;
                } else if (t.startsWith("multipart/") && nested == null) {
                    nested = p;
                }
            }
            return html != null ? html : nested;
        }
    }

    private static boolean isAttachment(Part part, String type) throws MessagingException {
        if (Part.ATTACHMENT.equalsIgnoreCase(disposition(part))) {
            return true;
        }
        return type.equals("message/rfc822");
    }

    private static String text(Part part, String type) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = decoded(part)) {
            bytes = in.readAllBytes();
        }
        String charset = parameter(part, "charset");
        String text = MailCharsets.decode(bytes, charset);
        if (type.equals("text/html")) {
            return HtmlText.toText(text);
        }
        if ("flowed".equalsIgnoreCase(parameter(part, "format"))) {
            text = Flowed.unwrap(text, "yes".equalsIgnoreCase(parameter(part, "delsp")));
        }
        return HtmlText.tidy(text);
    }

    /** The part's content with its transfer encoding undone; the raw content when the encoding is unknown. */
    private static InputStream decoded(Part part) throws MessagingException, IOException {
        try {
            return new MimePartDataSource((MimePart) part).getInputStream();
        } catch (IOException | RuntimeException e) {
            if (part instanceof MimeBodyPart body) {
                return body.getRawInputStream();
            }
            if (part instanceof MimeMessage message) {
                return message.getRawInputStream();
            }
            throw e;
        }
    }

    private static String baseType(Part part) throws MessagingException {
        String ct = part.getContentType();
        if (ct == null) {
            return "text/plain";
        }
        try {
            return new ContentType(ct).getBaseType().toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            int semi = ct.indexOf(';');
            return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        }
    }

    private static String parameter(Part part, String name) throws MessagingException {
        String ct = part.getContentType();
        if (ct == null) {
            return null;
        }
        try {
            return new ContentType(ct).getParameter(name);
        } catch (ParseException e) {
            return name.equals("charset") ? RawHeaders.charsetOf(ct) : null;
        }
    }

    private static String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException e) {
            return null;
        }
    }

    /** A listable name: the file name, else a description such as {@code forwarded message} or {@code image/png}. */
    private static String name(Part part, String type) {
        String name = name(part);
        if (name != null) {
            return name;
        }
        return type.equals("message/rfc822") ? "forwarded message" : "unnamed " + type;
    }

    /** The decoded file name, without a path or control characters, at most 200 characters; null when none. */
    private static String name(Part part) {
        String raw;
        try {
            raw = part.getFileName();
        } catch (MessagingException e) {
            return null;
        }
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String n = EncodedWords.decode(raw);
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
        n = n.replaceAll("[\\p{Cc}\\p{Cf}]", "").strip();
        if (n.isEmpty()) {
            return null;
        }
        return n.length() <= 200 ? n : n.substring(0, 199) + "…";
    }

    static String firstLanguage(String[] tags) {
        return tags == null || tags.length == 0 ? null : Languages.tag(tags[0]);
    }
}
