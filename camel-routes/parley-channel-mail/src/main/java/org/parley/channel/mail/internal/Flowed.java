package org.parley.channel.mail.internal;

/**
 * Undoes RFC 3676 {@code format=flowed}: a line that ends in a space continues on the next line of the same quote
 * depth; a leading space that protects the line ("space-stuffing") is removed; with {@code delsp=yes} the soft-break
 * space itself is deleted too. The signature separator {@code "-- "} is never joined.
 */
final class Flowed {

    private Flowed() {
    }

    static String unwrap(String text, boolean delSp) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        StringBuilder paragraph = null;
        int paragraphDepth = -1;
        for (String line : lines) {
            int depth = 0;
            while (depth < line.length() && line.charAt(depth) == '>') {
                depth++;
            }
            String content = line.substring(depth);
            if (content.startsWith(" ")) {
                content = content.substring(1);
            }
            boolean soft = content.endsWith(" ") && !content.equals("-- ");
            if (paragraph != null && depth != paragraphDepth) {
                out.append(paragraph).append('\n');
                paragraph = null;
            }
            if (paragraph == null) {
                paragraph = new StringBuilder(">".repeat(depth)).append(depth > 0 ? " " : "");
                paragraphDepth = depth;
            }
            paragraph.append(soft && delSp ? content.substring(0, content.length() - 1) : content);
            if (!soft) {
                out.append(paragraph).append('\n');
                paragraph = null;
            }
        }
        if (paragraph != null) {
            out.append(paragraph).append('\n');
        }
        return out.toString();
    }
}
