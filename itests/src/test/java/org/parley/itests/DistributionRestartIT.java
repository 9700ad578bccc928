package org.parley.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parley distribution as an admin runs it: started, stopped and started again as a process. Entries added to
 * the feed while Karaf is down arrive after the restart, and nothing read before is stored twice. The restarted
 * distribution is then walked through its shell and JMX access control with each kind of user.
 */
class DistributionRestartIT {

    @TempDir
    Path work;

    @Test
    void aRestartedDistributionNeitherReReadsNorSkips() throws Exception {
        ParleyDistribution parley = ParleyDistribution.install(work);
        try (parley) {
            parley.configure("org.parley.channel.feeds-sample",
                    "url = file:${karaf.home}/sample/reviews.xml\npollInterval = PT10S\nkind = REVIEW\n");
            Path feed = parley.home.resolve("sample/reviews.xml");
            List<String> items = new ArrayList<>(List.of(
                    FeedFile.item("d-1", "d-1@example.org", "Ana", "Great service, thank you!", "Fri, 20 Nov 2026 10:00:00 GMT"),
                    FeedFile.item("d-2", "d-2@example.org", "Wei", "服务很好，下次还来", "Fri, 20 Nov 2026 11:00:00 GMT"),
                    FeedFile.item("d-3", "d-3@example.org", "Sari", "Pelayanan ramah dan cepat", "Fri, 20 Nov 2026 12:00:00 GMT")));
            FeedFile.write(feed, items, Instant.parse("2026-11-20T12:00:00Z"));

            // A channel account with a wrong value, for parley:check to report.
            parley.configure("org.parley.channel.mastodon-broken", "baseUrl = ftp://social.example\naccessToken = t\n");

            parley.start();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> parley.stored() == 3);
            String check;
            try {
                check = parley.client("pviewer", "parley:check");
            } catch (IOException failedAsItShould) {
                check = failedAsItShould.getMessage();
            }
            assertThat(check).contains("1 configuration problem:")
                    .contains("org.parley.channel.mastodon-broken: baseUrl")
                    .doesNotContain("\tat org.parley");
            parley.stop();

            items.add(FeedFile.item("d-4", "d-4@example.org", "Joost", "Prima geholpen, één klacht opgelost", "Sat, 21 Nov 2026 09:00:00 GMT"));
            items.add(FeedFile.item("d-5", "d-5@example.org", "Lucía", "Atención rápida y amable", "Sat, 21 Nov 2026 10:00:00 GMT"));
            FeedFile.write(feed, items, Instant.parse("2026-11-21T10:00:00Z"));

            parley.start();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> parley.stored() == 5);
            assertThat(parley.client("parley:status")).contains("feeds").contains("sample");
            String listed = parley.client("parley:interactions -n 100");
            for (String id : List.of("d-1", "d-2", "d-3", "d-4", "d-5")) {
                assertThat(listed).contains("feeds:" + id);
            }

            // The command ACL the feature ships: a parley-viewer reads but cannot change; a parley-admin can.
            assertThat(parley.client("pviewer", "parley:status")).contains("Stored interactions (all channels): 5");
            try {
                parley.client("pviewer", "parley:tags add Contacts/c-acl by-viewer");
            } catch (IOException refused) {
                // bin/client exits non-zero when Karaf refuses the command; what counts is that nothing changed.
            }
            parley.client("padmin", "parley:tags add Contacts/c-acl by-admin");
            String tags = parley.client("pviewer", "parley:tags list Contacts/c-acl");
            assertThat(tags).contains("by-admin").doesNotContain("by-viewer");

            // Every command, as every kind of user.
            new ShellAccessWalk(parley).walk();

            // The same users over JMX, in the same running distribution: Karaf's realm and the shipped jmx.acl.
            new JmxWalk(parley).walk(5);
        } catch (Throwable failure) {
            throw parley.explained(failure);
        }
    }
}
