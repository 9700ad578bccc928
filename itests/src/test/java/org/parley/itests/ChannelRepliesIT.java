package org.parley.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.channel.mastodon.internal.MastodonServer;

/**
 * A reply as an admin makes one in the Parley distribution: a Mastodon mention arrives, a reply is written with
 * parley:reply on an account that requires approval, its author cannot approve it, a second admin does, and it is
 * posted once, with an idempotency key, also after Karaf is killed and started again.
 */
class ChannelRepliesIT {

    private static final String TOKEN = "itest-mastodon-token";
    private static final Pattern REPLY_ID = Pattern.compile("Reply (\\d+) waits for a second person");
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    Path work;

    @Test
    void aReplyIsApprovedByASecondPersonAndPostedExactlyOnce() throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ParleyDistribution parley = ParleyDistribution.install(work);
        try (MastodonServer mastodon = new MastodonServer(TOKEN); parley) {
            mastodon.mention(1, "Where is my order? Waar blijft mijn bestelling?");
            String status = MastodonServer.statusId(1);
            // The token as an admin should give it: a reference to the environment, not clear text in etc/.
            parley.environment.put("PARLEY_MASTODON_BRAND_TOKEN", TOKEN);
            parley.configure("org.parley.channel.mastodon-brand", "baseUrl = " + mastodon.baseUrl()
                    + "\naccessToken = $[env:PARLEY_MASTODON_BRAND_TOKEN]"
                    + "\npollInterval = PT5S\nbackfillWindow = P1D\nrequireApproval = true\n");

            parley.start();
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).until(() -> parley.stored() >= 1);

            String asked = parley.client("parley:reply mastodon:" + status + " Thank you, we are looking into it");
            Matcher id = REPLY_ID.matcher(asked);
            assertThat(id.find()).as(asked).isTrue();
            String reply = id.group(1);
            assertThatThrownBy(() -> parley.client("parley:replies approve " + reply))
                    .hasMessageContaining("a second person must approve it");
            assertThat(mastodon.postsInReplyTo(status)).isZero();

            assertThat(parley.client("itest2", "parley:replies approve " + reply)).contains("approved");
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> parley.client("parley:replies show " + reply).contains("SENT"));
            assertThat(mastodon.postsInReplyTo(status)).isEqualTo(1);
            assertThat(mastodon.requests).filteredOn(r -> r.method().equals("POST"))
                    .singleElement().satisfies(r -> assertThat(r.idempotencyKey()).isNotBlank());

            parley.kill();
            parley.start();
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).until(() -> parley.stored() >= 1);
            assertThat(parley.client("parley:replies show " + reply)).contains("SENT").contains("Approved:   karaf:itest2");
            assertThat(mastodon.postsInReplyTo(status)).isEqualTo(1);
            // The whole scenario, restarts and a kill included, never logged the channel's access token.
            assertThat(parley.logs()).isNotEmpty().doesNotContain(TOKEN);
        } catch (Throwable failure) {
            throw parley.explained(failure);
        }
    }
}
