package org.parley.engine.internal;

import org.parley.api.RuleAction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.engine.internal.TestSupport.config;
import static org.parley.engine.internal.TestSupport.person;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.api.ContactRef;
import org.parley.api.CrmException;
import org.parley.api.CrmOutbox;
import org.parley.api.CrmOutbox.Status;
import org.parley.api.Interaction;
import org.parley.api.SocialIdentity;
import org.parley.engine.internal.TestSupport.World;

class CrmDeliveryTest {

    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final World world = new World(clock);
    private final OutboxSettings settings = OutboxSettings.from(config(
            "backoffInitial", "PT10S", "backoffMultiplier", 2.0, "backoffRandomization", 0.5, "backoffMax", "PT1H"));
    private final CrmDelivery delivery = new CrmDelivery(world.crm, world.links, world.outbox, world.tags, world.actions,
            world.scores, settings.leadPolicy(),
            CrmDelivery.backoff(settings), clock);
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private CrmOutbox.Entry claimOne() {
        return world.outbox.claimDue(1, clock.instant(), Duration.ofMinutes(2)).get(0);
    }

    @Test
    void aLinkedAuthorsInteractionIsWrittenAndTheRowDone() {
        world.crm.contactWithHandle("x", "ann", "c-ann");
        long id = world.ingest(person("x", "ann"));

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(world.outbox.get(id).status()).isEqualTo(Status.DONE);
        assertThat(world.outbox.get(id).crmId()).isEqualTo(r.message()).startsWith("note-");
        assertThat(world.crm.historyOf(world.outbox.get(id).interaction())).get()
                .extracting(FakeCrmConnector.Written::record).extracting(ContactRef::id).isEqualTo("c-ann");
    }

