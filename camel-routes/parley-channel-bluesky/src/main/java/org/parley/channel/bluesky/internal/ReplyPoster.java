package org.parley.channel.bluesky.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.parley.api.Interaction;
import org.parley.api.Reply;
import org.parley.camel.OutboundReply;
import org.parley.camel.ReplyRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a reply in the thread of the post it answers: {@code com.atproto.repo.createRecord} of an
 * {@code app.bsky.feed.post} whose {@code reply.parent} is the original post (uri and cid from its raw payload) and
 * whose {@code reply.root} is the original's own root when it was a reply itself, else the original.
 *
 * <p>The record key comes from the reply ({@link RecordKey}), so posting is idempotent: a repeated create collides
 * with the first, and whatever the PDS answers then, {@code com.atproto.repo.getRecord} finds the post already made.
 * An attempt cut off by a crash is looked up first for the same reason.
 */
final class ReplyPoster {

    static final String CREATE_RECORD = "com.atproto.repo.createRecord";
    static final String GET_RECORD = "com.atproto.repo.getRecord";
    /** Bluesky's limits on a post's text: 300 graphemes, 3000 bytes of UTF-8. */
    static final int MAX_CHARS = 300;
    static final int MAX_BYTES = 3000;

    private static final Logger LOG = LoggerFactory.getLogger(ReplyPoster.class);

    /** A post made: its at:// uri and its page on bsky.app. */
    record Posted(String uri, String url) {
    }

    /** A post another post points to: uri and cid. */
    private record StrongRef(String uri, String cid) {
        ObjectNode toJson(ObjectMapper mapper) {
            return mapper.createObjectNode().put("uri", uri).put("cid", cid);
        }
    }

    private final BlueskySession session;
    private final Clock clock;
    private final ObjectMapper mapper;

    ReplyPoster(BlueskySession session, Clock clock, ObjectMapper mapper) {
        this.session = session;
        this.clock = clock;
        this.mapper = mapper;
    }

    Posted post(OutboundReply outbound) {
        Reply reply = outbound.reply();
        String text = checkedText(reply.text());
        JsonNode original = rawPayload(outbound.original());
        StrongRef parent = parent(original);
        StrongRef root = root(original, parent);
        String rkey = RecordKey.forReply(reply.requestedAt(), reply.idempotencyKey());
        String did = session.did();

        if (outbound.uncertain()) {
            JsonNode existing = find(did, rkey);
            if (existing != null) {
                LOG.info("Reply {}: the attempt that was cut off had posted it already", reply.id());
                return posted(existing, text, parent, did, rkey);
            }
        }
        ObjectNode record = mapper.createObjectNode()
                .put("$type", AtUri.POST)
                .put("text", text)
                .put("createdAt", AtTime.format(clock.instant()));
        ObjectNode thread = record.putObject("reply");
        thread.set("root", root.toJson(mapper));
        thread.set("parent", parent.toJson(mapper));
        ObjectNode body = mapper.createObjectNode()
                .put("repo", did)
                .put("collection", AtUri.POST)
                .put("rkey", rkey);
        body.set("record", record);

        XrpcResponse answer = session.procedure(CREATE_RECORD, body);
        if (answer.ok()) {
            JsonNode created = answer.json(mapper);
            String uri = created.path("uri").isTextual() ? created.path("uri").asText() : new AtUri(did, AtUri.POST, rkey).toString();
            return new Posted(uri, webUrl(did, rkey));
        }
        if (answer.status() == 400 || answer.status() == 409 || answer.status() >= 500) {
            // The key is taken when an earlier attempt got through: PDSs word that as 400, 409 or even 500.
            JsonNode existing = find(did, rkey);
            if (existing != null) {
                LOG.info("Reply {}: already posted by an earlier attempt", reply.id());
                return posted(existing, text, parent, did, rkey);
            }
        }
        if (answer.status() == 400 || answer.status() == 403 || answer.status() == 413) {
            String said = answer.message() != null ? answer.message() : answer.describe();
            throw new ReplyRefusedException("Bluesky refused the reply: " + said);
        }
        throw new BlueskyException(answer.describe());
    }

    /** The post at this key in the account's repo, or null when there is none. */
    private JsonNode find(String did, String rkey) {
        XrpcResponse answer = session.query(GET_RECORD,
                List.of(Map.entry("repo", did), Map.entry("collection", AtUri.POST), Map.entry("rkey", rkey)));
        if (answer.ok()) {
            return answer.json(mapper);
        }
        if ("RecordNotFound".equals(answer.error()) || answer.status() == 404) {
            return null;
        }
        throw new BlueskyException(answer.describe());
    }

    /** The post found at this reply's key: it must be this reply, else the key belongs to another post. */
    private Posted posted(JsonNode existing, String text, StrongRef parent, String did, String rkey) {
        JsonNode value = existing.path("value");
        boolean same = text.equals(value.path("text").asText(null))
                && parent.uri().equals(value.path("reply").path("parent").path("uri").asText(null));
        if (!same) {
            throw new ReplyRefusedException("This reply was not posted: another post of the Bluesky account already "
                    + "uses its record key " + rkey + ". Write the reply again.");
        }
        String uri = existing.path("uri").isTextual() ? existing.path("uri").asText() : new AtUri(did, AtUri.POST, rkey).toString();
        return new Posted(uri, webUrl(did, rkey));
    }

    private String webUrl(String did, String rkey) {
        return new AtUri(did, AtUri.POST, rkey).webUrl(session.handle());
    }

    private static String checkedText(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new ReplyRefusedException("The reply is empty; Bluesky takes no empty post");
        }
        int chars = t.codePointCount(0, t.length());
        if (chars > MAX_CHARS) {
            throw new ReplyRefusedException("The reply has " + chars + " characters; Bluesky takes at most " + MAX_CHARS);
        }
        int bytes = t.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new ReplyRefusedException("The reply is " + bytes + " bytes long; Bluesky takes at most " + MAX_BYTES);
        }
        return t;
    }

    private JsonNode rawPayload(Interaction original) {
        if (original.raw() != null) {
            try {
                JsonNode node = mapper.readTree(original.raw());
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (IOException e) {
                // fall through: refused below
            }
        }
        throw new ReplyRefusedException("Parley cannot reply to this Bluesky post: it was stored without Bluesky's "
                + "notification. Reply on Bluesky directly.");
    }

    private static StrongRef parent(JsonNode notification) {
        StrongRef parent = ref(notification);
        if (parent == null) {
            throw new ReplyRefusedException("Parley cannot reply to this Bluesky post: its stored notification lacks "
                    + "the post's uri or content id (cid). Reply on Bluesky directly.");
        }
        return parent;
    }

    /** The thread's first post: the original's own root when it was a reply, else the original. */
    private static StrongRef root(JsonNode notification, StrongRef parent) {
        StrongRef root = ref(notification.path("record").path("reply").path("root"));
        return root != null ? root : parent;
    }

    private static StrongRef ref(JsonNode node) {
        String uri = node.path("uri").asText(null);
        String cid = node.path("cid").asText(null);
        AtUri parsed = AtUri.parse(uri);
        return parsed != null && cid != null && !cid.isBlank() ? new StrongRef(uri, cid) : null;
    }
}
