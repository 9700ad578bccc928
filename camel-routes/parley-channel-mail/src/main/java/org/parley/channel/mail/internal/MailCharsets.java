package org.parley.channel.mail.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Charset labels as mail software writes them, mapped to the Java charset that decodes what they really send. Labels
 * are widened to the superset mailers use in practice (as browsers do, WHATWG Encoding): {@code GB2312} and
 * {@code GBK} text is read as GB18030 (Chinese names often use characters outside GB2312), {@code ISO-8859-1} as
 * windows-1252 (curly quotes and the euro sign from Windows mailers), {@code ks_c_5601-1987} as windows-949. A missing
 * or {@code US-ASCII} label with 8-bit bytes is read as UTF-8 when the bytes are valid UTF-8, else as windows-1252; so
 * is a label Java does not know.
 */
final class MailCharsets {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Charset GB18030 = Charset.forName("GB18030");

    private static final Map<String, String> WIDER = Map.ofEntries(
            Map.entry("gb2312", "GB18030"), Map.entry("gbk", "GB18030"), Map.entry("gb_2312-80", "GB18030"),
            Map.entry("csgb2312", "GB18030"), Map.entry("euc-cn", "GB18030"), Map.entry("x-euc-cn", "GB18030"),
            Map.entry("x-gbk", "GB18030"), Map.entry("cp936", "GB18030"), Map.entry("ms936", "GB18030"),
            Map.entry("windows-936", "GB18030"), Map.entry("gb18030", "GB18030"),
            Map.entry("iso-8859-1", "windows-1252"), Map.entry("iso8859-1", "windows-1252"),
            Map.entry("iso_8859-1", "windows-1252"), Map.entry("latin1", "windows-1252"), Map.entry("l1", "windows-1252"),
            Map.entry("8859_1", "windows-1252"), Map.entry("cp819", "windows-1252"), Map.entry("cp1252", "windows-1252"),
            Map.entry("ks_c_5601-1987", "x-windows-949"), Map.entry("ks_c_5601", "x-windows-949"),
            Map.entry("euc-kr", "x-windows-949"), Map.entry("ksc5601", "x-windows-949"),
            Map.entry("shift_jis", "windows-31j"), Map.entry("x-sjis", "windows-31j"), Map.entry("sjis", "windows-31j"),
            Map.entry("big5", "x-windows-950"), Map.entry("utf8", "UTF-8"));

    private MailCharsets() {
    }

    /** Text of {@code bytes} labelled {@code label} (may be null), by the rules above. */
    static String decode(byte[] bytes, String label) {
        return new String(bytes, charset(label, bytes));
    }

    static Charset charset(String label, byte[] bytes) {
        String l = label == null ? "" : label.trim().replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
        if (l.isEmpty() || l.equals("us-ascii") || l.equals("ascii") || l.equals("ansi_x3.4-1968")) {
            return guess(bytes);
        }
        String name = WIDER.getOrDefault(l, l);
        try {
            if (Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        } catch (IllegalArgumentException e) {
            // an illegal charset name: guess as for an unknown one
        }
        return guess(bytes);
    }

    /** The charset a mail's header block is read in when it carries raw 8-bit text that is not UTF-8. */
    static Charset eightBitHeaders(String bodyCharsetLabel) {
        if (bodyCharsetLabel == null || bodyCharsetLabel.isBlank()) {
            return WINDOWS_1252;
        }
        Charset c = charset(bodyCharsetLabel, new byte[0]);
        return c.equals(StandardCharsets.UTF_8) ? WINDOWS_1252 : c;
    }

    static boolean isUtf8(byte[] bytes, int offset, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static boolean isAscii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    static Charset gb18030() {
        return GB18030;
    }

    private static Charset guess(byte[] bytes) {
        if (bytes == null || isAscii(bytes, 0, bytes.length) || isUtf8(bytes, 0, bytes.length)) {
            return StandardCharsets.UTF_8;
        }
        return WINDOWS_1252;
    }
}
