package org.parley.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.crm.suitecrm.testing.SuiteCrmTestServer;

/**
 * Parley's promise, end to end through the distribution: every stored interaction becomes exactly one Note in the
 * right person's SuiteCRM history, whether the CRM was down while they arrived or Karaf was killed while writing.
 */
class CrmOutboxIT {

    private static final int AUTHORS = 20;
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @TempDir
    Path work;

    private SuiteCrmTestServer crm;
    private final Map<String, String> contactByEmail = new HashMap<>();

    @BeforeEach
    void crm() {
        crm = SuiteCrmTestServer.start();
        for (int a = 0; a < AUTHORS; a++) {
            String email = "author" + a + "@example.org";
            contactByEmail.put(email, crm.put("Contacts", Map.of("first_name", "Author", "last_name", "N" + a, "email1", email)));
        }
    }

    @AfterEach
    void stopCrm() {
        crm.close();
    }

    @Test
    void everyInteractionBecomesExactlyOneNoteThroughAnOutageAndAKill() throws Exception {
        ParleyDistribution parley = ParleyDistribution.install(work);
        try (parley) {
            parley.configure("org.parley.crm.suitecrm", "url = " + crm.siteUrl() + "\nversion = 7\n"
                    + "grantType = client_credentials\nclientId = " + SuiteCrmTestServer.CLIENT_ID
                    + "\nclientSecret = " + SuiteCrmTestServer.CLIENT_SECRET + "\n");
            // Short waits, so the test does not sit out production backoffs (10 s doubling) and breaker pauses (30 s).
            // The lease is how long a killed worker's rows stay claimed before they come back (production: 2 min).
            parley.configure("org.parley.crm.outbox", "lease = PT15S\nbackoffInitial = PT1S\nbackoffMax = PT5S\n"
                    + "breakerWaitInOpenState = PT2S\n");
            parley.configure("org.parley.channel.feeds-sample",
                    "url = file:${karaf.home}/sample/reviews.xml\npollInterval = PT10S\nkind = REVIEW\n");
            Path feed = parley.home.resolve("sample/reviews.xml");
            List<String> items = new ArrayList<>();
            addReviews(items, 0, 1000);

            // 1. The CRM is down while 1,000 interactions arrive; they wait in the outbox.
            crm.down(SuiteCrmTestServer.Outage.CONNECTION_REFUSED);
            FeedFile.write(feed, items, Instant.parse("2026-11-20T12:00:00Z"));
            parley.start();
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).until(() -> parley.stored() == 1000);
            assertThat(crm.notes()).isEmpty();
            assertThat(parley.client("parley:crm")).contains("Outbox pending");

            // ... and all of them reach it once it is back.
            crm.up();
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> crm.notes().size() >= 1000);
            assertExactlyOneNotePerInteraction(1000);

            // 2. A slow CRM; Karaf is killed in the middle of writing the next 1,000, and started again.
            crm.serviceTime(Duration.ofMillis(20));
            addReviews(items, 1000, 2000);
            FeedFile.write(feed, items, Instant.parse("2026-11-21T12:00:00Z"));
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> crm.notes().size() >= 1200);
            parley.kill();
            int writtenBeforeKill = crm.notes().size();
            assertThat(writtenBeforeKill).isLessThan(2000);

            crm.serviceTime(Duration.ZERO);
            parley.start();
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> crm.notes().size() >= 2000);
            // Let the worker run on: a late duplicate would show up now.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> crm.notes().size() == 2000);
            assertExactlyOneNotePerInteraction(2000);

            // 3. Author 0 asks to be erased: their 100 interactions leave Parley, their 100 Notes leave SuiteCRM,
            // and the feed offering their old reviews again does not bring them back.
            String erased = contactByEmail.get("author0@example.org");
            String answer = parley.client("parley:erase --reference GDPR-7 Contacts/" + erased);
            assertThat(answer).contains("Contacts/" + erased).contains("Audit records keep counts only");
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> crm.notes().stream().noneMatch(n -> erased.equals(n.get("contact_id"))));
            assertThat(crm.notes()).hasSize(1900);
            assertThat(parley.stored()).isEqualTo(1900);
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> parley.client("parley:erase --list"), list -> list.contains("COMPLETE"));
            String audit = parley.client("parley:erase --list");
            assertThat(audit).contains("GDPR-7").doesNotContain(erased).doesNotContain("author0");
            FeedFile.write(feed, items, Instant.parse("2026-11-22T12:00:00Z"));
            await().during(Duration.ofSeconds(25)).atMost(Duration.ofSeconds(40))
                    .until(() -> parley.stored() == 1900 && crm.notes().size() == 1900);
            // Token refreshes, outages and a kill later, the CRM's client secret never reached the log.
            assertThat(parley.logs()).isNotEmpty().doesNotContain(SuiteCrmTestServer.CLIENT_SECRET);
        } catch (Throwable failure) {
            throw parley.explained(failure);
        }
    }

    private void assertExactlyOneNotePerInteraction(int expected) {
        List<Map<String, String>> notes = crm.notes();
        Map<String, Long> perKey = notes.stream().collect(Collectors.groupingBy(n -> n.get("parley_key_c"), Collectors.counting()));
        assertThat(perKey).hasSize(expected);
        assertThat(perKey.values()).containsOnly(1L);
        // Each note sits in its author's History: review r-N was written by author N % AUTHORS.
        Map<String, String> contactOfKey = notes.stream().collect(Collectors.toMap(n -> n.get("parley_key_c"), n -> n.get("contact_id")));
        for (int i = 0; i < expected; i++) {
            String author = "author" + (i % AUTHORS) + "@example.org";
            assertThat(contactOfKey.get("feeds:r-" + i)).as("note of r-" + i).isEqualTo(contactByEmail.get(author));
        }
    }

    private static void addReviews(List<String> items, int from, int to) {
        Function<Integer, String> text = i -> switch (i % 5) {
            case 0 -> "Great service, order " + i;
            case 1 -> "Prima geholpen, bestelling " + i;
            case 2 -> "Atención rápida, pedido " + i;
            case 3 -> "Pelayanan ramah, pesanan " + i;
            default -> "服务很好，订单 " + i;
        };
        for (int i = from; i < to; i++) {
            items.add(FeedFile.item("r-" + i, "author" + (i % AUTHORS) + "@example.org", "Author " + (i % AUTHORS),
                    text.apply(i), "Fri, 20 Nov 2026 10:00:00 GMT"));
        }
    }
}
