package org.parley.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Everything the commands do to text before it reaches an admin's terminal: sanitising, shortening, times.
 * <p>
 * Text from social channels (and from the payloads and errors derived from it) is hostile: it may carry
 * terminal escape sequences that clear the screen, retitle the window, hide lines or fake output. Every
 * string that did not come from this bundle goes through {@link #line} or {@link #block} before it is printed.
 */
final class ShellText {

    /** What a shortened value ends with. ASCII, because the admin's terminal may not be UTF-8. */
    static final String ELLIPSIS = "...";

    /** Shown for a missing value in a table cell. */
    static final String NONE = "-";

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    /**
     * Terminal escape sequences, 7-bit and 8-bit (ECMA-48): CSI sequences, the string sequences OSC, DCS, SOS,
     * PM and APC with their terminator, and any other ESC sequence. A string sequence without a terminator is
     * not swallowed whole: only its introducer is removed, so the rest stays visible as harmless text.
     */
    private static final Pattern ESCAPE_SEQUENCE = Pattern.compile(
            "\u001B\\[[\\x30-\\x3F]*+[\\x20-\\x2F]*+[\\x40-\\x7E]"
                    + "|\u009B[\\x30-\\x3F]*+[\\x20-\\x2F]*+[\\x40-\\x7E]"
                    + "|\u001B[\\]PX^_][^\u0007\u001B\u009C]*+(?:\u0007|\u001B\\\\|\u009C)"
                    + "|[\u0090\u0098\u009D\u009E\u009F][^\u0007\u001B\u009C]*+(?:\u0007|\u001B\\\\|\u009C)"
                    + "|\u001B[\\x20-\\x2F]*+[\\x30-\\x7E]?");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private ShellText() {
    }

    /**
     * One line of safe text: escape sequences and control characters removed, line breaks and tabs turned into
     * spaces, runs of white space collapsed. Null gives the empty string.
     */
    static String line(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        return WHITESPACE.matcher(strip(text, false)).replaceAll(" ").trim();
    }

    /** Like {@link #line} and then {@link #shorten}; a missing or blank value shows as {@value #NONE}. */
    static String cell(String text, int max) {
        String line = line(text);
        return line.isEmpty() ? NONE : shorten(line, max);
    }

    /**
     * Safe multi-line text: escape sequences and control characters removed except line feeds and tabs;
     * carriage returns become line feeds (a lone CR would let text overwrite the line before it).
     */
    static String block(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        return strip(text, true);
    }

    /** At most {@code max} characters, ending in {@value #ELLIPSIS} when cut. Never splits a surrogate pair. */
    static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        if (max <= ELLIPSIS.length()) {
            return ELLIPSIS.substring(0, Math.max(max, 0));
        }
        return safePrefix(text, max - ELLIPSIS.length()) + ELLIPSIS;
    }

    /**
     * At most {@code max} characters, cutting out the middle: for cursors and ids, whose beginning says what
     * they are and whose end says where they stand.
     */
    static String shortenMiddle(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        if (max <= ELLIPSIS.length() + 2) {
            return shorten(text, max);
        }
        int keep = max - ELLIPSIS.length();
        int head = (keep + 1) / 2;
        int tail = keep - head;
        String end = text.substring(text.length() - tail);
        if (!end.isEmpty() && Character.isLowSurrogate(end.charAt(0))) {
            end = end.substring(1);
        }
        return safePrefix(text, head) + ELLIPSIS + end;
    }

    /** An instant as ISO-8601 in UTC to the second, or {@code never}. */
    static String iso(Instant at) {
        return at == null ? "never" : ISO.format(at.truncatedTo(ChronoUnit.SECONDS));
    }

    /** How long ago (or, for a clock ahead of ours, how far ahead) {@code at} is: {@code 2 min ago}. */
    static String relative(Instant at, Instant now) {
        if (at == null) {
            return "never";
        }
        Duration age = Duration.between(at, now);
        boolean future = age.isNegative();
        long seconds = age.abs().getSeconds();
        if (seconds < 10) {
            return "just now";
        }
        String amount;
        if (seconds < 60) {
            amount = seconds + " s";
        } else if (seconds < 3_600) {
            amount = seconds / 60 + " min";
        } else if (seconds < 48 * 3_600) {
            amount = seconds / 3_600 + " h";
        } else {
            amount = seconds / 86_400 + " d";
        }
        return future ? "in " + amount : amount + " ago";
    }

    /** {@code 2 min ago (2025-06-01T10:00:00Z)}, or {@code never}. */
    static String when(Instant at, Instant now) {
        return at == null ? "never" : relative(at, now) + " (" + iso(at) + ")";
    }

    private static String safePrefix(String text, int length) {
        int end = length;
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static String strip(String text, boolean multiLine) {
        String withoutEscapes = ESCAPE_SEQUENCE.matcher(text).replaceAll("");
        StringBuilder out = new StringBuilder(withoutEscapes.length());
        for (int i = 0; i < withoutEscapes.length(); i++) {
            char c = withoutEscapes.charAt(i);
            switch (c) {
                case '\n', '\u2028', '\u2029' -> out.append(multiLine ? '\n' : ' ');
                case '\t' -> out.append(multiLine ? '\t' : ' ');
                case '\r' -> {
                    boolean crlf = i + 1 < withoutEscapes.length() && withoutEscapes.charAt(i + 1) == '\n';
                    if (!crlf) {
                        out.append(multiLine ? '\n' : ' ');
                    }
                }
                default -> {
                    if (!isHidden(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Control characters (C0, DEL, C1) and the bidirectional overrides and isolates that reorder what is shown. */
    private static boolean isHidden(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
