package org.parley.rest.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.parley.api.ChannelState;
import org.parley.api.ContactRef;
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterReplayer;
import org.parley.api.Interaction;
import org.parley.api.PersonErasure;
import org.parley.api.PersonScores;
import org.parley.api.Reply;
import org.parley.api.SocialIdentity;
import org.parley.api.Tag;

/**
 * The JSON shapes of the API, as the OpenAPI document describes them: field names as here, instants as ISO-8601
 * strings, absent values as null. What a channel revealed about a person beyond their public profile (e-mail, phone)
 * and the raw payloads are not part of them.
 */
final class Views {

    private Views() {
    }

    // ---- answers ----

    record ErrorView(String code, String message) implements ApiBody {
    }

    record ContactView(String type, String id) {
        static ContactView of(ContactRef ref) {
            return new ContactView(ref.type(), ref.id());
        }
    }

    record IdentityView(String channel, String handle, String displayName, String profileUrl) {
        static IdentityView of(SocialIdentity identity) {
            return new IdentityView(identity.channel(), identity.handle(), identity.displayName(), identity.profileUrl());
        }
    }

    record TagView(String name, String source, Instant at) {
        static List<TagView> of(List<Tag> tags) {
            return tags.stream().map(t -> new TagView(t.name(), t.source(), t.at())).toList();
        }
    }

    record ScoresView(double engagement, double sentiment, long interactions, int channels, Instant lastContact,
                      Instant updatedAt) {
        static ScoresView of(PersonScores.PersonScore score) {
            return new ScoresView(score.engagement(), score.sentiment(), score.interactions(), score.channels(),
                    score.lastContact(), score.updatedAt());
        }
    }

    record CountsView(long interactions, Map<String, Long> byChannel) {
        static CountsView of(Map<String, Long> byChannel) {
            return new CountsView(byChannel.values().stream().mapToLong(Long::longValue).sum(), byChannel);
        }
    }

    record PersonView(ContactView contact, List<IdentityView> identities, List<TagView> tags, ScoresView scores,
                      CountsView counts) implements ApiBody {
    }

    record IdentitiesView(ContactView contact, List<IdentityView> identities) implements ApiBody {
    }

    record TagsView(List<TagView> tags, boolean changed) implements ApiBody {
    }

    record MetricsView(long likes, long shares, long replies) {
    }

    record ReplyView(long id, String inReplyTo, String channel, String account, String text, String requestedBy,
                     String status, String approvedBy, String externalId, String url, String error, int attempts,
                     Instant requestedAt, Instant sentAt) implements ApiBody {
        static ReplyView of(Reply r) {
            return new ReplyView(r.id(), r.inReplyTo().toString(), r.channel(), r.account(), r.text(), r.requestedBy(),
                    r.status().name(), r.approvedBy(), r.externalId(), r.url(), r.error(), r.attempts(),
                    r.requestedAt(), r.sentAt());
        }
    }

    record EntryView(String key, String ref, String channel, String externalId, String kind, String account,
                     IdentityView author, String text, String url, List<String> media, Instant occurredAt,
                     String inReplyTo, String threadId, String language, Double sentiment, List<TagView> tags,
                     MetricsView metrics, Integer rating, List<ReplyView> replies) {
        static EntryView of(Interaction in, Double sentiment, List<Tag> tags, List<Reply> replies) {
            return new EntryView(in.key().toString(), InteractionRef.ref(in.key()), in.channel(), in.externalId(),
                    in.kind() == null ? null : in.kind().name(), in.account(),
                    in.author() == null ? null : IdentityView.of(in.author()), in.text(), in.url(), in.media(),
                    in.occurredAt(), in.inReplyTo(), in.threadId(), in.language(), sentiment, TagView.of(tags),
                    new MetricsView(in.metrics().likes(), in.metrics().shares(), in.metrics().replies()), in.rating(),
                    replies.stream().map(ReplyView::of).toList());
        }
    }

    record TimelineView(ContactView contact, List<EntryView> entries, String nextCursor) implements ApiBody {
    }

