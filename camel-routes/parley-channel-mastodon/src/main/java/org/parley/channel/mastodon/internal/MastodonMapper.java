package org.parley.channel.mastodon.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.api.InvalidInteractionException;
import org.parley.api.Metrics;
import org.parley.api.SocialIdentity;

/**
 * Maps Mastodon notifications ({@code GET /api/v1/notifications}) to interactions, one by one: a notification that
 * cannot be mapped becomes a dead letter holding that notification alone, so a replay maps exactly it; its neighbours
 * are mapped as usual.
 *
 * <p>Conventions:
 * <ul>
 * <li>Only {@code mention} notifications are interactions (the poll asks for no other type; a server that ignores the
 *     {@code types[]} filter may still send follows or favourites, which are nobody's words and are left out).</li>
 * <li>The key is the status id. A {@code direct} status is a {@link InteractionKind#DIRECT_MESSAGE}; any other is a
 *     {@link InteractionKind#REPLY} when it answers a status, else a {@link InteractionKind#MENTION}.</li>
 * <li>inReplyTo is {@code in_reply_to_id}. The thread's root is not part of a notification, so threadId is the
 *     status it answers ({@code in_reply_to_id}) when there is one, else the status itself: replies to one post share
 *     a thread id, and the chain of inReplyTo links the rest as far as Parley has seen it.</li>
 * <li>The author's handle is {@code acct}, made {@code user@domain} for the instance's own users (whose {@code acct}
 *     has no domain), so that a handle means the same person from every instance.</li>
 * <li>The text is the status HTML as plain text; a content warning ({@code spoiler_text}) comes first as
 *     {@code CW: <warning>} and a blank line.</li>
 * <li>Metrics: likes = favourites, shares = boosts, replies = replies. The raw payload is the notification's JSON.</li>
 * </ul>
 */
public final class MastodonMapper {

    public static final String CHANNEL = "mastodon";

    /** What a page or a single notification gave. {@code ignored} counts notifications that are not mentions. */
    public record Mapped(List<Interaction> interactions, List<DeadLetter.New> deadLetters, int ignored) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String account;
    private final String instanceDomain;
    private final String replayUri;
    private final InteractionValidator validator;

    /**
     * @param account        the account the notifications arrived on
     * @param instanceDomain the domain of the instance's own users, added to their handles
     * @param replayUri      where a dead letter of this account is replayed (its map route)
     * @param validator      the rules an interaction must meet
     */
    public MastodonMapper(String account, String instanceDomain, String replayUri, InteractionValidator validator) {
        this.account = account;
        this.instanceDomain = instanceDomain.toLowerCase(Locale.ROOT);
        this.replayUri = replayUri;
        this.validator = validator;
    }

    public MastodonMapper(String account, String instanceDomain, String replayUri) {
        this(account, instanceDomain, replayUri, new InteractionValidator());
    }

    /** Parses {@link #parse JSON} and maps it. */
    public Mapped map(String json) {
        return map(parse(json));
    }

    /**
     * A page (a JSON array of notifications) or one notification (an object).
     *
     * @throws InvalidInteractionException when the payload is neither
     */
    public Mapped map(JsonNode payload) {
        List<JsonNode> notifications = new ArrayList<>();
        if (payload != null && payload.isArray()) {
            payload.forEach(notifications::add);
        } else if (payload != null && payload.isObject()) {
            notifications.add(payload);
        } else {
            throw new InvalidInteractionException("payload is " + (payload == null ? "empty" : "a JSON " + payload.getNodeType())
                    + ", not a Mastodon notification nor an array of them");
        }
        List<Interaction> interactions = new ArrayList<>(notifications.size());
        List<DeadLetter.New> deadLetters = new ArrayList<>();
        int ignored = 0;
        for (JsonNode notification : notifications) {
            String type = text(notification, "type");
            if (type != null && !type.equals("mention")) {
                ignored++;
                continue;
            }
            List<String> problems = new ArrayList<>();
            Interaction interaction = null;
            try {
                interaction = mapNotification(notification, type, problems);
            } catch (RuntimeException e) {
                problems.add("the notification cannot be read: " + e.getMessage());
            }
            if (problems.isEmpty()) {
                interactions.add(interaction);
            } else {
                String id = text(notification, "id");
                String reason = "notification" + (id == null ? "" : " " + id) + ": " + String.join("; ", problems);
                deadLetters.add(new DeadLetter.New(CHANNEL, account, reason, notification.toString(), replayUri));
            }
        }
        return new Mapped(interactions, deadLetters, ignored);
    }

