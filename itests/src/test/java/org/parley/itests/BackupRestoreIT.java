package org.parley.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.crm.suitecrm.testing.SuiteCrmTestServer;

/**
 * The README's backup and restore of the embedded store, done as it says (stop, copy the file, start; to restore,
 * stop, put the copy back, start): what arrived after the backup is read again from the channel, and its CRM history,
 * written before the restore, is found by key and neither lost nor written twice.
 */
class BackupRestoreIT {

    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final String AUTHOR = "restored@example.org";

    @TempDir
    Path work;

    private SuiteCrmTestServer crm;
    private String contact;

    @BeforeEach
    void crm() {
        crm = SuiteCrmTestServer.start();
        contact = crm.put("Contacts", Map.of("first_name", "Rita", "last_name", "Restored", "email1", AUTHOR));
    }

    @AfterEach
    void stopCrm() {
        crm.close();
    }

    @Test
    void restoringABackupThenRestartingNeitherLosesNorDuplicatesCrmHistory() throws Exception {
        ParleyDistribution parley = ParleyDistribution.install(work);
        try (parley) {
            // The client secret as a file secret: Karaf's interpolation reads etc/suitecrm-client-secret, only the
            // owner may read it, and etc/org.parley.crm.suitecrm.cfg holds the reference alone.
            Path secret = parley.home.resolve("etc/suitecrm-client-secret");
            Files.writeString(secret, SuiteCrmTestServer.CLIENT_SECRET);
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            parley.configure("org.parley.crm.suitecrm", "url = " + crm.siteUrl() + "\nversion = 7\n"
                    + "grantType = client_credentials\nclientId = " + SuiteCrmTestServer.CLIENT_ID
                    + "\nclientSecret = $[secret:suitecrm-client-secret]\n");
            parley.configure("org.parley.channel.feeds-sample",
                    "url = file:${karaf.home}/sample/reviews.xml\npollInterval = PT10S\nkind = REVIEW\n");
            Path feed = parley.home.resolve("sample/reviews.xml");
            Path database = parley.home.resolve("data/parley/parley.mv.db");
            Path backup = work.resolve("parley.mv.db.backup");
            List<String> items = new ArrayList<>();
            addReviews(items, 0, 100);
            FeedFile.write(feed, items, Instant.parse("2026-11-20T12:00:00Z"));

            parley.start();
            awaitStoredAndWritten(parley, 100);

            // The backup, as the README says: stop, copy, start.
            parley.stop();
            Files.copy(database, backup);
            parley.start();

            // After the backup: 50 more, stored and written into the CRM.
            addReviews(items, 100, 150);
            FeedFile.write(feed, items, Instant.parse("2026-11-21T12:00:00Z"));
            awaitStoredAndWritten(parley, 150);

            // The restore: stop, put the copy back, start. The store forgets the 50, the CRM has their Notes.
            parley.stop();
            Files.copy(backup, database, StandardCopyOption.REPLACE_EXISTING);
            parley.start();

            // The feed's cursor went back with the store: the 50 are read and stored again...
            await("the 50 read again after the restore").atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
                    .until(() -> parley.stored() == 150);
            // ... and their history found by key, not written again; nothing is left pending.
            await("the outbox drained after the restore").atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
                    .until(() -> parley.client("parley:crm"), status -> status.matches("(?s).*Outbox pending\\D+0\\b.*"));
            assertExactlyOneNotePerReview(150);
            assertThat(crm.requests(SuiteCrmTestServer.CREATE, "Notes")).isEqualTo(150);
            assertThat(parley.logs()).isNotEmpty().doesNotContain(SuiteCrmTestServer.CLIENT_SECRET);
        } catch (Throwable failure) {
            throw parley.explained(failure);
        }
    }

    private void awaitStoredAndWritten(ParleyDistribution parley, int expected) {
        await(expected + " stored").atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
                .until(() -> parley.stored() == expected);
        await(expected + " written").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> crm.notes().size() >= expected);
        assertExactlyOneNotePerReview(expected);
    }

    private void assertExactlyOneNotePerReview(int expected) {
        Map<String, Long> perKey = crm.notes().stream()
                .collect(Collectors.groupingBy(n -> n.get("parley_key_c"), Collectors.counting()));
        assertThat(perKey).hasSize(expected);
        assertThat(perKey.values()).containsOnly(1L);
        assertThat(crm.notes()).allSatisfy(n -> assertThat(n.get("contact_id")).isEqualTo(contact));
    }

    private static void addReviews(List<String> items, int from, int to) {
        for (int i = from; i < to; i++) {
            items.add(FeedFile.item("r-" + i, AUTHOR, "Rita Restored", "Review number " + i,
                    "Fri, 20 Nov 2026 10:00:00 GMT"));
        }
    }
}
