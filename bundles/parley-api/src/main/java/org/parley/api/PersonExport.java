package org.parley.api;

import java.time.Instant;
import java.util.List;

/**
 * Everything Parley holds about one CRM person, for a subject access request: the social identities linked to the
 * record, every stored interaction of those identities (with its raw payload), the company's replies to them, the
 * person's tags and scores, the link reviews that concern them, and the state of the CRM writes about them. Read as
 * one consistent snapshot. The JSON form is {@code docs/person-export.md}. Implemented by parley-store.
 */
public interface PersonExport {

    /**
     * @param person the CRM record (its type and id; method and confidence are not read)
     * @return the export; its lists are empty, and {@code scores} null, where Parley holds nothing
     * @throws IllegalArgumentException for a record without type or id
     */
    Export export(ContactRef person);

    /**
     * @param person       the CRM record exported
     * @param exportedAt   when the snapshot was read
     * @param identities   the identities linked to the person, by channel and handle
     * @param interactions what those identities said, oldest first
     * @param replies      the company's replies (posted, queued or failed) to those interactions, oldest first
     * @param tags         the person's tags, and the rule tags a user removed from them, by name
     * @param scores       the person's scores; null when none were ever computed
     * @param linkReviews  reviews of the person's identities (any status), resolved to the person, or still open with
     *                     the person among the candidates; oldest first
     * @param crmWrites    the CRM outbox rows about the person (their interactions' history, their tag changes):
     *                     what was or will be written, and how it stands; oldest first
     */
    record Export(Person person, Instant exportedAt, List<LinkedIdentity> identities,
                  List<StoredInteraction> interactions, List<Reply> replies, List<TagMark> tags, Scores scores,
                  List<LinkReview> linkReviews, List<CrmWrite> crmWrites) {
        public Export {
            identities = List.copyOf(identities);
            interactions = List.copyOf(interactions);
            replies = List.copyOf(replies);
            tags = List.copyOf(tags);
            linkReviews = List.copyOf(linkReviews);
            crmWrites = List.copyOf(crmWrites);
        }
    }

    /** A CRM record by its type and id. */
    record Person(String type, String id) {
    }

    /**
     * A social identity linked to the person: what the channel revealed about it, and how and how sure the link is.
     *
     * @param firstSeenAt null (with lastSeenAt) when the identity was linked before any of its interactions arrived
     * @param linkedBy    {@code auto} or the user who linked it
     */
    record LinkedIdentity(String channel, String handle, String displayName, String profileUrl, String email,
                          String phone, Instant firstSeenAt, Instant lastSeenAt, ContactRef.Method method,
                          double confidence, String linkedBy, Instant linkedAt) {
    }

    /**
     * A tag, or (suppressed) a rule's tag a user removed and the rule will not set again.
     *
     * @param source {@code rule:<id>} or {@code user:<name>} that set it; for a suppression, who removed it
     * @param at     when it was set, or removed
     */
    record TagMark(String name, String source, Instant at, boolean suppressed) {
    }

    /**
     * One stored interaction, as Parley keeps it.
     *
     * @param interaction      what was said, with the channel's raw payload as it arrived
     * @param sentiment        in [-1, 1] as assessed when stored; null when not assessed
     * @param languageDetected whether Parley detected {@code interaction.language} (rather than the channel giving it)
     * @param receivedAt       when Parley stored it
     * @param tags             its tags and suppressions, by name
     * @param ruleActions      actions of rules that matched it and concern its author's CRM record
     */
    record StoredInteraction(Interaction interaction, Double sentiment, boolean languageDetected, Instant receivedAt,
                             List<TagMark> tags, List<RuleActionMark> ruleActions) {
        public StoredInteraction {
            tags = List.copyOf(tags);
            ruleActions = List.copyOf(ruleActions);
        }
    }

    /**
     * @param action the rule's action ({@code TAG_PERSON}, {@code MAKE_LEAD}, {@code ASSIGN_OWNER})
     * @param value  its argument (the tag, the owner); null when it has none
     * @param doneAt when it was applied; null while pending
     */
    record RuleActionMark(String ruleId, String action, String value, Instant doneAt) {
    }

    /**
     * As last computed (see {@link PersonScores}).
     *
     * @param writtenEngagement what was last written to the CRM; null when nothing was
     */
    record Scores(double engagement, double sentiment, long interactions, int channels, Instant lastContactAt,
                  Instant updatedAt, Double writtenEngagement, Double writtenSentiment) {
    }

    /**
     * @param identity   the identity as it was when queued
     * @param chosen     the record it was linked to when resolved; null while open or when rejected
     * @param resolvedBy who closed it; null while open
     */
    record LinkReview(long id, IdentityLinks.ReviewStatus status, SocialIdentity identity,
                      List<ContactRef> candidates, Instant queuedAt, String resolvedBy, Instant resolvedAt,
                      Person chosen) {
        public LinkReview {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * A CRM outbox row about the person, by state only (the CRM's error text is left out).
     *
     * @param kind        {@code HISTORY} (an interaction written into the person's history) or {@code TAG} (a tag
     *                    mirrored into the CRM's list for it)
     * @param interaction the interaction, for HISTORY; else null
     * @param tag         the tag, for TAG; else null
     * @param member      for TAG, whether the person was added to the list (true) or removed; else null
     * @param status      {@code PENDING}, {@code WAITING}, {@code DONE} or {@code FAILED}
     * @param crmId       the CRM's id of what was written, once written
     */
    record CrmWrite(String kind, InteractionKey interaction, String tag, Boolean member, String status,
                    int attempts, String crmId, Instant createdAt, Instant doneAt) {
    }
}
