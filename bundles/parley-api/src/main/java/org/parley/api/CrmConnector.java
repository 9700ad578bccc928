package org.parley.api;

import java.util.List;
import java.util.Set;

/**
 * Everything Parley asks of a host CRM. One implementation per CRM, in a bundle of its own.
 * Writes must be idempotent: the interaction key is carried into the CRM record so a retry finds it.
 */
public interface CrmConnector {

    enum Capability { FIND_BY_EMAIL, FIND_BY_HANDLE, FIND_BY_PHONE, CREATE_LEAD, HISTORY, TAG_LISTS, SCORES }

    Set<Capability> capabilities();

    /** Records that may be this identity's person; more than one means a person must choose. */
    List<ContactRef> candidates(SocialIdentity identity);

    ContactRef createLead(SocialIdentity identity);

    /** Writes the interaction into the record's history unless a record with its key exists. Returns the CRM id. */
    String writeHistory(ContactRef contact, Interaction interaction);

    void setTags(ContactRef contact, Set<String> tags);

    void setScores(ContactRef contact, double engagement, double sentiment);
}
