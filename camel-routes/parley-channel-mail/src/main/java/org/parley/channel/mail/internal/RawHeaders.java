package org.parley.channel.mail.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header section of an RFC 822 message, read from its bytes: fields unfolded, names case-insensitive, values as
 * text but not yet RFC 2047-decoded (see {@link EncodedWords}). A value with raw 8-bit bytes (RFC 6532, or an old
 * mailer's local charset) is read as UTF-8 when it is valid UTF-8, else in the charset the message's Content-Type
 * names (see {@link MailCharsets#eightBitHeaders}), never as mojibake of one byte per character.
 */
final class RawHeaders {

    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*\"?([^\";\\s]+)", Pattern.CASE_INSENSITIVE);

    private final Map<String, List<String>> fields;
    private final int bodyOffset;

    private RawHeaders(Map<String, List<String>> fields, int bodyOffset) {
        this.fields = fields;
        this.bodyOffset = bodyOffset;
    }

    static RawHeaders parse(byte[] raw) {
        int end = headerEnd(raw);
        int bodyOffset = end < 0 ? raw.length : end;
        int limit = end < 0 ? raw.length : end;

        // Pass 1: fields as byte strings, unfolded.
        List<String> names = new ArrayList<>();
        List<ByteArrayOutputStream> values = new ArrayList<>();
        int lineStart = 0;
        while (lineStart < limit) {
            int lineEnd = lineStart;
            while (lineEnd < limit && raw[lineEnd] != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > lineStart && raw[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd > lineStart) {
                byte first = raw[lineStart];
                if ((first == ' ' || first == '\t') && !values.isEmpty()) {
                    values.get(values.size() - 1).write(raw, lineStart, contentEnd - lineStart);
                } else {
                    int colon = -1;
                    for (int i = lineStart; i < contentEnd; i++) {
                        if (raw[i] == ':') {
                            colon = i;
                            break;
                        }
                        if (raw[i] <= ' ' || raw[i] > '~') {
                            break;
                        }
                    }
                    if (colon > lineStart) {
                        names.add(new String(raw, lineStart, colon - lineStart, StandardCharsets.US_ASCII)
                                .toLowerCase(Locale.ROOT));
                        ByteArrayOutputStream value = new ByteArrayOutputStream(contentEnd - colon);
                        value.write(raw, colon + 1, contentEnd - colon - 1);
                        values.add(value);
                    }
                    // Anything else (an mbox "From " line, garbage) is not a field and is skipped.
                }
            }
            lineStart = lineEnd + 1;
        }

        // Pass 2: bytes to text, 8-bit values in UTF-8 or the message's own charset.
        String contentType = null;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals("content-type")) {
                contentType = values.get(i).toString(StandardCharsets.ISO_8859_1);
                break;
            }
        }
        Charset eightBit = null;
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byte[] v = values.get(i).toByteArray();
            String text;
            if (MailCharsets.isAscii(v, 0, v.length) || MailCharsets.isUtf8(v, 0, v.length)) {
                text = new String(v, StandardCharsets.UTF_8);
            } else {
                if (eightBit == null) {
                    eightBit = MailCharsets.eightBitHeaders(charsetOf(contentType));
                }
                text = new String(v, eightBit);
            }
            fields.computeIfAbsent(names.get(i), k -> new ArrayList<>()).add(text.strip());
        }
        return new RawHeaders(fields, bodyOffset);
    }

    /** The first value of a field, or null. */
    String first(String name) {
        List<String> v = fields.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Every value of a field, in order. */
    List<String> all(String name) {
        return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    boolean has(String name) {
        return fields.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Where the body starts in the message's bytes (after the blank line), or the length when there is no body. */
    int bodyOffset() {
        return bodyOffset;
    }

    static String charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher m = CHARSET.matcher(contentType);
        return m.find() ? m.group(1) : null;
    }

    /** Index just after the blank line that ends the header section, or -1 when there is none. */
    private static int headerEnd(byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n') {
                if (i + 1 < raw.length && raw[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < raw.length && raw[i + 1] == '\r' && raw[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }
}
