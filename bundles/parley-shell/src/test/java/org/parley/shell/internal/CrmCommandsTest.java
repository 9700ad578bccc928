package org.parley.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.parley.api.ContactRef;
import org.parley.api.CrmOutbox;
import org.parley.api.CrmStatus;
import org.parley.api.IdentityLinks;
import org.parley.api.PersonTags;
import org.parley.api.Tag;
import org.parley.api.SocialIdentity;

class CrmCommandsTest {

    private final Links links = new Links();

    @Test
    void crmShowsBreakerOutboxAndLastErrorOrSaysNoConnectorRuns() {
        CrmCommand none = new CrmCommand();
        assertThat(TestSupport.run(none)).contains("No CRM connector is running: configure one in etc/org.parley.crm.suitecrm.cfg");

        CrmCommand command = new CrmCommand();
        command.crm = () -> new CrmStatus.Snapshot("SuiteCRM https://crm.example.org", "OPEN", 980, 12,
                "HTTP 503 from crm.example.org " + TestSupport.HOSTILE, TestSupport.NOW.minusSeconds(30),
                new CrmOutbox.Stats(20, 3, 1, Duration.ofMinutes(7), null));
        String out = TestSupport.run(command);
        assertThat(out).contains("Circuit breaker").contains("OPEN").contains("980").contains("Outbox pending")
                .contains("20").contains("7 min").contains("HTTP 503 from crm.example.org").contains("30 s ago")
                .doesNotContain("\u001b");
    }

    @Test
    void resyncRequeuesEveryLinkedIdentityOfTheRecord() {
        SocialIdentity wei = SocialIdentity.of("mastodon", "wei@example.social", "伟");
        SocialIdentity mail = SocialIdentity.of("mail", "wei@example.org", "Wei");
        links.linked.put(wei, ContactRef.contact("c-1", ContactRef.Method.HANDLE, 0.9));
        links.linked.put(mail, ContactRef.contact("c-1", ContactRef.Method.EMAIL, 1.0));
        Outbox outbox = new Outbox();
        ResyncCommand command = new ResyncCommand();
        command.links = links;
        command.outbox = outbox;
        command.record = "Contacts/c-1";

        assertThat(TestSupport.run(command)).contains("Requeued 6 history entries of 2 identities")
                .contains("mastodon:wei@example.social").contains("mail:wei@example.org");
        assertThat(outbox.requeued).containsExactlyInAnyOrder(wei, mail);

        command.record = "Contacts/nobody";
        assertThatThrownBy(() -> TestSupport.run(command)).hasMessage("No social identity is linked to Contacts/nobody; see parley:links for identities waiting to be linked");
        command.record = "Accounts/x";
        assertThatThrownBy(() -> TestSupport.run(command)).hasMessage("'Accounts/x': the record type must be Contacts or Leads");
        command.record = "Contacts/<script>";
        assertThatThrownBy(() -> TestSupport.run(command)).hasMessageContaining("is not a CRM record id");
    }

