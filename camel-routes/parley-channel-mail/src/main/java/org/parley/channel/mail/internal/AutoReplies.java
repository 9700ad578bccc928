package org.parley.channel.mail.internal;

import java.util.Locale;

/**
 * Mail that no person wrote to the brand, and which is therefore skipped (left in the mailbox, not stored, not a dead
 * letter):
 * <ul>
 * <li>{@code Auto-Submitted} with any value but {@code no} (RFC 3834: auto-replied out-of-office answers,
 *     auto-generated notifications);</li>
 * <li>the de-facto auto-responder marks {@code X-Autoreply}, {@code X-Autorespond} and {@code Precedence: auto_reply};</li>
 * <li>bounces and receipts: {@code multipart/report} (delivery status, RFC 3464; read receipts, RFC 8098),
 *     Exim's {@code X-Failed-Recipients}, and a null return path ({@code Return-Path: <>}), which RFC 5321 reserves
 *     for such notifications.</li>
 * </ul>
 * Mailing lists and newsletters ({@code Precedence: bulk}, {@code List-Id}) are kept: a person may have written them.
 */
final class AutoReplies {

    private AutoReplies() {
    }

    /** Why the message is skipped, or null when a person wrote it. */
    static String reason(RawHeaders headers) {
        String autoSubmitted = headers.first("Auto-Submitted");
        if (autoSubmitted != null) {
            String value = autoSubmitted.split("[;(]")[0].trim().toLowerCase(Locale.ROOT);
            if (!value.isEmpty() && !value.equals("no")) {
                return "automatic message (Auto-Submitted: " + value + ")";
            }
        }
        for (String mark : new String[] {"X-Autoreply", "X-Autorespond", "X-Autoresponse"}) {
            if (headers.has(mark)) {
                return "automatic reply (" + mark + ")";
            }
        }
        String precedence = headers.first("Precedence");
        if (precedence != null && precedence.trim().equalsIgnoreCase("auto_reply")) {
            return "automatic reply (Precedence: auto_reply)";
        }
        String contentType = headers.first("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).replace(" ", "").startsWith("multipart/report")) {
            return "delivery or read report (multipart/report)";
        }
        if (headers.has("X-Failed-Recipients")) {
            return "bounce (X-Failed-Recipients)";
        }
        String returnPath = headers.first("Return-Path");
        if (returnPath != null && returnPath.replace(" ", "").equals("<>")) {
            return "bounce or automatic notification (null Return-Path)";
        }
        return null;
    }
}
