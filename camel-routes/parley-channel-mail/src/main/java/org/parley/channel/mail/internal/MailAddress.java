package org.parley.channel.mail.internal;

import java.util.Locale;

/**
 * The first mailbox of an address header ({@code From}, {@code Reply-To}): {@code "Name" <addr>}, {@code Name <addr>},
 * {@code addr (Name)} or {@code addr}. The display name is RFC 2047-decoded by {@link EncodedWords} (also inside
 * quotes, as some mailers write it). The address is lower-cased, because the CRM matches people by it.
 *
 * @param address the address, lower case
 * @param name    the display name, or null
 */
record MailAddress(String address, String name) {

    /** The first mailbox of {@code header}, or null when it holds no address. */
    static MailAddress first(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String mailbox = firstMailbox(header.trim());
        String name = null;
        String address;
        int open = lastOutsideQuotes(mailbox, '<');
        if (open >= 0) {
            int close = mailbox.indexOf('>', open);
            address = mailbox.substring(open + 1, close < 0 ? mailbox.length() : close);
            name = phrase(mailbox.substring(0, open));
        } else {
            int comment = mailbox.indexOf('(');
            if (comment >= 0) {
                int end = mailbox.lastIndexOf(')');
                name = phrase(mailbox.substring(comment + 1, end > comment ? end : mailbox.length()));
                address = mailbox.substring(0, comment);
            } else {
                address = mailbox;
            }
        }
        address = address.trim();
        if (address.startsWith("mailto:")) {
            address = address.substring("mailto:".length());
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.chars().anyMatch(c -> c <= ' ')) {
            return null;
        }
        return new MailAddress(address.toLowerCase(Locale.ROOT), name);
    }

    /** The text up to the first comma that is outside quotes, angle brackets and comments. */
    private static String firstMailbox(String header) {
        boolean quoted = false;
        int angle = 0;
        int comment = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"' && comment == 0) {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == '<') {
                    angle++;
                } else if (c == '>' && angle > 0) {
                    angle--;
                } else if (c == '(') {
                    comment++;
                } else if (c == ')' && comment > 0) {
                    comment--;
                } else if (c == ',' && angle == 0 && comment == 0) {
                    return header.substring(0, i);
                }
            }
        }
        return header;
    }

    private static int lastOutsideQuotes(String s, char wanted) {
        boolean quoted = false;
        int found = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                found = i;
            }
        }
        return found;
    }

    /** A display name: quotes and escapes removed, encoded words decoded, blanks collapsed; null when empty. */
    private static String phrase(String raw) {
        String p = raw.trim();
        if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
            p = p.substring(1, p.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        p = EncodedWords.decode(p).replaceAll("[\\p{Cc}]", "").replaceAll("\\s+", " ").trim();
        return p.isEmpty() ? null : p;
    }
}
