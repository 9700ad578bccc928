package org.parley.crm.suitecrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.crm.suitecrm.testing.SuiteCrmTestServer.CLIENT_ID;
import static org.parley.crm.suitecrm.testing.SuiteCrmTestServer.CLIENT_SECRET;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.ContactRef;
import org.parley.api.ContactRef.Method;
import org.parley.api.CrmException;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.SocialIdentity;
import org.parley.crm.suitecrm.testing.SuiteCrmTestServer;
import org.parley.crm.suitecrm.testing.SuiteCrmTestServer.Outage;

class SuiteCrmConnectorTest {

    private SuiteCrmTestServer crm;
    private SuiteCrmConnector connector;

    @BeforeEach
    void start() {
        crm = SuiteCrmTestServer.start();
        connector = connector();
    }

    @AfterEach
    void stop() {
        crm.close();
    }

    private SuiteCrmConnector connector(String... extra) {
        List<String> kv = new ArrayList<>(List.of("url", crm.siteUrl().toString(), "clientId", CLIENT_ID,
                "clientSecret", CLIENT_SECRET, "requestTimeout", "PT5S", "connectTimeout", "PT2S"));
        kv.addAll(List.of(extra));
        return new SuiteCrmConnector(SuiteCrmSettings.validate(SuiteCrmConfig.PID, Configs.config(kv.toArray(String[]::new))),
                Clock.systemUTC());
    }

    private static SocialIdentity identity(String channel, String handle, String email, String phone) {
        return new SocialIdentity(channel, handle, "Alice Example", null, email, phone);
    }

    private static Interaction interaction(String externalId) {
        return Interaction.builder("mastodon", externalId).kind(InteractionKind.MENTION).account("brand")
                .author(SocialIdentity.of("mastodon", "@alice@example.social", "Alice"))
                .text("<p>Love the <b>new</b> bouquet &amp; the card!</p>").url("https://example.social/@alice/" + externalId)
                .occurredAt(Instant.parse("2026-11-23T10:15:30Z")).build();
    }

    // ---- OAuth2 -------------------------------------------------------------------------------------------------

    @Test
    void fetchesTheTokenOnceAndReusesIt() {
        crm.put("Contacts", Map.of("last_name", "A", "email1", "a@example.com"));

        for (int i = 0; i < 3; i++) {
            assertThat(connector.findCandidates(identity("feeds", "a", "a@example.com", null))).hasSize(1);
        }

        assertThat(crm.requests(SuiteCrmTestServer.TOKEN)).isEqualTo(1);
        assertThat(crm.requests(SuiteCrmTestServer.LIST)).isEqualTo(6);
        assertThat(connector.tokensFetched()).isEqualTo(1);
    }

    @Test
    void expiredTokenIsFetchedAgainOnceAndTheCallSucceeds() {
        String id = crm.put("Contacts", Map.of("last_name", "A"));
        assertThat(connector.current(ContactRef.contact(id, Method.MANUAL, 1))).isPresent();

        crm.expireTokens();

        assertThat(connector.current(ContactRef.contact(id, Method.MANUAL, 1))).isPresent();
        assertThat(crm.requests(SuiteCrmTestServer.TOKEN)).isEqualTo(2);
        assertThat(crm.requests(SuiteCrmTestServer.REFUSED)).isEqualTo(1);
        assertThat(crm.requests(SuiteCrmTestServer.GET)).isEqualTo(2);
    }

