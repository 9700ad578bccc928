package org.parley.crm.suitecrm.internal;

import java.util.Locale;
import java.util.regex.Pattern;

import org.parley.api.Interaction;
import org.parley.api.InteractionKind;

/** The title and body of the Note that records one interaction in SuiteCRM's History. Plain text only. */
final class NoteText {

    private static final Pattern TAG = Pattern.compile("<[^>]{0,2000}>");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");

    private NoteText() {
    }

    /** For example {@code Mention on mastodon by @alice@example.social}, at most {@code max} characters. */
    static String title(Interaction interaction, int max) {
        String kind = interaction.kind() == null ? "Interaction" : kind(interaction.kind());
        String author = "";
        if (interaction.author() != null) {
            String handle = interaction.author().handle();
            String name = interaction.author().displayName();
            author = handle != null && !handle.isBlank() ? handle.strip() : name == null ? "" : name.strip();
        }
        String title = kind + " on " + interaction.channel() + (author.isEmpty() ? "" : " by " + author);
        return V8Client.truncate(oneLine(title), max);
    }

    /** The interaction's text as plain text, then a line with the link to the original. */
    static String description(Interaction interaction, int max) {
        String text = plain(interaction.text());
        String link = interaction.url() == null || interaction.url().isBlank() ? "" : "Original: " + interaction.url().strip();
        String body = text.isEmpty() ? link : link.isEmpty() ? text : text + "\n\n" + link;
        if (body.length() > max) {
            body = V8Client.truncate(text, Math.max(1, max - link.length() - 2)) + (link.isEmpty() ? "" : "\n\n" + link);
        }
        return body;
    }

    private static String kind(InteractionKind kind) {
        String words = kind.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** Markup the channel may send (Mastodon's HTML) becomes plain text; SuiteCRM shows the description as text. */
    static String plain(String text) {
        if (text == null) {
            return "";
        }
        String s = text.replace("\r\n", "\n");
        if (s.indexOf('<') >= 0) {
            s = s.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</p>", "\n\n");
            s = TAG.matcher(s).replaceAll("");
            s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&apos;", "'").replace("&nbsp;", " ").replace("&amp;", "&");
        }
        s = s.chars().filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return BLANK_LINES.matcher(s).replaceAll("\n\n").strip();
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
