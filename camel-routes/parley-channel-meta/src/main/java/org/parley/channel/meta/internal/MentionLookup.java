package org.parley.channel.meta.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads what an Instagram mention said: its webhook carries ids only. {@link GraphApi} asks the Graph API; tests and
 * benchmarks may give another.
 */
public interface MentionLookup {

    /** {@code GET /{ig-user-id}?fields=mentioned_comment.comment_id(id){...}}: the comment, or null. */
    JsonNode mentionedComment(String igUserId, String commentId) throws GraphApiException;

    /** {@code GET /{ig-user-id}?fields=mentioned_media.media_id(id){...}}: the media, or null. */
    JsonNode mentionedMedia(String igUserId, String mediaId) throws GraphApiException;

    /** A lookup that always fails with {@code why}, for good: mentions then become dead letters saying so. */
    static MentionLookup unavailable(String why) {
        return new MentionLookup() {
            @Override
            public JsonNode mentionedComment(String igUserId, String commentId) throws GraphApiException {
                throw new GraphApiException(why, 0, 0, 0, null, null, false, false);
            }

            @Override
            public JsonNode mentionedMedia(String igUserId, String mediaId) throws GraphApiException {
                throw new GraphApiException(why, 0, 0, 0, null, null, false, false);
            }
        };
    }
}
