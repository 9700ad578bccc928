package org.parley.engine.internal;

import org.parley.api.IdentityResolver;
import org.parley.api.IdentityResolver.Resolution;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.parley.api.ContactRef;
import org.parley.api.CrmConnector;
import org.parley.api.IdentityLinks;
import org.parley.api.SocialIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which CRM record an interaction's author is, and applies the lead policy to authors nobody matches:
 * <ol>
 *   <li>an identity already linked follows its record as the CRM has it now: a converted lead is re-linked to its
 *       contact, a deleted record is unlinked and the identity resolved afresh;</li>
 *   <li>otherwise the CRM's candidates decide: exactly one is linked ("auto", keeping how it matched); more than one
 *       goes to a person (a review) and the write waits &mdash; never a guess &mdash; unless a person rejected every
 *       candidate of the identity's latest review (and it was not linked since): then it is treated as unknown;</li>
 *   <li>nobody: a lead when the {@link LeadPolicy} says so, else the write waits for the policy.</li>
 * </ol>
 * Connector calls may throw {@link org.parley.api.CrmException}; they are not caught here. Not synchronised: callers
 * resolving the same identity concurrently serialise on it themselves (see {@link CrmDelivery}).
 */
public final class IdentityResolution implements IdentityResolver {

    static final String BY = "auto";

    private static final Logger LOG = LoggerFactory.getLogger(IdentityResolution.class);

    private final CrmConnector crm;
    private final IdentityLinks links;
    private final LeadPolicy policy;

    public IdentityResolution(CrmConnector crm, IdentityLinks links, LeadPolicy policy) {
        this.crm = Objects.requireNonNull(crm, "crm");
        this.links = Objects.requireNonNull(links, "links");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public LeadPolicy policy() {
        return policy;
    }

    @Override
    public Resolution resolve(SocialIdentity author) {
        return resolve(author, null);
    }

    /**
     * @param leadRule a rule that says to make an unknown author a lead now ({@code MAKE_LEAD}), whatever the lead
     *                 policy says; null for none
     */
    public Resolution resolve(SocialIdentity author, String leadRule) {
        String channel = author.channel();
        String handle = author.handle();
        Optional<ContactRef> link = links.linkOf(channel, handle);
        if (link.isPresent()) {
            ContactRef linked = link.get();
            Optional<ContactRef> now = crm.current(linked);
            if (now.isEmpty()) {
                LOG.info("{}:{} was linked to {} {}, which the CRM no longer has: unlinked, resolving again",
                        channel, handle, linked.type(), linked.id());
                links.unlink(channel, handle);
                return resolveUnlinked(author, leadRule);
            }
            ContactRef current = now.get();
            if (sameRecord(current, linked)) {
                return Resolution.linked(linked);
            }
            LOG.info("{}:{}: {} {} is now {} {} (converted): re-linked", channel, handle, linked.type(), linked.id(),
                    current.type(), current.id());
            links.link(channel, handle, current, BY);
            return Resolution.linked(current);
        }
        return resolveUnlinked(author, leadRule);
    }

    private Resolution resolveUnlinked(SocialIdentity author, String leadRule) {
        String channel = author.channel();
        String handle = author.handle();
        List<ContactRef> candidates = crm.findCandidates(author);
        if (candidates.size() == 1) {
            ContactRef only = candidates.get(0);
            links.link(channel, handle, only, BY);
            LOG.info("{}:{} linked to {} {} ({}, confidence {})", channel, handle, only.type(), only.id(),
                    only.method(), only.confidence());
            return Resolution.newlyLinked(only);
        }
        if (candidates.size() > 1) {
            if (links.candidatesRejected(channel, handle)) {
                // A person already said none of them is this author: not asked again, the lead policy decides.
                LOG.debug("{}:{} matches {} CRM records, all rejected in its latest review: lead policy", channel,
                        handle, candidates.size());
                return leadOrWait(author, leadRule);
            }
            long review = links.queueReview(author, candidates);
            LOG.info("{}:{} matches {} CRM records: review {} queued", channel, handle, candidates.size(), review);
            return Resolution.waitFor("ambiguous: " + candidates.size() + " candidates, see parley:links");
        }
        return leadOrWait(author, leadRule);
    }

    private Resolution leadOrWait(SocialIdentity author, String leadRule) {
        String channel = author.channel();
        String handle = author.handle();
        Optional<String> why;
        long count = 0;
        if (leadRule != null) {
            why = Optional.of("rule " + leadRule);
        } else if (!policy.enabled()) {
            return Resolution.waitFor(unknown(null));
        } else {
            count = links.interactionCount(channel, handle);
            Set<String> tags = links.tagsOf(channel, handle);
            why = policy.reasonForLead(count, tags);
        }
        if (why.isEmpty()) {
            return Resolution.waitFor(unknown(count + (count == 1 ? " interaction" : " interactions") + " so far"));
        }
        if (!crm.capabilities().contains(CrmConnector.Capability.CREATE_LEAD)) {
            return Resolution.waitFor("unknown author: the lead policy is met (" + why.get()
                    + ") but this CRM connector cannot create leads");
        }
        ContactRef lead = crm.createLead(author, why.get());
        links.link(channel, handle, lead, BY);
        LOG.info("{}:{}: lead {} {} created ({})", channel, handle, lead.type(), lead.id(), why.get());
        return Resolution.newlyLinked(lead);
    }

    private String unknown(String sofar) {
        return "unknown author: no lead yet under the policy (" + policy.describe() + ")"
                + (sofar == null ? "" : "; " + sofar);
    }

    static boolean sameRecord(ContactRef a, ContactRef b) {
        return Objects.equals(a.type(), b.type()) && Objects.equals(a.id(), b.id());
    }
}
