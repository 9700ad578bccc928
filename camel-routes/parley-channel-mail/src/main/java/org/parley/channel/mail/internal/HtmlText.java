package org.parley.channel.mail.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain text of an HTML mail body. HTML from a mail is never trusted and never rendered: tags are dropped and the
 * text between them kept, so {@code <script>alert(1)</script>} leaves the inert text {@code alert(1)}, visible to the
 * person who reads it and executed by nobody. What a reader never sees is dropped: comments, {@code <head>} (title,
 * meta) and {@code <style>} sheets. Entities are decoded once, at the end: {@code &lt;b&gt;} is the text a customer
 * typed, and stays the text {@code <b>}, as it does in a text/plain mail. Block elements become line breaks; runs of
 * blanks are collapsed.
 */
final class HtmlText {

    private static final Pattern COMMENT = Pattern.compile("<!--.*?(-->|$)", Pattern.DOTALL);
    private static final Pattern INVISIBLE = Pattern.compile(
            "<\\s*(head|style|title)\\b[^>]*>.*?(<\\s*/\\s*\\1\\s*>|$)", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern BLOCK = Pattern.compile(
            "<\\s*/?\\s*(br|p|div|li|ul|ol|h[1-6]|tr|table|blockquote|hr|pre|section|article|header|footer)\\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("<[A-Za-z/!?](?:[^>\"']|\"[^\"]*\"|'[^']*')*>");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});");
    private static final Pattern BLANKS = Pattern.compile("[ \\t\\x0B\\f\\u00A0]+");
    private static final Pattern MANY_NEWLINES = Pattern.compile("\\n{3,}");

    private static final Map<String, Integer> ENTITIES = new HashMap<>();

    static {
        String[] latin1 = ("nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn "
                + "sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute "
                + "Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde "
                + "Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave "
                + "aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth "
                + "ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml")
                .split(" ");
        for (int i = 0; i < latin1.length; i++) {
            ENTITIES.put(latin1[i], 160 + i);
        }
        ENTITIES.put("amp", (int) '&');
        ENTITIES.put("lt", (int) '<');
        ENTITIES.put("gt", (int) '>');
        ENTITIES.put("quot", (int) '"');
        ENTITIES.put("apos", (int) '\'');
        ENTITIES.put("hellip", 0x2026);
        ENTITIES.put("mdash", 0x2014);
        ENTITIES.put("ndash", 0x2013);
        ENTITIES.put("lsquo", 0x2018);
        ENTITIES.put("rsquo", 0x2019);
        ENTITIES.put("ldquo", 0x201C);
        ENTITIES.put("rdquo", 0x201D);
        ENTITIES.put("bull", 0x2022);
        ENTITIES.put("euro", 0x20AC);
        ENTITIES.put("trade", 0x2122);
        ENTITIES.put("zwnj", 0x200C);
        ENTITIES.put("zwj", 0x200D);
    }

    private HtmlText() {
    }

    static String toText(String html) {
        if (html == null) {
            return "";
        }
        String s = COMMENT.matcher(html).replaceAll("");
        s = INVISIBLE.matcher(s).replaceAll("");
        s = BLOCK.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        s = decodeEntities(s);
        return tidy(s);
    }

    static String decodeEntities(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String name = m.group(1);
            Integer cp;
            if (name.startsWith("#x") || name.startsWith("#X")) {
                cp = Integer.parseInt(name.substring(2), 16);
            } else if (name.startsWith("#")) {
                cp = Integer.parseInt(name.substring(1));
            } else {
                cp = ENTITIES.get(name);
            }
            String replacement = cp != null && Character.isValidCodePoint(cp) && cp != 0
                    ? new String(Character.toChars(cp)) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Line breaks normalised, blanks collapsed, lines trimmed, at most one empty line in a row. */
    static String tidy(String s) {
        String t = s.replace("\r\n", "\n").replace('\r', '\n');
        t = BLANKS.matcher(t).replaceAll(" ");
        StringBuilder out = new StringBuilder(t.length());
        for (String line : t.split("\n", -1)) {
            out.append(line.strip()).append('\n');
        }
        return MANY_NEWLINES.matcher(out.toString()).replaceAll("\n\n").strip();
    }
}