    @Test
    void tokenShortlyBeforeItsExpiryIsReplacedBeforeTheCall() {
        crm.tokenLifetime(Duration.ofSeconds(5));   // refreshed half a second before SuiteCRM's expiry
        String id = crm.put("Contacts", Map.of("last_name", "A"));
        connector.current(ContactRef.contact(id, Method.MANUAL, 1));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            connector.current(ContactRef.contact(id, Method.MANUAL, 1));
            assertThat(crm.requests(SuiteCrmTestServer.TOKEN)).isEqualTo(2);
        });
        assertThat(crm.requests(SuiteCrmTestServer.REFUSED)).isZero();
    }

    @Test
    void wrongSecretIsPermanentAndNeverShowsTheSecret() {
        String wrong = "Wrong-Secret-77";
        SuiteCrmConnector bad = connector("clientSecret", wrong);

        assertThatThrownBy(() -> bad.findCandidates(identity("feeds", "a", "a@example.com", null)))
                .isInstanceOfSatisfying(CrmException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("refused the credentials of OAuth2 client 'parley-client' (invalid_client)")
                .hasMessageNotContaining(wrong)
                .hasMessageNotContaining(CLIENT_SECRET);
        assertThat(bad.toString()).doesNotContain(wrong);
    }

    @Test
    void passwordGrantWorksAndWrongPasswordIsPermanent() {
        SuiteCrmConnector pw = connector("grantType", "password", "clientId", SuiteCrmTestServer.PASSWORD_CLIENT_ID,
                "username", SuiteCrmTestServer.USERNAME, "password", SuiteCrmTestServer.PASSWORD);
        assertThat(pw.findCandidates(identity("feeds", "x", "nobody@example.com", null))).isEmpty();

        SuiteCrmConnector wrong = connector("grantType", "password", "clientId", SuiteCrmTestServer.PASSWORD_CLIENT_ID,
                "username", SuiteCrmTestServer.USERNAME, "password", "Not-The-Password");
        assertThatThrownBy(() -> wrong.findCandidates(identity("feeds", "x", "nobody@example.com", null)))
                .isInstanceOfSatisfying(CrmException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("refused the credentials of user 'parley' (invalid_grant)")
                .hasMessageNotContaining("Not-The-Password");
    }

    @Test
    void suiteCrm8ApiLivesUnderLegacy() {
        try (SuiteCrmTestServer crm8 = SuiteCrmTestServer.start("/legacy/Api", 0)) {
            String id = crm8.put("Contacts", Map.of("last_name", "A", "email1", "a@example.com"));
            SuiteCrmConnector c = new SuiteCrmConnector(SuiteCrmSettings.validate(SuiteCrmConfig.PID, Configs.config(
                    "url", crm8.siteUrl().toString(), "version", "8", "clientId", CLIENT_ID, "clientSecret", CLIENT_SECRET)),
                    Clock.systemUTC());
            assertThat(c.findCandidates(identity("feeds", "a", "A@Example.com", null)))
                    .containsExactly(ContactRef.contact(id, Method.EMAIL, 1.0));
        }
    }

    // ---- candidates ---------------------------------------------------------------------------------------------

    @Test
    void findsByEmailWithoutRegardToCaseInContactsAndLeads() {
        String contact = crm.put("Contacts", Map.of("last_name", "Alice", "email1", "Alice@Example.com"));
        String lead = crm.put("Leads", Map.of("last_name", "Alice", "email1", "alice@example.com", "status", "New"));
        crm.put("Contacts", Map.of("last_name", "Bob", "email1", "bob@example.com"));

        assertThat(connector.findCandidates(identity("feeds", "alice", "ALICE@example.COM", null)))
                .containsExactly(ContactRef.contact(contact, Method.EMAIL, 1.0), ContactRef.lead(lead, Method.EMAIL, 1.0));
        assertThat(crm.requests(SuiteCrmTestServer.LIST, "Contacts")).isEqualTo(1);
        assertThat(crm.requests(SuiteCrmTestServer.LIST, "Leads")).isEqualTo(1);
    }

    @Test
    void staleEmailMatchIsRecheckedAndDropped() {
        String stale = crm.put("Contacts", Map.of("last_name", "Moved", "email1", "new@example.com"));
        crm.addStaleEmail("Contacts", stale, "old@example.com");

        assertThat(connector.findCandidates(identity("feeds", "x", "old@example.com", null))).isEmpty();
    }

    @Test
    void twoContactsWithTheSameEmailAreTwoCandidates() {
        String one = crm.put("Contacts", Map.of("last_name", "One", "email1", "shared@example.com"));
        String two = crm.put("Contacts", Map.of("last_name", "Two", "email1", "shared@example.com"));

        assertThat(connector.findCandidates(identity("feeds", "x", "shared@example.com", null)))
                .containsExactlyInAnyOrder(ContactRef.contact(one, Method.EMAIL, 1.0), ContactRef.contact(two, Method.EMAIL, 1.0));
    }

    @Test
    void findsByHandleFieldAndByPhoneAndKeepsTheStrongestMethod() {
        String byHandle = crm.put("Contacts", Map.of("last_name", "H", "mastodon_handle_c", "@alice@example.social"));
        String byPhone = crm.put("Leads", Map.of("last_name", "P", "phone_work", "+31 20 555 0100", "status", "New"));
        String both = crm.put("Contacts", Map.of("last_name", "B", "email1", "alice@example.com",
                "mastodon_handle_c", "@alice@example.social", "phone_mobile", "+31 20 555 0100"));
        crm.put("Leads", Map.of("last_name", "Converted", "phone_mobile", "+31 20 555 0100", "status", "Converted",
                "contact_id", both));

        List<ContactRef> found = connector.findCandidates(
                identity("mastodon", "@alice@example.social", "alice@example.com", "+31 20 555 0100"));

        assertThat(found).containsExactly(ContactRef.contact(both, Method.EMAIL, 1.0),
                ContactRef.contact(byHandle, Method.HANDLE, 0.9), ContactRef.lead(byPhone, Method.PHONE, 0.8));
    }

    @Test
    void channelWithoutHandleFieldSearchesNoHandle() {
        crm.put("Contacts", Map.of("last_name", "H", "mastodon_handle_c", "alice"));
        assertThat(connector.findCandidates(SocialIdentity.of("feeds", "alice", "Alice"))).isEmpty();
        assertThat(crm.requests(SuiteCrmTestServer.LIST)).isZero();
    }

    @Test
    void alwaysReadsOnePageEvenWhenManyMatch() {
        for (int i = 0; i < 25; i++) {
            crm.put("Contacts", Map.of("last_name", "N" + i, "bluesky_handle_c", "common.bsky.social"));
        }
        assertThat(connector.findCandidates(SocialIdentity.of("bluesky", "common.bsky.social", null)))
                .hasSize(SuiteCrmConnector.PAGE_SIZE);
    }

    @Test
    void unknownHandleFieldIsAPermanentConfigurationErrorNamingTheField() {
        SuiteCrmConnector c = connector("handleFields", "mastodon=mastodon_nick_c");

        assertThatThrownBy(() -> c.findCandidates(SocialIdentity.of("mastodon", "@a@b.c", null)))
                .isInstanceOfSatisfying(CrmException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("SuiteCRM has no field mastodon_nick_c to search Contact records by")
                .hasMessageContaining("Filter field mastodon_nick_c in Contact module is not found")
                .hasMessageContaining("org.parley.crm.suitecrm");
    }

    // ---- leads and current --------------------------------------------------------------------------------------

    @Test
    void createsALead() {
        ContactRef lead = connector.createLead(new SocialIdentity("telegram", "alice_t", "Alice T", null,
                "alice@example.com", "+31 6 1234 5678"), "policy: tagged prospect");

        assertThat(lead.type()).isEqualTo("Leads");
        assertThat(lead.method()).isEqualTo(Method.LEAD_CREATED);
        assertThat(lead.confidence()).isEqualTo(1.0);
        Map<String, String> r = crm.record("Leads", lead.id()).orElseThrow();
        assertThat(r).containsEntry("last_name", "Alice T").containsEntry("email1", "alice@example.com")
                .containsEntry("phone_mobile", "+31 6 1234 5678").containsEntry("telegram_handle_c", "alice_t")
                .containsEntry("lead_source", "Other").containsEntry("lead_source_description", "policy: tagged prospect")
                .containsEntry("status", "New");
        assertThat(crm.requests(SuiteCrmTestServer.CREATE, "Leads")).isEqualTo(1);
    }

    @Test
    void leadWithoutDisplayNameIsNamedByItsHandle() {
        ContactRef lead = connector.createLead(SocialIdentity.of("bluesky", "bob.bsky.social", " "), "n interactions");
        assertThat(crm.record("Leads", lead.id()).orElseThrow()).containsEntry("last_name", "bob.bsky.social")
                .containsEntry("bluesky_handle_c", "bob.bsky.social").doesNotContainKeys("email1", "phone_mobile");
    }

    @Test
    void currentFollowsAConvertedLeadAndIsEmptyForADeletedRecord() {
        String contact = crm.put("Contacts", Map.of("last_name", "Alice"));
        String lead = crm.put("Leads", Map.of("last_name", "Alice", "status", "Converted", "contact_id", contact));
        String open = crm.put("Leads", Map.of("last_name", "Open", "status", "New"));

        assertThat(connector.current(ContactRef.lead(lead, Method.EMAIL, 1.0)))
                .contains(ContactRef.contact(contact, Method.EMAIL, 1.0));
        assertThat(connector.current(ContactRef.lead(open, Method.HANDLE, 0.9)))
                .contains(ContactRef.lead(open, Method.HANDLE, 0.9));

        crm.delete("Contacts", contact);
        assertThat(connector.current(ContactRef.contact(contact, Method.MANUAL, 1.0))).isEmpty();
        assertThat(connector.current(ContactRef.lead(lead, Method.EMAIL, 1.0))).isEmpty();
    }

    // ---- history ------------------------------------------------------------------------------------------------

    @Test
    void writesHistoryOnceLinkedToTheContact() {
        String contact = crm.put("Contacts", Map.of("last_name", "Alice"));
        ContactRef ref = ContactRef.contact(contact, Method.EMAIL, 1.0);

        String first = connector.writeHistory(ref, interaction("109"));
        String second = connector.writeHistory(ref, interaction("109"));

        assertThat(second).isEqualTo(first);
        assertThat(crm.notes()).hasSize(1);
        Map<String, String> note = crm.notes().get(0);
        assertThat(note).containsEntry("id", first).containsEntry("parley_key_c", "mastodon:109")
                .containsEntry("contact_id", contact).containsEntry("parent_type", "Contacts")
                .containsEntry("parent_id", contact)
                .containsEntry("name", "Mention on mastodon by @alice@example.social")
                .containsEntry("description", "Love the new bouquet & the card!\n\nOriginal: https://example.social/@alice/109");
        assertThat(crm.related("Contacts", contact, "notes")).containsExactly(first);
        assertThat(crm.related("Contacts", contact, "notes_parent")).containsExactly(first);
        assertThat(crm.requests(SuiteCrmTestServer.CREATE, "Notes")).isEqualTo(1);
        assertThat(crm.requests(SuiteCrmTestServer.LIST, "Notes")).isEqualTo(2);
    }

    @Test
    void removesTheRecordedNoteAndAnyNoteCarryingTheKeyAndIsIdempotent() {
        String contact = crm.put("Contacts", Map.of("last_name", "Alice"));
        ContactRef ref = ContactRef.contact(contact, Method.EMAIL, 1.0);
        String recorded = connector.writeHistory(ref, interaction("109"));
        // A second note of the same key: a write whose answer was lost, made again by another node.
        String lost = crm.put("Notes", Map.of("name", "Mention", "parley_key_c", "mastodon:109", "contact_id", contact));
        String other = connector.writeHistory(ref, interaction("110"));

        assertThat(connector.removeHistory(new InteractionKey("mastodon", "109"), recorded)).isEqualTo(2);

        assertThat(crm.notes()).extracting(n -> n.get("id")).containsExactly(other);
        assertThat(crm.record("Notes", lost)).isEmpty();
        assertThat(crm.requests(SuiteCrmTestServer.DELETE, "Notes")).isEqualTo(2);
        // Again, and with a recorded id SuiteCRM no longer has: nothing to remove, no error.
        assertThat(connector.removeHistory(new InteractionKey("mastodon", "109"), recorded)).isZero();
        // The answer of the write never came back: found by its key alone.
        assertThat(connector.removeHistory(new InteractionKey("mastodon", "110"), null)).isEqualTo(1);
        assertThat(crm.notes()).isEmpty();
    }

    @Test
    void writesHistoryOfALeadUnderItsParent() {
        String lead = crm.put("Leads", Map.of("last_name", "L", "status", "New"));
        String note = connector.writeHistory(ContactRef.lead(lead, Method.LEAD_CREATED, 1.0), interaction("7"));
        assertThat(crm.record("Notes", note).orElseThrow()).containsEntry("parent_type", "Leads")
                .containsEntry("parent_id", lead).doesNotContainKey("contact_id");
        assertThat(crm.related("Leads", lead, "notes")).containsExactly(note);
    }

    @Test
    void longTitlesAreCut() {
        String contact = crm.put("Contacts", Map.of("last_name", "A"));
        Interaction i = Interaction.builder("mastodon", "1").kind(InteractionKind.DIRECT_MESSAGE)
                .author(SocialIdentity.of("mastodon", "@a-very-long-handle-name-that-goes-on@some.long.instance.example", null))
                .text("hi").build();
        String note = connector.writeHistory(ContactRef.contact(contact, Method.MANUAL, 1), i);
        assertThat(crm.record("Notes", note).orElseThrow().get("name")).hasSizeLessThanOrEqualTo(60)
                .startsWith("Direct message on mastodon by @a-very");
    }

    // ---- tags and scores ----------------------------------------------------------------------------------------

    @Test
    void tagMembershipCreatesTheListAddsAndRemoves() {
        String contact = crm.put("Contacts", Map.of("last_name", "A"));
        String lead = crm.put("Leads", Map.of("last_name", "L"));
        ContactRef c = ContactRef.contact(contact, Method.EMAIL, 1);

        connector.setTagMembership(c, "prospect", true);
        connector.setTagMembership(ContactRef.lead(lead, Method.EMAIL, 1), "prospect", true);

        assertThat(crm.records("ProspectLists")).hasSize(1);
        Map<String, String> list = crm.records("ProspectLists").get(0);
        assertThat(list).containsEntry("name", "Social: prospect").containsEntry("list_type", "default");
        assertThat(crm.related("ProspectLists", list.get("id"), "contacts")).containsExactly(contact);
        assertThat(crm.related("ProspectLists", list.get("id"), "leads")).containsExactly(lead);

        connector.setTagMembership(c, "prospect", false);
        assertThat(crm.related("ProspectLists", list.get("id"), "contacts")).isEmpty();
        assertThat(crm.requests(SuiteCrmTestServer.RELATIONSHIP_DELETE)).isEqualTo(1);

        connector.setTagMembership(c, "never-used", false);
        assertThat(crm.records("ProspectLists")).hasSize(1);
        assertThat(crm.requests(SuiteCrmTestServer.CREATE, "ProspectLists")).isEqualTo(1);
    }

    @Test
    void scoresArePatched() {
        String contact = crm.put("Contacts", Map.of("last_name", "A"));
        connector.setScores(ContactRef.contact(contact, Method.EMAIL, 1), 0.75, -0.2);

        assertThat(crm.record("Contacts", contact).orElseThrow()).containsEntry("parley_engagement_c", "0.75")
                .containsEntry("parley_sentiment_c", "-0.2");
        assertThat(crm.requests(SuiteCrmTestServer.UPDATE, "Contacts")).isEqualTo(1);
    }

    @Test
    void anOwnerIsAssignedByTheUsersLoginNameAndAnUnknownOrInactiveUserIsRefusedForGood() {
        String active = crm.put("Users", Map.of("user_name", "sales.lead", "status", "Active"));
        crm.put("Users", Map.of("user_name", "gone", "status", "Inactive"));
        String contact = crm.put("Contacts", Map.of("last_name", "A"));
        ContactRef ref = ContactRef.contact(contact, Method.EMAIL, 1);

        connector.assignOwner(ref, "sales.lead");
        assertThat(crm.record("Contacts", contact).orElseThrow()).containsEntry("assigned_user_id", active);

        for (String user : List.of("nobody", "gone")) {
            assertThatThrownBy(() -> connector.assignOwner(ref, user))
                    .isInstanceOfSatisfying(CrmException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessage("SuiteCRM has no active user '" + user + "' to own Contacts " + contact);
        }
        assertThat(crm.record("Contacts", contact).orElseThrow()).containsEntry("assigned_user_id", active);
    }

    // ---- failures -----------------------------------------------------------------------------------------------

    @Test
    void tooManyRequestsIsRetryableWithRetryAfter() {
        crm.tooManyRequests(1, Duration.ofSeconds(42));

        assertThatThrownBy(() -> connector.findCandidates(identity("feeds", "x", "a@example.com", null)))
                .isInstanceOfSatisfying(CrmException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
                });
        assertThat(connector.findCandidates(identity("feeds", "x", "a@example.com", null))).isEmpty();
    }

    @Test
    void serverDownIsRetryableAndRecovers() {
        String contact = crm.put("Contacts", Map.of("last_name", "A"));
        ContactRef ref = ContactRef.contact(contact, Method.EMAIL, 1);
        connector.current(ref);

        crm.down(Outage.CONNECTION_REFUSED);
        assertThatThrownBy(() -> connector.current(ref))
                .isInstanceOfSatisfying(CrmException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("unreachable");

        crm.down(Outage.UNAVAILABLE_503);
        assertThatThrownBy(() -> connector.current(ref))
                .isInstanceOfSatisfying(CrmException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("503");

        crm.up();
        assertThat(connector.current(ref)).contains(ref);
    }

    @Test
    void slowAnswerBeyondTheRequestTimeoutIsRetryable() {
        SuiteCrmConnector impatient = connector("requestTimeout", "PT0.2S");
        crm.serviceTime(Duration.ofMillis(600));
        assertThatThrownBy(() -> impatient.findCandidates(identity("feeds", "x", "a@example.com", null)))
                .isInstanceOfSatisfying(CrmException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("no answer within");
    }

    @Test
    void badRequestIsPermanentWithTheCrmsDetail() {
        crm.removeField("Notes", "parley_key_c");
        String contact = crm.put("Contacts", Map.of("last_name", "A"));
        assertThatThrownBy(() -> connector.writeHistory(ContactRef.contact(contact, Method.EMAIL, 1), interaction("1")))
                .isInstanceOfSatisfying(CrmException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("Filter field parley_key_c in Note module is not found");

        crm.removeField("Contacts", "parley_sentiment_c");
        assertThatThrownBy(() -> connector.setScores(ContactRef.contact(contact, Method.EMAIL, 1), 1, 1))
                .isInstanceOfSatisfying(CrmException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("400 \"Property parley_sentiment_c in Contact module is invalid\"");

        assertThatThrownBy(() -> connector.setScores(ContactRef.contact("no-such-id", Method.EMAIL, 1), 1, 1))
                .isInstanceOfSatisfying(CrmException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("Contacts module with id no-such-id is not found");
    }

    @Test
    void refusesForeignRecordTypesAndIdsThatAreNotIds() {
        assertThatThrownBy(() -> connector.current(new ContactRef("Accounts", "x", Method.MANUAL, 1)))
                .isInstanceOfSatisfying(CrmException.class, e -> assertThat(e.retryable()).isFalse());
        assertThatThrownBy(() -> connector.current(ContactRef.contact("../../access_token", Method.MANUAL, 1)))
                .isInstanceOfSatisfying(CrmException.class, e -> assertThat(e.retryable()).isFalse());
        assertThat(crm.requestCounts()).isEmpty();
    }

    @Test
    void recordTypeMayBeSingular() {
        String contact = crm.put("Contacts", Map.of("last_name", "A"));
        Optional<ContactRef> now = connector.current(new ContactRef("Contact", contact, Method.MANUAL, 1));
        assertThat(now).contains(ContactRef.contact(contact, Method.MANUAL, 1));
    }
}