    /** JSON text to a tree. A failure names where the text stopped being JSON, never what it says. */
    public static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidInteractionException("payload is empty");
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new InvalidInteractionException("payload is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        }
    }

    private Interaction mapNotification(JsonNode notification, String type, List<String> problems) {
        if (type == null) {
            problems.add("notification has no type");
        }
        JsonNode status = notification.path("status");
        if (!status.isObject()) {
            problems.add("mention has no status");
            return null;
        }
        String statusId = text(status, "id");
        if (statusId == null) {
            problems.add("status has no id");
        }
        JsonNode who = status.path("account").isObject() ? status.path("account") : notification.path("account");
        SocialIdentity author = author(who);
        if (author == null) {
            problems.add("status has no account.acct");
        }
        Instant occurredAt = instant(text(status, "created_at"), problems);
        String inReplyTo = text(status, "in_reply_to_id");
        if (!problems.isEmpty()) {
            return null;
        }
        Interaction interaction = Interaction.builder(CHANNEL, statusId)
                .kind(kind(text(status, "visibility"), inReplyTo))
                .account(account)
                .author(author)
                .text(text(status))
                .media(media(status))
                .url(httpOrNull(text(status, "url")) != null ? httpOrNull(text(status, "url")) : httpOrNull(text(status, "uri")))
                .occurredAt(occurredAt)
                .inReplyTo(inReplyTo)
                .threadId(inReplyTo != null ? inReplyTo : statusId)
                .language(language(text(status, "language")))
                .metrics(new Metrics(count(status, "favourites_count"), count(status, "reblogs_count"),
                        count(status, "replies_count")))
                .raw(notification.toString())
                .build();
        problems.addAll(validator.problems(interaction));
        return interaction;
    }

    static InteractionKind kind(String visibility, String inReplyTo) {
        if ("direct".equals(visibility)) {
            return InteractionKind.DIRECT_MESSAGE;
        }
        return inReplyTo != null ? InteractionKind.REPLY : InteractionKind.MENTION;
    }

    private SocialIdentity author(JsonNode who) {
        String acct = text(who, "acct");
        if (acct == null) {
            acct = text(who, "username");
        }
        if (acct == null) {
            return null;
        }
        String handle = handle(acct);
        String displayName = text(who, "display_name");
        return new SocialIdentity(CHANNEL, handle, displayName != null ? displayName : text(who, "username"),
                httpOrNull(text(who, "url")), null, null);
    }

    /** {@code user@domain} for everyone: the instance's own users get its domain, every domain is lower case. */
    String handle(String acct) {
        String a = acct.startsWith("@") ? acct.substring(1) : acct;
        int at = a.indexOf('@');
        if (at < 0) {
            return a + "@" + instanceDomain;
        }
        return a.substring(0, at) + "@" + a.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode status) {
        String body = HtmlText.toText(status.path("content").asText(""));
        String warning = text(status, "spoiler_text");
        if (warning == null) {
            return body;
        }
        return body.isEmpty() ? "CW: " + warning : "CW: " + warning + "\n\n" + body;
    }

    private static List<String> media(JsonNode status) {
        List<String> media = new ArrayList<>();
        for (JsonNode attachment : status.path("media_attachments")) {
            String url = httpOrNull(text(attachment, "url"));
            if (url == null) {
                url = httpOrNull(text(attachment, "remote_url"));
            }
            if (url != null && media.size() < InteractionValidator.MAX_MEDIA) {
                media.add(url);
            }
        }
        return media;
    }

    private static Instant instant(String value, List<String> problems) {
        if (value == null) {
            problems.add("status has no created_at");
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            problems.add("status created_at '" + abbreviate(value) + "' is not an ISO 8601 date-time");
            return null;
        }
    }

    private static String language(String value) {
        if (value == null) {
            return null;
        }
        try {
            String tag = new Locale.Builder().setLanguageTag(value.replace('_', '-')).build().toLanguageTag();
            return tag.equals("und") ? null : tag;
        } catch (IllformedLocaleException e) {
            return null; // a language the author's app got wrong is no reason to lose the message
        }
    }

    private static long count(JsonNode status, String field) {
        JsonNode n = status.path(field);
        return n.canConvertToLong() ? Math.max(0, n.asLong()) : 0;
    }

    /** Only http(s) links are kept: a {@code javascript:} link is nobody's words. */
    private static String httpOrNull(String url) {
        if (url == null) {
            return null;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? url : null;
    }

    /** A non-blank string field, trimmed; null for absent, null, blank or non-textual values. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual() && !value.isNumber()) {
            return null;
        }
        String s = value.asText().strip();
        return s.isEmpty() ? null : s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
