package org.parley.channel.bluesky.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.api.Metrics;
import org.parley.api.SocialIdentity;

/**
 * Maps Bluesky notifications (elements of {@code app.bsky.notification.listNotifications}) to interactions. Only
 * mentions, replies and quotes are conversation; a notification that cannot be mapped becomes a dead letter with the
 * reason and the notification's JSON, while its neighbours are mapped as usual.
 *
 * <p>Conventions: the key is the post's at:// uri; a quote is a MENTION. The author's handle is the identity's handle
 * (what a CRM holds), and its DID, which survives handle changes, is kept in the profile URL
 * ({@code https://bsky.app/profile/<did>}) and the raw payload. Text is the record's plain text as written (Bluesky
 * has no markup; it is never rendered as HTML). {@code occurredAt} is the record's {@code createdAt}, unless that is
 * missing, unreadable or later than Bluesky's {@code indexedAt} (a client with a wrong clock): then
 * {@code indexedAt}. The raw payload is the whole notification, with the post's {@code cid} that a reply needs.
 * listNotifications carries no engagement counts, so metrics stay zero.
 */
public final class NotificationMapper {

    public static final String CHANNEL = "bluesky";

    private static final Pattern CID = Pattern.compile("[a-z0-9]{8,128}");
    private static final int MAX_MEDIA = 20;

    /** What a list of notifications gave. */
    public record Mapped(List<Interaction> interactions, List<DeadLetter.New> deadLetters) {
        public Mapped {
            interactions = List.copyOf(interactions);
            deadLetters = List.copyOf(deadLetters);
        }
    }

