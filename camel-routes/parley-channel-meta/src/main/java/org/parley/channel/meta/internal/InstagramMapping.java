package org.parley.channel.meta.internal;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.Metrics;
import org.parley.api.SocialIdentity;

/**
 * Instagram {@code comments} (and {@code live_comments}) and {@code mentions} changes.
 *
 * <p>A comment carries its words and author ({@code from.id} is the IGSID, the same id the person has in direct
 * messages, so both land on one identity). A mention carries only ids ({@code comment_id} and/or {@code media_id}):
 * its words are read from the Graph API ({@code mentioned_comment} / {@code mentioned_media}), which names the author
 * by username only, so a mention's author is {@code ig:@username}. When that read fails the mention becomes a dead
 * letter saying why, to be replayed once Meta answers; when the Graph API is down or throttling, the whole delivery is
 * left to be mapped again later ({@link RetryLater}). The account's own comments are left out (Parley's replies come
 * back this way), as are other fields (story_insights ...), which are nobody's words.
 */
final class InstagramMapping {

    private final String account;
    private final String instagramAccountId;
    private final MentionLookup mentions;

    InstagramMapping(String account, String instagramAccountId, MentionLookup mentions) {
        this.account = account;
        this.instagramAccountId = instagramAccountId;
        this.mentions = mentions;
    }

    /** The comment or mention, or null when the change is not one Parley stores. */
    Interaction map(Item item) {
        String field = Json.text(item.payload(), "field");
        JsonNode value = item.payload().path("value");
        if ("comments".equals(field) || "live_comments".equals(field)) {
            return comment(item, value);
        }
        if ("mentions".equals(field)) {
            return mention(item, value);
        }
        return null;
    }

    private Interaction comment(Item item, JsonNode value) {
        Network ig = Network.INSTAGRAM;
        String id = Json.text(value, "id");
        if (id == null) {
            throw new Unmappable("the comment has no id");
        }
        JsonNode from = value.path("from");
        String fromId = Json.text(from, "id");
        if (fromId == null) {
            throw new Unmappable("comment " + id + " has no from.id");
        }
        if (fromId.equals(instagramAccountId)) {
            return null;
        }
        String username = Json.text(from, "username");
        String mediaId = Json.text(value.path("media"), "id");
        String parentId = Json.text(value, "parent_id");
        Instant at = Json.time(value, "timestamp");
        return Interaction.builder(MetaSettings.CHANNEL, ig.id(id))
                .kind(InteractionKind.COMMENT)
                .account(account)
                .author(new SocialIdentity(MetaSettings.CHANNEL, ig.id(fromId), username, profile(username), null, null))
                .text(Json.words(value, "text"))
                .occurredAt(at != null ? at : item.entryTime())
                .inReplyTo(parentId != null ? ig.id(parentId) : null)
                .threadId(mediaId != null ? ig.id(mediaId) : null)
                .raw(item.raw())
                .build();
    }

    private Interaction mention(Item item, JsonNode value) {
        String commentId = Json.text(value, "comment_id");
        String mediaId = Json.text(value, "media_id");
        if (commentId == null && mediaId == null) {
            throw new Unmappable("the mention has neither comment_id nor media_id");
        }
        for (String id : new String[] {commentId, mediaId}) {
            if (id != null && !id.matches("\\d{1,64}")) {
                throw new Unmappable("the mention's id '" + Json.abbreviate(id) + "' is not an Instagram id");
            }
        }
        JsonNode found;
        try {
            found = commentId != null ? mentions.mentionedComment(instagramAccountId, commentId)
                    : mentions.mentionedMedia(instagramAccountId, mediaId);
        } catch (GraphApiException e) {
            if (e.rateLimited() || e.retryable()) {
                throw new RetryLater("the words of an Instagram mention cannot be read now (" + e.getMessage()
                        + "); the delivery is mapped again later", e);
            }
            throw new Unmappable("the mention's " + (commentId != null ? "comment " + commentId : "caption of media "
                    + mediaId) + " could not be read from the Graph API (" + e.getMessage() + "); replay this dead "
                    + "letter once Meta answers");
        }
        if (found == null || !found.isObject()) {
            throw new Unmappable("the Graph API returned nothing for the mention's "
                    + (commentId != null ? "comment " + commentId : "media " + mediaId));
        }
        String username = Json.text(found, "username");
        if (username == null) {
            throw new Unmappable("the Graph API did not say who wrote the mention (no username)");
        }
        Network ig = Network.INSTAGRAM;
        Instant at = Json.time(found, "timestamp");
        Interaction.Builder mention = Interaction.builder(MetaSettings.CHANNEL, ig.id(commentId != null ? commentId : mediaId))
                .kind(InteractionKind.MENTION)
                .account(account)
                .author(new SocialIdentity(MetaSettings.CHANNEL, ig.id("@" + username), username, profile(username),
                        null, null))
                .occurredAt(at != null ? at : item.entryTime())
                .metrics(new Metrics(Json.count(found, "like_count"), 0, Json.count(found, "comments_count")))
                .raw(item.raw());
        if (commentId != null) {
            JsonNode media = found.path("media");
            String onMedia = mediaId != null ? mediaId : Json.text(media, "id");
            return mention.text(Json.words(found, "text"))
                    .url(Json.http(Json.text(media, "permalink")))
                    .threadId(onMedia != null ? ig.id(onMedia) : null)
                    .build();
        }
        String mediaUrl = Json.http(Json.text(found, "media_url"));
        return mention.text(Json.words(found, "caption"))
                .media(mediaUrl == null ? List.of() : List.of(mediaUrl))
                .url(Json.http(Json.text(found, "permalink")))
                .threadId(ig.id(mediaId))
                .build();
    }

    private static String profile(String username) {
        return username != null && username.matches("[A-Za-z0-9._]{1,30}") ? "https://www.instagram.com/" + username : null;
    }
}
