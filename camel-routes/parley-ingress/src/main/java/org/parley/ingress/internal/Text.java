package org.parley.ingress.internal;

/**
 * Text from outside (a channel's reason, an error that quotes a payload) made safe for one log line or a terminal
 * cell: control characters (and with them terminal escape sequences' introducers) become spaces, runs of white space
 * collapse, and it is cut to a length.
 */
final class Text {

    private Text() {
    }

    static String line(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
        boolean space = false;
        for (int i = 0; i < text.length() && out.length() < max + 1; i++) {
            char c = text.charAt(i);
            boolean hidden = Character.isISOControl(c) || Character.isWhitespace(c)
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            if (hidden) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c);
        }
        if (out.length() <= max) {
            return out.toString();
        }
        int end = max - 3;
        if (end > 0 && Character.isHighSurrogate(out.charAt(end - 1))) {
            end--;
        }
        return out.substring(0, Math.max(end, 0)) + "...";
    }
}