    private final String account;
    private final String replayUri;
    private final InteractionValidator validator;
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param account   the account the notifications arrived on
     * @param replayUri where a dead letter is replayed (the channel's replay route)
     * @param clock     the clock the validator measures "in the future" by
     */
    public NotificationMapper(String account, String replayUri, Clock clock) {
        this.account = account;
        this.replayUri = replayUri;
        this.validator = new InteractionValidator(clock);
    }

    /**
     * Parses one listNotifications answer and maps its conversation notifications, oldest first.
     *
     * @throws BlueskyException when the body is not a listNotifications answer
     */
    public Mapped mapPage(String listNotificationsJson) {
        JsonNode root;
        try {
            root = mapper.readTree(listNotificationsJson);
        } catch (IOException e) {
            throw new BlueskyException(NotificationPage.NSID + " answered with a malformed body (not JSON)", e);
        }
        List<Notification> conversation = new ArrayList<>(NotificationPage.of(root).notifications());
        conversation.removeIf(n -> !n.conversation());
        conversation.sort(Comparator.comparing(Notification::at, Comparator.nullsLast(Comparator.naturalOrder())));
        return map(conversation);
    }

    /** Maps notifications in the order given. */
    Mapped map(List<Notification> notifications) {
        List<Interaction> interactions = new ArrayList<>(notifications.size());
        List<DeadLetter.New> deadLetters = new ArrayList<>();
        for (Notification n : notifications) {
            List<String> problems = new ArrayList<>();
            Interaction interaction = null;
            try {
                interaction = map(n, problems);
            } catch (RuntimeException e) {
                problems.add("the notification cannot be read: " + e.getMessage());
            }
            if (problems.isEmpty()) {
                interactions.add(interaction);
            } else {
                deadLetters.add(new DeadLetter.New(CHANNEL, account, reason(n, problems), n.json(), replayUri));
            }
        }
        return new Mapped(interactions, deadLetters);
    }

    /** One notification, or null with the problems that keep it from being an interaction. */
    Interaction map(Notification n, List<String> problems) {
        JsonNode node = n.node();
        if (!node.isObject()) {
            problems.add("the notification is not a JSON object");
            return null;
        }
        InteractionKind kind = kind(n.reason(), problems);
        String uriText = text(node, "uri");
        AtUri uri = AtUri.parse(uriText);
        if (uri == null || !uri.isPost()) {
            problems.add(uriText == null ? "uri is missing"
                    : "uri '" + abbreviate(uriText) + "' is not the at:// uri of a post (at://<did>/app.bsky.feed.post/<rkey>)");
        }
        if (text(node, "cid") == null) {
            problems.add("cid is missing: a reply to the post needs it");
        }
        JsonNode author = node.path("author");
        String did = text(author, "did");
        if (!AtUri.isDid(did)) {
            problems.add(did == null ? "author.did is missing" : "author.did '" + abbreviate(did) + "' is not a DID");
        }
        JsonNode record = node.get("record");
        if (record == null || !record.isObject()) {
            problems.add("record is missing: the notification carries no post");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        String handle = text(author, "handle");
        String profileName = AtUri.profileName(handle, did);
        Instant occurredAt = occurredAt(AtTime.parse(text(record, "createdAt")), n.at());
        if (occurredAt == null) {
            problems.add("neither record.createdAt nor indexedAt is a datetime");
            return null;
        }
        JsonNode reply = record.path("reply");
        String parent = text(reply.path("parent"), "uri");
        String root = text(reply.path("root"), "uri");
        Interaction interaction = Interaction.builder(CHANNEL, uri.toString())
                .kind(kind)
                .account(account)
                .author(new SocialIdentity(CHANNEL, profileName, text(author, "displayName"),
                        "https://bsky.app/profile/" + did, null, null))
                .text(plain(text(record, "text")))
                .media(media(record.path("embed"), did))
                .url(uri.webUrl(handle))
                .occurredAt(occurredAt)
                .inReplyTo(parent)
                .threadId(root != null ? root : parent != null ? parent : uri.toString())
                .language(language(record.path("langs")))
                .metrics(Metrics.NONE)
                .raw(n.json())
                .build();
        problems.addAll(validator.problems(interaction));
        return interaction;
    }

    private static InteractionKind kind(String reason, List<String> problems) {
        if (reason == null) {
            problems.add("reason is missing");
            return null;
        }
        return switch (reason) {
            case "reply" -> InteractionKind.REPLY;
            case "mention", "quote" -> InteractionKind.MENTION;
            default -> {
                problems.add("reason '" + abbreviate(reason) + "' is not a mention, reply or quote");
                yield null;
            }
        };
    }

    /** When it was said: the author's createdAt, unless Bluesky indexed it earlier than that (a wrong clock). */
    private static Instant occurredAt(Instant createdAt, Instant indexedAt) {
        if (createdAt == null) {
            return indexedAt;
        }
        return indexedAt != null && createdAt.isAfter(indexedAt) ? indexedAt : createdAt;
    }

    /** The text as written; only NUL goes (PostgreSQL cannot store it). Nothing is interpreted. */
    private static String plain(String text) {
        return text == null ? "" : text.replace("\u0000", "");
    }

    /** The record's first language, as a BCP 47 tag. */
    private static String language(JsonNode langs) {
        if (!langs.isArray() || langs.isEmpty() || !langs.get(0).isTextual()) {
            return null;
        }
        String tag = Locale.forLanguageTag(langs.get(0).asText().trim().replace('_', '-')).toLanguageTag();
        return tag.equals("und") ? null : tag;
    }

    /** Links to the post's images and video (on Bluesky's CDN) and to the page it embeds. */
    private static List<String> media(JsonNode embed, String did) {
        List<String> media = new ArrayList<>();
        addMedia(embed, did, media);
        addMedia(embed.path("media"), did, media); // app.bsky.embed.recordWithMedia
        return media.size() <= MAX_MEDIA ? media : media.subList(0, MAX_MEDIA);
    }

    private static void addMedia(JsonNode embed, String did, List<String> media) {
        String type = text(embed, "$type");
        if (type == null) {
            return;
        }
        switch (type) {
            case "app.bsky.embed.images" -> {
                for (JsonNode image : embed.path("images")) {
                    String cid = blobCid(image.path("image"));
                    if (cid != null) {
                        media.add("https://cdn.bsky.app/img/feed_fullsize/plain/" + did + "/" + cid + "@jpeg");
                    }
                }
            }
            case "app.bsky.embed.video" -> {
                String cid = blobCid(embed.path("video"));
                if (cid != null) {
                    media.add("https://video.bsky.app/watch/" + URLEncoder.encode(did, StandardCharsets.UTF_8) + "/" + cid
                            + "/playlist.m3u8");
                }
            }
            case "app.bsky.embed.external" -> {
                String link = text(embed.path("external"), "uri");
                if (link != null && link.length() <= InteractionValidator.MAX_URL_CHARS
                        && (link.toLowerCase(Locale.ROOT).startsWith("https://") || link.toLowerCase(Locale.ROOT).startsWith("http://"))) {
                    media.add(link);
                }
            }
            default -> {
                // a quoted record (app.bsky.embed.record) carries no media of this post
            }
        }
    }

    /** A blob's CID: {@code {"ref": {"$link": CID}}}, or the legacy {@code {"cid": CID}}. */
    private static String blobCid(JsonNode blob) {
        String cid = text(blob.path("ref"), "$link");
        if (cid == null) {
            cid = text(blob, "cid");
        }
        return cid != null && CID.matcher(cid).matches() ? cid : null;
    }

    private static String reason(Notification n, List<String> problems) {
        return "notification '" + abbreviate(n.uri()) + "'" + (n.reason() == null ? "" : " (" + abbreviate(n.reason()) + ")")
                + ": " + String.join("; ", problems);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
