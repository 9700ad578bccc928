package org.parley.api;

import java.util.Optional;

/** Links a social identity to a CRM record, or says it cannot decide. */
public interface IdentityResolver {

    /** The linked record, or empty when unknown or ambiguous (an ambiguous case waits for a person). */
    Optional<ContactRef> resolve(SocialIdentity identity);
}