    record ChannelView(String channel, String account, String status, Instant lastPollAt, Instant lastSuccessAt,
                       String lastError, Instant lastErrorAt, long interactions, String backfill, String cursor) {
        static ChannelView of(ChannelState s) {
            String status = s.lastPollAt() == null && s.lastSuccessAt() == null ? "NEVER_POLLED"
                    : s.lastErrorAt() != null && (s.lastSuccessAt() == null || s.lastErrorAt().isAfter(s.lastSuccessAt()))
                    ? "FAILING" : "OK";
            return new ChannelView(s.channel(), s.account() == null || s.account().isEmpty() ? null : s.account(),
                    status, s.lastPollAt(), s.lastSuccessAt(), s.lastError(), s.lastErrorAt(), s.interactions(),
                    s.backfill(), s.cursor());
        }
    }

    record ChannelsView(List<ChannelView> channels) implements ApiBody {
    }

    record DeadLetterView(long id, String channel, String account, String reason, String status, int attempts,
                          Instant createdAt, Instant replayedAt, int payloadLength, String payloadPreview) {
        static final int PREVIEW = 500;

        static DeadLetterView of(DeadLetter d) {
            String payload = d.payload() == null ? "" : d.payload();
            String preview = payload.length() <= PREVIEW ? payload
                    : payload.substring(0, Character.isHighSurrogate(payload.charAt(PREVIEW - 1)) ? PREVIEW - 1 : PREVIEW);
            return new DeadLetterView(d.id(), d.channel(), d.account(), d.reason(), d.pending() ? "PENDING" : "REPLAYED",
                    d.attempts(), d.createdAt(), d.replayedAt(), payload.length(), preview);
        }
    }

    record DeadLettersView(List<DeadLetterView> deadLetters) implements ApiBody {
    }

    record ReplayView(long id, boolean succeeded, String message) implements ApiBody {
        static ReplayView of(DeadLetterReplayer.Outcome outcome) {
            return new ReplayView(outcome.id(), outcome.succeeded(), outcome.message());
        }
    }

    /** An erasure's audit record: counts, never identifiers of the person. */
    record ErasureView(long id, String requestedBy, String reference, Instant erasedAt, int identities,
                       int interactions, int replies, int tags, int crmRemovals, int crmRemovalsLeft,
                       int crmRemovalsFailed, String status, Instant completedAt) implements ApiBody {
        static ErasureView of(PersonErasure.Erasure e) {
            return new ErasureView(e.id(), e.requestedBy(), e.reference(), e.erasedAt(), e.identities(),
                    e.interactions(), e.replies(), e.tags(), e.crmRemovals(), e.crmRemovalsLeft(),
                    e.crmRemovalsFailed(), e.status().name(), e.completedAt());
        }
    }

    record ErasuresView(List<ErasureView> erasures) implements ApiBody {
    }

    /** An erasure just made: its audit record, and the record it was for, echoed to the caller only (not kept). */
    record ErasureResultView(String record, long id, String requestedBy, String reference, Instant erasedAt,
                             int identities, int interactions, int replies, int tags, int crmRemovals,
                             int crmRemovalsLeft, int crmRemovalsFailed, String status, Instant completedAt) {
        static ErasureResultView of(String record, PersonErasure.Erasure e) {
            return new ErasureResultView(record, e.id(), e.requestedBy(), e.reference(), e.erasedAt(),
                    e.identities(), e.interactions(), e.replies(), e.tags(), e.crmRemovals(), e.crmRemovalsLeft(),
                    e.crmRemovalsFailed(), e.status().name(), e.completedAt());
        }
    }

    record ErasureResultsView(List<ErasureResultView> erasures) implements ApiBody {
    }

    // ---- requests ----

    record IdentityRequest(String channel, String handle) implements ApiBody {
    }

    record TagRequest(String tag) implements ApiBody {
    }

    record ReplyRequest(String text) implements ApiBody {
    }

    record ErasureRequest(List<String> records, String reference) implements ApiBody {
    }
}