    @Test
    void theRulesPersonActionsAreDoneOnTheResolvedRecordOnceEvenWhenTheRowIsRetried() {
        world.crm.contactWithHandle("x", "ann", "c-ann").user("sales.lead");
        Interaction i = world.interaction(person("x", "ann"));
        world.pendingAction(i, new RuleAction("sales/vip", RuleAction.Type.TAG_PERSON, "vip"));
        world.pendingAction(i, new RuleAction("sales/vip", RuleAction.Type.ASSIGN_OWNER, "sales.lead"));
        world.ingest(i);
        world.score(ContactRef.contact("c-ann", ContactRef.Method.HANDLE, 1), 62.5, -0.25);
        world.crm.failNextWrites(CrmException.retryable("HTTP 503 from SuiteCRM", null, null));

        assertThat(delivery.deliver(claimOne()).kind()).isEqualTo(CrmDelivery.Kind.RETRY);
        assertThat(world.actions.pending(i.key())).hasSize(2);
        clock.advance(Duration.ofHours(1));
        assertThat(delivery.deliver(claimOne()).kind()).isEqualTo(CrmDelivery.Kind.DONE);

        assertThat(world.tags.tagsOf(ContactRef.contact("c-ann", ContactRef.Method.HANDLE, 1)))
                .extracting(org.parley.api.Tag::name).containsExactly("vip");
        assertThat(world.crm.owners()).containsExactly(java.util.Map.entry("Contacts/c-ann", "sales.lead"));
        assertThat(world.actions.pending(i.key())).isEmpty();
        assertThat(world.crm.scoreWrites()).containsExactly("Contacts/c-ann 62.5 -0.25");

        // Rewriting the history (parley:resync) neither redoes the actions nor rewrites unchanged scores.
        world.outbox.requeue(List.of(person("x", "ann")));
        assertThat(delivery.deliver(claimOne()).kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(world.crm.scoreWrites()).hasSize(1);
        world.score(ContactRef.contact("c-ann", ContactRef.Method.HANDLE, 1), 70, -0.25);
        world.outbox.requeue(List.of(person("x", "ann")));
        delivery.deliver(claimOne());
        assertThat(world.crm.scoreWrites()).last().isEqualTo("Contacts/c-ann 70.0 -0.25");
    }

    @Test
    void anErasedInteractionsHistoryIsRemovedOnceAndARemovalTheCrmRefusesFailsWithoutItsContent() {
        world.crm.contactWithHandle("x", "ann", "c-ann");
        Interaction said = world.interaction(person("x", "ann"));
        long written = world.ingest(said);
        delivery.deliver(claimOne());
        String noteId = world.outbox.get(written).crmId();
        long removal = world.outbox.add(new CrmOutbox.HistoryRemoval(said.key(), noteId, 4));

        CrmDelivery.Result removed = delivery.deliver(claimOne());

        assertThat(removed.kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(removed.message()).isEqualTo("removal of " + said.key() + " (erasure 4): 1 removed");
        assertThat(world.outbox.get(removal).status()).isEqualTo(Status.DONE);
        assertThat(world.crm.historyOf(said)).isEmpty();

        // Removed already: done again, nothing to remove.
        world.outbox.add(new CrmOutbox.HistoryRemoval(said.key(), noteId, 4));
        assertThat(delivery.deliver(claimOne()).message()).endsWith(": 0 removed");

        long refused = world.outbox.add(new CrmOutbox.HistoryRemoval(said.key(), null, 5));
        world.crm.failNextWrites(CrmException.permanent("Notes module: access denied"));
        CrmDelivery.Result failed = delivery.deliver(claimOne());
        assertThat(failed.kind()).isEqualTo(CrmDelivery.Kind.FAILED);
        assertThat(world.outbox.get(refused).error())
                .isEqualTo("CRM refused removal of " + said.key() + " (erasure 5): Notes module: access denied")
                .doesNotContain(said.text());
    }

    @Test
    void aMakeLeadRuleMakesTheUnknownAuthorALeadAtOnceWhateverThePolicyCounts() {
        Interaction i = world.interaction(person("x", "newbie"));
        world.pendingAction(i, new RuleAction("sales/pricing", RuleAction.Type.MAKE_LEAD, null));
        world.ingest(i);

        assertThat(delivery.deliver(claimOne()).kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(world.crm.leads()).hasSize(1);
        assertThat(world.crm.leadSources()).containsExactly("rule sales/pricing");
    }

    @Test
    void anOwnerTheCrmDoesNotKnowIsDroppedWithoutHoldingTheHistoryBack() {
        world.crm.contactWithHandle("x", "ann", "c-ann");
        Interaction i = world.interaction(person("x", "ann"));
        world.pendingAction(i, new RuleAction("sales/vip", RuleAction.Type.ASSIGN_OWNER, "nobody"));
        long id = world.ingest(i);

        assertThat(delivery.deliver(claimOne()).kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(world.outbox.get(id).status()).isEqualTo(Status.DONE);
        assertThat(world.crm.owners()).isEmpty();
        assertThat(world.actions.pending(i.key())).isEmpty();
    }

    @Test
    void aRetryableErrorIsRetriedAfterTheBackoffWithJitter() {
        world.crm.contactWithHandle("x", "ann", "c-ann");
        long id = world.ingest(person("x", "ann"));
        world.crm.failNextWrites(CrmException.retryable("HTTP 503 from SuiteCRM", null, null));

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.RETRY);
        assertThat(r.crmFailure()).isTrue();
        var row = world.outbox.get(id);
        assertThat(row.status()).isEqualTo(Status.PENDING);
        assertThat(row.error()).isEqualTo("CRM: HTTP 503 from SuiteCRM");
        // attempt 1: 10 s +/- 50 %
        assertThat(row.nextAt()).isBetween(T0.plusSeconds(5), T0.plusSeconds(15));
    }

    @Test
    void theBackoffGrowsExponentiallyAndIsCapped() {
        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt <= 30; attempt++) {
            waits.add(Duration.between(T0, delivery.nextAttempt(attempt, null, T0)));
        }
        assertThat(waits.get(0)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));
        assertThat(waits.get(3)).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(120)); // 80 s +/- 50 %
        assertThat(waits).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofHours(1)));
        assertThat(waits.subList(20, 30)).allSatisfy(w -> assertThat(w).isGreaterThan(Duration.ofMinutes(20)));
    }

    @Test
    void theCrmsRetryAfterWinsWhenLonger() {
        world.crm.contactWithHandle("x", "ann", "c-ann");
        long id = world.ingest(person("x", "ann"));
        world.crm.failNextWrites(CrmException.retryable("HTTP 429", Duration.ofMinutes(5), null));

        delivery.deliver(claimOne());

        assertThat(world.outbox.get(id).nextAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(delivery.nextAttempt(1, Duration.ofSeconds(1), T0)).isAfter(T0.plusSeconds(4));
    }

    @Test
    void aPermanentErrorFailsTheRowWithTheCrmsMessage() {
        world.crm.contactWithHandle("x", "ann", "c-ann");
        long id = world.ingest(person("x", "ann"));
        world.crm.failNextWrites(CrmException.permanent("HTTP 422: field description too long"));

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.FAILED);
        assertThat(r.crmFailure()).as("the CRM answered: not a breaker failure").isFalse();
        assertThat(world.outbox.get(id).status()).isEqualTo(Status.FAILED);
        assertThat(world.outbox.get(id).error()).contains("CRM refused x:").contains("HTTP 422: field description too long");
    }

    @Test
    void aConnectorBugIsRetriedNotLost() {
        world.crm.contactWithHandle("x", "ann", "c-ann");
        long id = world.ingest(person("x", "ann"));
        world.crm.failNextWrites(new IllegalStateException("NPE-ish"));

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.RETRY);
        assertThat(world.outbox.get(id).status()).isEqualTo(Status.PENDING);
        assertThat(world.outbox.get(id).error()).contains("unexpected java.lang.IllegalStateException from writeHistory");
    }

    @Test
    void anInteractionWithoutAuthorFails() {
        Interaction orphan = Interaction.builder("x", "m-orphan").text("?").build();
        long id = world.outbox.add(orphan);

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.FAILED);
        assertThat(world.outbox.get(id).error()).isEqualTo(
                "interaction x:m-orphan has no author (channel and handle): it cannot be linked to a CRM record");
    }

    @Test
    void anUnknownAuthorWaitsAndIsWokenWhenTheLeadIsCreated() {
        SocialIdentity u = person("x", "uma");
        long first = world.ingest(u);
        delivery.deliver(claimOne());
        long second = world.ingest(u);
        delivery.deliver(claimOne());
        assertThat(world.outbox.get(first).status()).isEqualTo(Status.WAITING);
        assertThat(world.outbox.get(second).waitReason()).isEqualTo(
                "unknown author: no lead yet under the policy (after 3 interactions or tag prospect); 2 interactions so far");
        assertThat(world.crm.writeCalls()).isZero();

        long third = world.ingest(u);
        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(world.outbox.get(third).status()).isEqualTo(Status.DONE);
        assertThat(world.outbox.get(first).status()).as("woken").isEqualTo(Status.PENDING);
        assertThat(world.outbox.get(second).status()).as("woken").isEqualTo(Status.PENDING);
    }

    @Test
    void concurrentRowsOfOneUnknownAuthorMakeOneLead() throws Exception {
        SocialIdentity v = person("x", "vic");
        for (int i = 0; i < 8; i++) {
            world.ingest(v, "prospect");
        }
        world.crm.serviceTime(Duration.ofMillis(5));
        List<CrmOutbox.Entry> entries = world.outbox.claimDue(8, clock.instant(), Duration.ofMinutes(2));
        pool = Executors.newFixedThreadPool(8);
        List<Callable<CrmDelivery.Result>> jobs = new ArrayList<>();
        entries.forEach(e -> jobs.add(() -> delivery.deliver(e)));

        List<Future<CrmDelivery.Result>> results = pool.invokeAll(jobs);

        for (Future<CrmDelivery.Result> f : results) {
            assertThat(f.get().kind()).isEqualTo(CrmDelivery.Kind.DONE);
        }
        assertThat(world.crm.leads()).hasSize(1);
        assertThat(world.crm.historyOn(world.crm.leads().get(0))).hasSize(8);
    }

    // ---- tag changes ----

    private static final ContactRef CONTACT_7 = ContactRef.contact("7", ContactRef.Method.MANUAL, 1.0);

    @Test
    void aTagChangeSetsTheListMembershipWithoutResolvingAnyone() {
        long added = world.tagChange(CONTACT_7, "vip", true);

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(r.message()).isEqualTo("+vip on Contacts/7");
        assertThat(world.outbox.get(added).status()).isEqualTo(Status.DONE);
        assertThat(world.outbox.get(added).crmId()).isNull();
        assertThat(world.crm.tagCalls()).containsExactly(new FakeCrmConnector.TagCall(CONTACT_7, "vip", true));
        assertThat(world.crm.tagList("vip")).containsExactly("Contacts/7");
        assertThat(world.crm.findCalls()).isZero();
        assertThat(world.crm.writeCalls()).isZero();

        long removed = world.tagChange(CONTACT_7, "vip", false);
        assertThat(delivery.deliver(claimOne()).kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(world.outbox.get(removed).status()).isEqualTo(Status.DONE);
        assertThat(world.crm.tagList("vip")).isEmpty();
        assertThat(world.crm.calls()).as("no look-ups, one call per change").isEqualTo(2);
    }

    @Test
    void tagRowsDeliveredOutOfOrderLeaveTheCrmWithTheCurrentState() {
        long added = world.tagChange(CONTACT_7, "vip", true);
        long removed = world.tagChange(CONTACT_7, "vip", false);
        // The removal is retried first (jitter, another writer), the addition after it.
        List<CrmOutbox.Entry> claimed = world.outbox.claimDue(10, clock.instant(), java.time.Duration.ofMinutes(2));
        CrmOutbox.Entry add = claimed.stream().filter(e -> e.id() == added).findFirst().orElseThrow();
        CrmOutbox.Entry remove = claimed.stream().filter(e -> e.id() == removed).findFirst().orElseThrow();
        delivery.deliver(remove);
        delivery.deliver(add);
        assertThat(world.crm.tagList("vip")).as("the person no longer has the tag").isEmpty();
    }

    @Test
    void aTagChangeTheCrmCannotTakeNowIsRetriedAfterTheBackoff() {
        long id = world.tagChange(CONTACT_7, "vip", true);
        world.crm.failNextWrites(CrmException.retryable("HTTP 503 from SuiteCRM", null, null));

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.RETRY);
        assertThat(r.crmFailure()).isTrue();
        var row = world.outbox.get(id);
        assertThat(row.status()).isEqualTo(Status.PENDING);
        assertThat(row.error()).isEqualTo("CRM: HTTP 503 from SuiteCRM");
        assertThat(row.nextAt()).isBetween(T0.plusSeconds(5), T0.plusSeconds(15));
        assertThat(world.crm.tagList("vip")).isEmpty();

        clock.advance(Duration.ofSeconds(15));
        assertThat(delivery.deliver(claimOne()).kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(world.crm.tagList("vip")).containsExactly("Contacts/7");
    }

    @Test
    void aTagChangeTheCrmRefusesFailsWithItsMessage() {
        long id = world.tagChange(CONTACT_7, "vip", false);
        world.crm.failNextWrites(CrmException.permanent("HTTP 404: no such record"));

        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.FAILED);
        assertThat(r.crmFailure()).isFalse();
        assertThat(world.outbox.get(id).status()).isEqualTo(Status.FAILED);
        assertThat(world.outbox.get(id).error()).isEqualTo("CRM refused tag change -vip on Contacts/7: HTTP 404: no such record");
    }

    @Test
    void aConnectorBugOnATagChangeIsRetriedNotLost() {
        long id = world.tagChange(CONTACT_7, "vip", true);
        world.crm.failNextWrites(new IllegalStateException("NPE-ish"));

        assertThat(delivery.deliver(claimOne()).kind()).isEqualTo(CrmDelivery.Kind.RETRY);
        assertThat(world.outbox.get(id).error()).contains("unexpected java.lang.IllegalStateException from setTagMembership");
    }

    @Test
    void aTagChangeWithoutARecordFails() {
        long id = world.tagChange(new ContactRef("Contacts", " ", ContactRef.Method.MANUAL, 1), "vip", true);

        assertThat(delivery.deliver(claimOne()).kind()).isEqualTo(CrmDelivery.Kind.FAILED);
        assertThat(world.outbox.get(id).error()).isEqualTo("tag change +vip on Contacts/  has no record (type and id) or no tag");
        assertThat(world.crm.calls()).isZero();
    }

    // ---- rejected candidates ----

    @Test
    void rowsWokenByARejectionFollowTheLeadPolicyInsteadOfAReviewAgain() {
        world.crm.contactWithEmail("w@example.com", "c-1").contactWithEmail("w@example.com", "c-2");
        SocialIdentity w = TestSupport.personWithEmail("mail", "w@example.com", "w@example.com");
        long first = world.ingest(w);
        assertThat(delivery.deliver(claimOne()).message()).isEqualTo("ambiguous: 2 candidates, see parley:links");
        long review = world.links.openReviews(10).get(0).id();

        world.links.resolveReview(review, null, "user:jane");
        assertThat(world.outbox.get(first).status()).as("woken").isEqualTo(Status.PENDING);
        CrmDelivery.Result r = delivery.deliver(claimOne());

        assertThat(r.kind()).isEqualTo(CrmDelivery.Kind.WAITING);
        assertThat(r.message()).isEqualTo(
                "unknown author: no lead yet under the policy (after 3 interactions or tag prospect); 1 interaction so far");
        assertThat(world.links.openReviews(10)).isEmpty();

        long tagged = world.ingest(w, "prospect");
        assertThat(delivery.deliver(claimOne()).kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(world.crm.leads()).hasSize(1);
        assertThat(world.outbox.get(tagged).status()).isEqualTo(Status.DONE);
        assertThat(world.outbox.get(first).status()).as("woken by the new lead").isEqualTo(Status.PENDING);
        assertThat(delivery.deliver(claimOne()).kind()).isEqualTo(CrmDelivery.Kind.DONE);
        assertThat(world.crm.historyOn(world.crm.leads().get(0))).hasSize(2);
        assertThat(world.links.openReviews(10)).isEmpty();
    }
}
