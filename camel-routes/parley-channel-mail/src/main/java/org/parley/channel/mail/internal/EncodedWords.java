package org.parley.channel.mail.internal;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded words ({@code =?GB2312?B?...?=}, {@code =?utf-8?Q?Caf=C3=A9?=}) in header text, through
 * {@link MailCharsets} so that a GB2312 label with GBK characters still decodes. Adjacent encoded words in the same
 * charset are joined as bytes before decoding, because mailers split multi-byte characters across words; the blanks
 * between adjacent encoded words are dropped, as RFC 2047 says. A malformed word is left as it is.
 *
 * <p>Jakarta Mail's own {@code MimeUtility.decodeText} decodes with the label's exact Java charset, which loses
 * characters of Chinese names outside GB2312: hence this class.
 */
final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");

    private EncodedWords() {
    }

    static String decode(String text) {
        if (text == null || !text.contains("=?")) {
            return text;
        }
        Matcher m = WORD.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        String pendingCharset = null;
        int last = 0;
        boolean afterWord = false;
        while (m.find()) {
            String between = text.substring(last, m.start());
            String charset = m.group(1);
            int star = charset.indexOf('*'); // RFC 2231 language suffix: =?utf-8*en?Q?...?=
            if (star >= 0) {
                charset = charset.substring(0, star);
            }
            byte[] bytes = bytes(m.group(2), m.group(3));
            if (bytes == null) {
                pendingCharset = flush(out, pending, pendingCharset);
                out.append(between).append(m.group());
                afterWord = false;
                last = m.end();
                continue;
            }
            if (!(afterWord && between.isBlank())) {
                pendingCharset = flush(out, pending, pendingCharset);
                out.append(between);
            } else if (pendingCharset != null && !pendingCharset.equalsIgnoreCase(charset)) {
                pendingCharset = flush(out, pending, pendingCharset);
            }
            pending.writeBytes(bytes);
            pendingCharset = charset;
            afterWord = true;
            last = m.end();
        }
        flush(out, pending, pendingCharset);
        out.append(text, last, text.length());
        return out.toString();
    }

    private static String flush(StringBuilder out, ByteArrayOutputStream pending, String charset) {
        if (pending.size() > 0) {
            byte[] bytes = pending.toByteArray();
            out.append(MailCharsets.decode(bytes, charset));
            pending.reset();
        }
        return null;
    }

    /** The bytes of an encoded word's text, or null when it is not valid B or Q encoding. */
    private static byte[] bytes(String encoding, String encoded) {
        if (encoding.toUpperCase(Locale.ROOT).equals("B")) {
            try {
                return Base64.getMimeDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < encoded.length()) {
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c == '=') {
                return null;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
