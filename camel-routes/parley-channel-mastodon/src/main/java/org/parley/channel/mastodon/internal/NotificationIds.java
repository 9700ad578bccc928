package org.parley.channel.mastodon.internal;

import java.util.Comparator;

/**
 * Orders notification ids. Mastodon's ids are decimal strings (snowflakes, often longer than a long's 19 digits is
 * safe for), compared as numbers; servers that speak Mastodon's API with other ids (Pleroma/Akkoma flake ids) give
 * strings that sort as text.
 */
final class NotificationIds {

    static final Comparator<String> ORDER = NotificationIds::compare;

    private NotificationIds() {
    }

    static int compare(String a, String b) {
        if (isDecimal(a) && isDecimal(b)) {
            String x = stripZeros(a);
            String y = stripZeros(b);
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        return a.compareTo(b);
    }

    static String newest(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return compare(a, b) >= 0 ? a : b;
    }

    private static boolean isDecimal(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }
}
