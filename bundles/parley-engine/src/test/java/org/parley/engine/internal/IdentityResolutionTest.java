package org.parley.engine.internal;

import org.parley.api.IdentityResolver.Resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.engine.internal.TestSupport.person;
import static org.parley.engine.internal.TestSupport.personWithEmail;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.parley.api.ContactRef;
import org.parley.api.CrmConnector;
import org.parley.api.CrmException;
import org.parley.api.IdentityLinks;
import org.parley.api.SocialIdentity;
import org.parley.engine.internal.TestSupport.World;

class IdentityResolutionTest {

    private final World world = new World();
    private final FakeCrmConnector crm = world.crm;
    private final InMemoryIdentityLinks links = world.links;

    private IdentityResolution resolution(int after, String... tags) {
        return new IdentityResolution(crm, links, new LeadPolicy(after, Set.of(tags)));
    }

    @Test
    void singleEmailCandidateIsLinkedAutomaticallyKeepingHowItMatched() {
        crm.contactWithEmail("ann@example.com", "c-ann");
        SocialIdentity ann = personWithEmail("mail", "ann@example.com", "ann@example.com");

        Resolution r = resolution(3, "prospect").resolve(ann);

        assertThat(r.waiting()).isFalse();
        assertThat(r.newLink()).isTrue();
        assertThat(r.record()).isEqualTo(ContactRef.contact("c-ann", ContactRef.Method.EMAIL, 0.95));
        assertThat(links.fullLinkOf("mail", "ann@example.com")).get()
                .isEqualTo(new InMemoryIdentityLinks.Link(r.record(), "auto"));
    }

    @Test
    void singleHandleCandidateIsLinked() {
        crm.contactWithHandle("mastodon", "@bob@social", "c-bob");

        Resolution r = resolution(3).resolve(person("mastodon", "@bob@social"));

        assertThat(r.record().id()).isEqualTo("c-bob");
        assertThat(r.record().method()).isEqualTo(ContactRef.Method.HANDLE);
    }

    @Test
    void anAlreadyLinkedIdentityIsNotSearchedAgain() {
        ContactRef linked = ContactRef.contact("c-1", ContactRef.Method.MANUAL, 1.0);
        links.link("x", "carol", linked, "admin");

        Resolution r = resolution(3).resolve(person("x", "carol"));

        assertThat(r.record()).isEqualTo(linked);
        assertThat(r.newLink()).isFalse();
        assertThat(crm.findCalls()).isZero();
    }

    @Test
    void aConvertedLeadIsFollowedToItsContactAndReLinked() {
        ContactRef lead = ContactRef.lead("l-1", ContactRef.Method.LEAD_CREATED, 1.0);
        ContactRef contact = ContactRef.contact("c-9", ContactRef.Method.MANUAL, 1.0);
        links.link("x", "dave", lead, "auto");
        crm.convert(lead, contact);

        Resolution r = resolution(3).resolve(person("x", "dave"));

        assertThat(r.record()).isEqualTo(contact);
        assertThat(links.linkOf("x", "dave")).contains(contact);
    }

    @Test
    void aDeletedRecordIsUnlinkedAndTheIdentityResolvedAgain() {
        ContactRef gone = ContactRef.contact("c-gone", ContactRef.Method.HANDLE, 0.9);
        links.link("x", "erin", gone, "auto");
        crm.delete(gone);
        crm.contactWithHandle("x", "erin", "c-new");

        Resolution r = resolution(3).resolve(person("x", "erin"));

        assertThat(links.unlinkCount()).isEqualTo(1);
        assertThat(r.record().id()).isEqualTo("c-new");
        assertThat(r.newLink()).isTrue();
        assertThat(links.linkOf("x", "erin")).get().extracting(ContactRef::id).isEqualTo("c-new");
    }

    @Test
    void twoCandidatesQueueAReviewAndWaitNeverGuess() {
        crm.contactWithEmail("f@example.com", "c-1").contactWithHandle("mail", "f@example.com", "c-2");
        SocialIdentity f = personWithEmail("mail", "f@example.com", "f@example.com");

        Resolution r = resolution(1, "prospect").resolve(f);

        assertThat(r.waiting()).isTrue();
        assertThat(r.waitReason()).isEqualTo("ambiguous: 2 candidates, see parley:links");
        assertThat(links.linkOf("mail", "f@example.com")).isEmpty();
        assertThat(links.openReviews(10)).singleElement().satisfies(review -> {
            assertThat(review.identity()).isEqualTo(f);
            assertThat(review.candidates()).extracting(ContactRef::id).containsExactly("c-1", "c-2");
        });
        assertThat(crm.leads()).isEmpty();
    }

    @Test
    void anUnknownAuthorWaitsUntilTheNthInteraction() {
        SocialIdentity g = person("x", "gail");
        links.recordInteraction(g, Set.of());
        IdentityResolution resolution = resolution(3, "prospect");

        Resolution first = resolution.resolve(g);
        assertThat(first.waitReason()).isEqualTo(
                "unknown author: no lead yet under the policy (after 3 interactions or tag prospect); 1 interaction so far");
        links.recordInteraction(g, Set.of());
        assertThat(resolution.resolve(g).waiting()).isTrue();
        assertThat(crm.leads()).isEmpty();

        links.recordInteraction(g, Set.of());
        Resolution third = resolution.resolve(g);

        assertThat(third.newLink()).isTrue();
        assertThat(crm.leads()).containsExactly(third.record());
        assertThat(third.record().type()).isEqualTo("Leads");
        assertThat(crm.leadSources()).containsExactly("Parley lead policy: 3 interactions (threshold 3)");
        assertThat(links.linkOf("x", "gail")).contains(third.record());
    }

