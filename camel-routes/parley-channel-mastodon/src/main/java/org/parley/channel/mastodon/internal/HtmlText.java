package org.parley.channel.mastodon.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the HTML of a Mastodon status into the plain text its author wrote. Markup is dropped and the text between
 * tags is kept; entities are decoded exactly once, after the markup is gone, so what the author typed as
 * {@code <script>} (sent by Mastodon as {@code &lt;script&gt;}) comes back as those characters: inert text, never a tag
 * to render. Paragraphs become blank lines and {@code <br>} a line break. Mastodon shortens long links for display with
 * {@code <span class="invisible">} parts; their text is kept, so links come out whole.
 *
 * <p>A small scanner rather than an HTML library: the input is Mastodon's sanitized subset (p, br, a, span, and a few
 * formatting tags since 4.x), and an unexpected tag costs nothing but its own markup.
 */
final class HtmlText {

    /** Mastodon escapes only {@code & < > " '}; remote servers' HTML may name any Latin-1 character and a few more. */
    private static final Map<String, String> ENTITIES = new HashMap<>();
    private static final Pattern BLANKS = Pattern.compile("[ \\u00A0]{2,}");

    static {
        String[] latin1 = ("nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn "
                + "sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute "
                + "Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde "
                + "Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave "
                + "aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth "
                + "ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml")
                .split(" ");
        for (int i = 0; i < latin1.length; i++) {
            ENTITIES.put(latin1[i], String.valueOf((char) (160 + i)));
        }
        String[][] more = {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
                {"hellip", "\u2026"}, {"mdash", "\u2014"}, {"ndash", "\u2013"}, {"lsquo", "\u2018"},
                {"rsquo", "\u2019"}, {"ldquo", "\u201C"}, {"rdquo", "\u201D"}, {"bull", "\u2022"},
                {"euro", "\u20AC"}, {"trade", "\u2122"}, {"OElig", "\u0152"}, {"oelig", "\u0153"}};
        for (String[] entity : more) {
            ENTITIES.put(entity[0], entity[1]);
        }
    }

    private final StringBuilder out;
    /** Inside {@code <pre>}: the source's own line breaks are the author's. */
    private int preDepth;

    private HtmlText(int capacity) {
        this.out = new StringBuilder(capacity);
    }

    static String toText(String html) {
        if (html == null || html.isEmpty()) {
            return "";
        }
        return new HtmlText(html.length()).scan(html);
    }

    private String scan(String html) {
        int i = 0;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = tagEnd(html, i);
                if (end < 0) {
                    out.append('<'); // a '<' that opens no tag is text
                    i++;
                    continue;
                }
                if (end > i + 1) {
                    applyTag(html.substring(i + 1, end));
                }
                i = end + 1;
            } else {
                int next = html.indexOf('<', i);
                int stop = next < 0 ? n : next;
                appendText(html.substring(i, stop));
                i = stop;
            }
        }
        return tidy(out);
    }

    /** Index of the '>' that closes the tag opened at {@code start}, skipping quoted attribute values; -1 when none. */
    private static int tagEnd(String html, int start) {
        if (html.startsWith("<!--", start)) {
            int close = html.indexOf("-->", start + 4);
            return close < 0 ? html.length() - 1 : close + 2;
        }
        if (start + 1 >= html.length() || !isTagStart(html.charAt(start + 1))) {
            return -1;
        }
        char quote = 0;
        for (int j = start + 1; j < html.length(); j++) {
            char c = html.charAt(j);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return j;
            }
        }
        return -1;
    }

    private static boolean isTagStart(char c) {
        return Character.isLetter(c) || c == '/' || c == '!' || c == '?';
    }

    private void applyTag(String tag) {
        String name = tagName(tag);
        if (name.equals("pre")) {
            preDepth = Math.max(0, preDepth + (tag.startsWith("/") ? -1 : 1));
        }
        switch (name) {
            case "br" -> out.append('\n');
            case "p", "div", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6" -> out.append("\n\n");
            case "li" -> {
                if (!tag.startsWith("/")) {
                    out.append('\n');
                }
            }
            default -> {
                // inline markup (a, span, strong, em, code ...): only the text around it counts
            }
        }
    }

    private static String tagName(String tag) {
        int start = tag.startsWith("/") ? 1 : 0;
        int end = start;
        while (end < tag.length() && Character.isLetterOrDigit(tag.charAt(end))) {
            end++;
        }
        return tag.substring(start, end).toLowerCase(Locale.ROOT);
    }

    private void appendText(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '&') {
                int semi = text.indexOf(';', i + 1);
                String decoded = semi > i + 1 && semi - i <= 33 ? entity(text.substring(i + 1, semi)) : null;
                if (decoded != null) {
                    out.append(decoded);
                    i = semi + 1;
                    continue;
                }
            }
            // Outside <pre>, source line breaks are not the author's: in HTML only <br> and <p> break lines.
            if (c == '\r') {
                out.append(preDepth > 0 ? "" : " ");
            } else if (c == '\n' || c == '\t') {
                out.append(preDepth > 0 ? c : ' ');
            } else {
                out.append(c);
            }
            i++;
        }
    }

    private static String entity(String name) {
        if (name.startsWith("#x") || name.startsWith("#X")) {
            return codePoint(name.substring(2), 16);
        }
        if (name.startsWith("#")) {
            return codePoint(name.substring(1), 10);
        }
        return ENTITIES.get(name);
    }

    private static String codePoint(String digits, int radix) {
        if (digits.isEmpty() || digits.length() > 7) {
            return null;
        }
        try {
            int cp = Integer.parseInt(digits, radix);
            return cp > 0 && Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Lines stripped of blanks at their ends, no more than one blank line in a row, none at the start or end. */
    private static String tidy(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        int blankLines = 0;
        for (String line : text.toString().split("\n", -1)) {
            String stripped = BLANKS.matcher(line).replaceAll(" ").strip();
            if (stripped.isEmpty()) {
                blankLines++;
                continue;
            }
            if (out.length() > 0) {
                out.append(blankLines > 0 ? "\n\n" : "\n");
            }
            out.append(stripped);
            blankLines = 0;
        }
        return out.toString();
    }
}
