package org.parley.channel.meta.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.SocialIdentity;

/**
 * Facebook Page {@code feed} changes: a comment added to one of the Page's posts, or a reply to such a comment.
 *
 * <p>What is left out, on purpose: other items (posts, statuses, photos, reactions, likes, shares), because Parley
 * stores what people say to the brand and the Page's own posts are not that; verbs other than {@code add}
 * ({@code edited}, {@code remove}, {@code hide}, {@code unhide}), because an interaction keeps what was first said and
 * a removal says nothing; and the Page's own comments (Parley's replies come back this way). A comment {@code add}
 * without its id or author is malformed: a dead letter.
 */
final class FeedMapping {

    private final String account;
    private final String pageId;

    FeedMapping(String account, String pageId) {
        this.account = account;
        this.pageId = pageId;
    }

    /** The comment, or null when the change is not one Parley stores. */
    Interaction map(Item item) {
        JsonNode change = item.payload();
        if (!"feed".equals(Json.text(change, "field"))) {
            return null;
        }
        JsonNode value = change.path("value");
        if (!"comment".equals(Json.text(value, "item")) || !"add".equals(Json.text(value, "verb"))) {
            return null;
        }
        String commentId = Json.text(value, "comment_id");
        if (commentId == null) {
            throw new Unmappable("the comment has no comment_id");
        }
        JsonNode from = value.path("from");
        String fromId = Json.text(from, "id");
        if (fromId == null) {
            throw new Unmappable("Meta left out who wrote comment " + commentId + " (value.from): the app needs the "
                    + "pages_read_user_content permission to see commenters");
        }
        if (fromId.equals(pageId)) {
            return null;
        }
        String postId = Json.text(value, "post_id");
        String parentId = Json.text(value, "parent_id");
        Instant at = Json.time(value, "created_time");
        Network fb = Network.FACEBOOK;
        return Interaction.builder(MetaSettings.CHANNEL, fb.id(commentId))
                .kind(InteractionKind.COMMENT)
                .account(account)
                .author(new SocialIdentity(MetaSettings.CHANNEL, fb.id(fromId), Json.words(from, "name"), null, null, null))
                .text(Json.words(value, "message"))
                .media(media(value))
                .url(url(value, postId))
                .occurredAt(at != null ? at : item.entryTime())
                // A top-level comment's parent is the post, which is the Page's and not stored: only a reply answers one.
                .inReplyTo(parentId != null && !parentId.equals(postId) ? fb.id(parentId) : null)
                .threadId(postId != null ? fb.id(postId) : null)
                .raw(item.raw())
                .build();
    }

    private static List<String> media(JsonNode value) {
        List<String> media = new ArrayList<>(1);
        for (String field : List.of("photo", "video")) {
            String url = Json.http(Json.text(value, field));
            if (url != null) {
                media.add(url);
            }
        }
        return media;
    }

    /** The post's permalink when Meta sent it, else the post by its id. */
    private static String url(JsonNode value, String postId) {
        String permalink = Json.http(Json.text(value.path("post"), "permalink_url"));
        if (permalink != null) {
            return permalink;
        }
        return postId != null && postId.matches("[0-9_]{1,64}") ? "https://www.facebook.com/" + postId : null;
    }
}