    @Test
    void aProspectTagMakesALeadAtOnce() {
        SocialIdentity h = person("x", "hank");
        links.recordInteraction(h, Set.of("prospect"));

        Resolution r = resolution(3, "prospect").resolve(h);

        assertThat(r.record().type()).isEqualTo("Leads");
        assertThat(crm.leadSources()).containsExactly("Parley lead policy: tagged prospect");
    }

    @Test
    void withTheCountDisabledOnlyTagsMakeLeads() {
        SocialIdentity i = person("x", "ivy");
        for (int n = 0; n < 10; n++) {
            links.recordInteraction(i, Set.of("complaint"));
        }

        Resolution r = resolution(0, "prospect").resolve(i);

        assertThat(r.waitReason()).startsWith("unknown author: no lead yet under the policy (tag prospect)");
        assertThat(crm.leads()).isEmpty();
    }

    @Test
    void aPolicyThatIsOffSaysSo() {
        SocialIdentity j = person("x", "jo");
        links.recordInteraction(j, Set.of("prospect"));

        Resolution r = resolution(0).resolve(j);

        assertThat(r.waitReason()).isEqualTo("unknown author: no lead yet under the policy (lead creation is off)");
    }

    @Test
    void aConnectorThatCannotCreateLeadsMakesTheRowWait() {
        crm.capabilities.remove(CrmConnector.Capability.CREATE_LEAD);
        SocialIdentity k = person("x", "kim");
        links.recordInteraction(k, Set.of("prospect"));

        Resolution r = resolution(3, "prospect").resolve(k);

        assertThat(r.waitReason()).contains("cannot create leads");
        assertThat(crm.leads()).isEmpty();
    }

    @Test
    void candidatesAPersonRejectedAreNotQueuedAgainAndTheLeadPolicyDecides() {
        crm.contactWithEmail("f@example.com", "c-1").contactWithHandle("mail", "f@example.com", "c-2");
        SocialIdentity f = personWithEmail("mail", "f@example.com", "f@example.com");
        IdentityResolution resolution = resolution(3, "prospect");
        assertThat(resolution.resolve(f).waitReason()).isEqualTo("ambiguous: 2 candidates, see parley:links");
        long review = links.openReviews(10).get(0).id();
        links.resolveReview(review, null, "user:jane");
        links.recordInteraction(f, Set.of());

        Resolution unknown = resolution.resolve(f);

        assertThat(unknown.waitReason()).isEqualTo(
                "unknown author: no lead yet under the policy (after 3 interactions or tag prospect); 1 interaction so far");
        assertThat(links.openReviews(10)).as("not queued again").isEmpty();
        assertThat(links.review(review)).get().extracting(IdentityLinks.Review::status)
                .isEqualTo(IdentityLinks.ReviewStatus.REJECTED);
        assertThat(crm.leads()).isEmpty();

        links.recordInteraction(f, Set.of("prospect"));
        Resolution lead = resolution.resolve(f);

        assertThat(lead.newLink()).isTrue();
        assertThat(lead.record().type()).isEqualTo("Leads");
        assertThat(crm.leads()).containsExactly(lead.record());
        assertThat(crm.leadSources()).containsExactly("Parley lead policy: tagged prospect");
        assertThat(links.linkOf("mail", "f@example.com")).contains(lead.record());
        assertThat(links.openReviews(10)).isEmpty();
    }

    @Test
    void onceLinkedSinceTheRejectionAmbiguousCandidatesGoToAPersonAgain() {
        crm.contactWithEmail("g@example.com", "c-1").contactWithHandle("mail", "g@example.com", "c-2");
        SocialIdentity g = personWithEmail("mail", "g@example.com", "g@example.com");
        links.recordInteraction(g, Set.of("prospect"));
        IdentityResolution resolution = resolution(3, "prospect");
        resolution.resolve(g);
        links.resolveReview(links.openReviews(10).get(0).id(), null, "user:jane");
        ContactRef lead = resolution.resolve(g).record();
        assertThat(lead.type()).isEqualTo("Leads");

        // The lead is deleted in the CRM: unlinked, and the identity was linked since the rejection.
        crm.delete(lead);
        Resolution again = resolution.resolve(g);

        assertThat(again.waitReason()).isEqualTo("ambiguous: 2 candidates, see parley:links");
        assertThat(links.openReviews(10)).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(IdentityLinks.ReviewStatus.OPEN));
        assertThat(crm.leads()).hasSize(1);
    }

    @Test
    void aRejectionWithTheLeadPolicyOffWaitsSayingSo() {
        crm.contactWithEmail("h@example.com", "c-1").contactWithEmail("h@example.com", "c-2");
        SocialIdentity h = personWithEmail("mail", "h@example.com", "h@example.com");
        IdentityResolution resolution = resolution(0);
        resolution.resolve(h);
        links.resolveReview(links.openReviews(10).get(0).id(), null, "user:jane");

        assertThat(resolution.resolve(h).waitReason())
                .isEqualTo("unknown author: no lead yet under the policy (lead creation is off)");
        assertThat(links.openReviews(10)).isEmpty();
    }

    @Test
    void crmFailuresAreNotSwallowed() {
        crm.down(true);

        assertThatThrownBy(() -> resolution(3).resolve(person("x", "lee")))
                .isInstanceOf(CrmException.class)
                .satisfies(e -> assertThat(((CrmException) e).retryable()).isTrue());
        assertThat(links.linkOf("x", "lee")).isEmpty();
    }
}
