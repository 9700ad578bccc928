package org.parley.channel.mail.internal;

import java.util.IllformedLocaleException;
import java.util.Locale;

/** BCP 47 tags from Content-Language values ({@code en-US}, {@code zh-CN}, {@code de-DE, en}). */
final class Languages {

    private Languages() {
    }

    /** The first tag of a Content-Language value, normalised, or null when there is none or it is not a tag. */
    static String tag(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String first = value.split(",")[0].trim().replace('_', '-');
        try {
            String tag = new Locale.Builder().setLanguageTag(first).build().toLanguageTag();
            return tag.isEmpty() || tag.equals("und") ? null : tag;
        } catch (IllformedLocaleException e) {
            return null;
        }
    }
}
