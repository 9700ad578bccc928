package org.parley.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything Parley asks of a host CRM. One implementation per CRM, in a bundle of its own. Calls may fail with a
 * {@link CrmException} that says whether retrying can help. Writes are idempotent: the interaction key is carried
 * into the CRM record, and looked up before writing again, so a retry after a crash finds the first write.
 */
public interface CrmConnector {

    enum Capability { FIND_BY_EMAIL, FIND_BY_HANDLE, FIND_BY_PHONE, CREATE_LEAD, HISTORY, TAG_LISTS, SCORES, OWNERS }

    Set<Capability> capabilities();

    /**
     * The CRM records that may be this person, each saying how it matched (e-mail, the channel's handle field,
     * phone) and how sure. Empty when nobody matches; more than one means a person must choose.
     */
    List<ContactRef> findCandidates(SocialIdentity identity);

    /** Creates a lead for an unknown author; {@code source} says why (for example the policy that made it). */
    ContactRef createLead(SocialIdentity identity, String source);

    /**
     * Where a linked record stands now: the record itself, the contact a lead was converted to, or empty when the
     * record was deleted.
     */
    Optional<ContactRef> current(ContactRef record);

    /**
     * Writes the interaction into the record's history unless an entry with its key exists already.
     *
     * @return the CRM's id of the history entry (the existing one when it was there)
     */
    String writeHistory(ContactRef record, Interaction interaction);

    /**
     * Removes the history entry Parley wrote for this interaction (an erasure): the entry with the CRM id Parley
     * recorded, and any entry that carries the interaction's key (a write whose answer was lost). Idempotent: an
     * entry already gone is not an error.
     *
     * @param crmId the CRM's id of the entry as Parley recorded it; null when the write's answer never came back
     * @return how many entries were removed (0 when none was there)
     */
    int removeHistory(InteractionKey key, String crmId);

    /** Adds the record to, or removes it from, the CRM's list for this tag (created when first needed). */
    void setTagMembership(ContactRef record, String tag, boolean member);

    /** Writes engagement and sentiment to the record, where the CRM has fields for them. */
    void setScores(ContactRef record, double engagement, double sentiment);

    /**
     * Makes a CRM user the record's owner (a rule's {@code ASSIGN_OWNER}).
     *
     * @param user the user's login name as the CRM knows it
     * @throws CrmException permanent when the CRM has no such user
     */
    void assignOwner(ContactRef record, String user);
}