    @Test
    void linksListsOpenReviewsAndAPersonLinksOrRejects() {
        SocialIdentity ana = SocialIdentity.of("feeds", "ana@example.org", "Ana");
        long id = links.queueReview(ana, List.of(ContactRef.contact("c-1", ContactRef.Method.EMAIL, 1.0),
                ContactRef.contact("c-2", ContactRef.Method.EMAIL, 1.0)));
        LinksCommand list = new LinksCommand();
        list.links = links;
        assertThat(TestSupport.run(list)).contains("feeds:ana@example.org").contains("1) Contacts/c-1 by email")
                .contains("2) Contacts/c-2 by email");

        LinksCommand link = new LinksCommand();
        link.links = links;
        link.action = "link";
        link.target = String.valueOf(id);
        link.candidate = "2";
        assertThat(TestSupport.run(link)).contains("Linked feeds:ana@example.org to Contacts/c-2");
        assertThat(links.resolved).containsEntry(id, "c-2");
        assertThatThrownBy(() -> TestSupport.run(link)).hasMessage("There is no open review " + id + " (see parley:links)");

        long other = links.queueReview(SocialIdentity.of("feeds", "bo", "Bo"), List.of(ContactRef.contact("c-3", ContactRef.Method.HANDLE, 0.9),
                ContactRef.contact("c-4", ContactRef.Method.PHONE, 0.8)));
        link.target = String.valueOf(other);
        link.candidate = "7";
        assertThatThrownBy(() -> TestSupport.run(link)).hasMessage("'7' is neither a candidate number (1..2) nor the id of one of review " + other + "'s candidates");
        link.candidate = "c-4";
        assertThat(TestSupport.run(link)).contains("to Contacts/c-4");

        long third = links.queueReview(SocialIdentity.of("feeds", "cy", "Cy"), List.of(ContactRef.contact("c-5", ContactRef.Method.HANDLE, 0.9)));
        LinksCommand reject = new LinksCommand();
        reject.links = links;
        reject.action = "reject";
        reject.target = String.valueOf(third);
        assertThat(TestSupport.run(reject)).contains("Rejected every candidate of feeds:cy");
        assertThat(links.resolved).containsEntry(third, null);

        Outbox outbox = new Outbox();
        LinksCommand assign = new LinksCommand();
        assign.links = links;
        assign.outbox = outbox;
        assign.action = "assign";
        assign.target = "telegram:4711";
        assign.candidate = "Leads/l-9";
        assertThat(TestSupport.run(assign)).contains("Linked telegram:4711 to Leads/l-9 by hand; 2 waiting history entries are written next.");
        assertThat(links.manual).containsEntry("telegram:4711", "Leads/l-9 MANUAL");
        assign.target = "telegram";
        assertThatThrownBy(() -> TestSupport.run(assign)).hasMessage("Say which identity and which record: parley:links assign CHANNEL:HANDLE Contacts/ID");

        LinksCommand wrong = new LinksCommand();
        wrong.links = links;
        wrong.action = "merge";
        assertThatThrownBy(() -> TestSupport.run(wrong)).hasMessage("Unknown action 'merge': use list, link, reject or assign");
    }

    @Test
    void tagsAreListedAddedAndRemovedOnARecord() {
        java.util.Map<String, Tag> stored = new java.util.LinkedHashMap<>();
        TagsCommand command = new TagsCommand();
        command.tags = new PersonTags() {
            @Override public List<Tag> tagsOf(ContactRef record) { return List.copyOf(stored.values()); }
            @Override public boolean add(ContactRef record, String tag, String source) {
                return stored.putIfAbsent(tag, new Tag(tag, source, TestSupport.NOW)) == null;
            }
            @Override public boolean remove(ContactRef record, String tag, String by) { return stored.remove(tag) != null; }
        };
        command.scores = new org.parley.api.PersonScores() {
            @Override public Optional<PersonScore> of(ContactRef record) {
                return Optional.of(new PersonScore(record, 62.54, -0.25, 12, 3, TestSupport.NOW.minusSeconds(3600),
                        TestSupport.NOW, false));
            }
            @Override public PersonScore update(ContactRef record, java.time.Instant now) { throw new UnsupportedOperationException(); }
            @Override public void written(ContactRef record, double engagement, double sentiment) { throw new UnsupportedOperationException(); }
        };
        command.record = "Contacts/c-1";
        command.action = "add";
        command.tag = "prospect";
        assertThat(TestSupport.run(command)).contains("Tagged Contacts/c-1 'prospect'; the CRM list follows.");
        assertThat(TestSupport.run(command)).contains("Contacts/c-1 already has 'prospect'.");
        assertThat(stored.get("prospect").source()).isEqualTo("user:shell");
        command.action = "list";
        assertThat(TestSupport.run(command)).contains("prospect").contains("user:shell")
                .contains("Engagement 62.5 of 100, sentiment trend -0.25: 12 interactions on 3 channels, the last 1 h ago")
                .contains("(not yet written to the CRM)");
        command.action = "remove";
        assertThat(TestSupport.run(command)).contains("Removed 'prospect' from Contacts/c-1");
        assertThat(stored).isEmpty();
        command.tag = null;
        assertThatThrownBy(() -> TestSupport.run(command)).hasMessage("Give the tag: parley:tags remove Contacts/c-1 TAG");
    }

    @Test
    void anInteractionsTagsAreListedAddedAndRemovedAndARemovalIsSaidToStick() {
        java.util.Map<String, String> calls = new java.util.LinkedHashMap<>();
        TagsCommand command = new TagsCommand();
        command.interactionTags = new org.parley.api.InteractionTags() {
            @Override public List<Tag> tagsOf(org.parley.api.InteractionKey key) {
                return List.of(new Tag("refund", "rule:service/refunds", TestSupport.NOW));
            }
            @Override public Map<org.parley.api.InteractionKey, List<Tag>> tagsOf(java.util.Collection<org.parley.api.InteractionKey> keys) {
                throw new UnsupportedOperationException();
            }
            @Override public boolean add(org.parley.api.InteractionKey key, String tag, String source) {
                return calls.put("add " + key + " " + tag, source) == null;
            }
            @Override public boolean remove(org.parley.api.InteractionKey key, String tag, String by) {
                return calls.put("remove " + key + " " + tag, by) == null;
            }
        };
        command.record = "mastodon:109";
        command.action = "list";
        assertThat(TestSupport.run(command)).contains("refund", "rule:service/refunds");
        command.action = "remove";
        command.tag = "refund";
        assertThat(TestSupport.run(command)).contains("Removed 'refund' from mastodon:109; rules will not put it back.");
        command.action = "add";
        assertThat(TestSupport.run(command)).contains("Tagged mastodon:109 'refund'.");
        assertThat(calls).containsEntry("remove mastodon:109 refund", "user:shell").containsEntry("add mastodon:109 refund", "user:shell");
    }

    /** IdentityLinks as far as the commands use it. */
    static final class Links implements IdentityLinks {
        final Map<SocialIdentity, ContactRef> linked = new LinkedHashMap<>();
        final Map<Long, Review> open = new LinkedHashMap<>();
        final Map<Long, String> resolved = new LinkedHashMap<>();
        final Map<String, String> manual = new LinkedHashMap<>();

        @Override public Optional<ContactRef> linkOf(String channel, String handle) { return Optional.empty(); }
        @Override public void link(String channel, String handle, ContactRef record, String by) {
            manual.put(channel + ":" + handle, record.type() + "/" + record.id() + " " + record.method());
        }
        @Override public void unlink(String channel, String handle) { }
        @Override public List<SocialIdentity> identitiesOf(ContactRef record) {
            return linked.entrySet().stream().filter(e -> e.getValue().id().equals(record.id())).map(Map.Entry::getKey).toList();
        }
        @Override public long queueReview(SocialIdentity identity, List<ContactRef> candidates) {
            long id = open.size() + resolved.size() + 1L;
            open.put(id, new Review(id, identity, candidates, TestSupport.NOW.minusSeconds(60), ReviewStatus.OPEN));
            return id;
        }
        @Override public List<Review> openReviews(int limit) { return new ArrayList<>(open.values()); }
        @Override public Optional<Review> review(long id) { return Optional.ofNullable(open.get(id)); }
        @Override public void resolveReview(long id, ContactRef chosen, String by) {
            open.remove(id);
            resolved.put(id, chosen == null ? null : chosen.id());
        }
        @Override public long interactionCount(String channel, String handle) { return 0; }
        @Override public boolean candidatesRejected(String channel, String handle) { return false; }
        @Override public Set<String> tagsOf(String channel, String handle) { return Set.of(); }
    }

    /** CrmOutbox as far as resync uses it: three rows per identity. */
    static final class Outbox implements CrmOutbox {
        final Set<SocialIdentity> requeued = new HashSet<>();

        @Override public List<Entry> claimDue(int limit, Instant now, Duration lease) { return List.of(); }
        @Override public void done(long id, String crmId, Instant at) { }
        @Override public void removed(long id, long erasureId, Instant at) { }
        @Override public void retryAt(long id, Instant next, String error) { }
        @Override public void await(long id, String reason) { }
        @Override public void fail(long id, String reason) { }
        @Override public int wake(String channel, String handle) { return 2; }
        @Override public boolean requeue(long id) { return false; }
        @Override public int requeue(List<SocialIdentity> identities) {
            requeued.addAll(identities);
            return identities.size() * 3;
        }
        @Override public Stats stats(Instant now) { return new Stats(0, 0, 0, Duration.ZERO, null); }
    }
}
