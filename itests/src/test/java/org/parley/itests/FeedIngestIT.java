package org.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.parley.api.ChannelState;
import org.parley.api.ChannelStateStore;
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterReplayer;
import org.parley.api.DeadLetterStore;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionQuery;
import org.parley.api.InteractionStore;

/**
 * A stock Karaf installs the parley feature; a feed configured at run time is read from an HTTP server on
 * 127.0.0.1: its good entries are stored, its malformed one is dead-lettered, polling again reads nothing twice,
 * and entries added while Parley was stopped arrive after it starts again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeedIngestIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Inject
    private InteractionStore interactions;
    @Inject
    private DeadLetterStore deadLetters;
    @Inject
    private ChannelStateStore channelStates;
    @Inject
    private DeadLetterReplayer replayer;
    @Inject
    private ConfigurationAdmin configurationAdmin;
    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() {
        return KarafOptions.stockKarafWithParley();
    }

    @Test
    public void feedIsIngestedDeadLetteredDedupedAndSurvivesARestart() throws Exception {
        try (TestFeedServer feed = new TestFeedServer()) {
            feed.addReview("r-1", "ana@example.org (Ana)", "Great service, thank you!", "Fri, 20 Nov 2026 10:00:00 GMT");
            feed.addMalformed("No id, no link, no date");
            feed.addReview("r-2", "wei@example.org (伟)", "服务很好，下次还来", "Fri, 20 Nov 2026 11:00:00 GMT");

            org.osgi.service.cm.Configuration config = configurationAdmin.getFactoryConfiguration("org.parley.channel.feeds", "itest", "?");
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("url", feed.url());
            props.put("pollInterval", "PT10S");
            props.put("kind", "REVIEW");
            props.put("account", "itest");
            config.update(props);

            await().atMost(PATIENCE).until(() -> stored().size() == 2 && pendingDeadLetters().size() == 1);
            assertEquals(Set.of("r-1", "r-2"), storedIds());
            assertTrue(interactions.find(new InteractionKey("feeds", "r-2")).orElseThrow().text().contains("服务很好"));
            DeadLetter malformed = pendingDeadLetters().get(0);
            assertTrue(malformed.reason(), malformed.reason().contains("id"));
            // Replayed through the channel's own mapping route: still malformed, so refused again and kept.
            DeadLetterReplayer.Outcome replay = replayer.replay(malformed.id());
            assertFalse(replay.message(), replay.succeeded());
            assertEquals(2, deadLetters.find(malformed.id()).orElseThrow().attempts());

            // The next poll is conditional and changes nothing.
            await().atMost(PATIENCE).until(() -> feed.notModified() >= 1);
            assertEquals(2, stored().size());
            assertEquals(1, feed.fullReads());
            assertFalse(state().cursor().isBlank());

            // Parley's Camel runtime and the channel go down; entries arrive meanwhile; Parley comes back.
            List<Bundle> parley = Arrays.stream(bundleContext.getBundles())
                    .filter(b -> b.getSymbolicName().equals("parley-channel-feeds") || b.getSymbolicName().equals("parley-camel-runtime"))
                    .toList();
            assertEquals(2, parley.size());
            for (Bundle bundle : parley) {
                bundle.stop();
            }
            feed.addReview("r-3", "joost@example.org (Joost)", "Prima geholpen, één klacht opgelost", "Sat, 21 Nov 2026 09:00:00 GMT");
            feed.addReview("r-4", "lucia@example.org (Lucía)", "Atención rápida y amable", "Sat, 21 Nov 2026 10:00:00 GMT");
            int readsBeforeRestart = feed.fullReads();
            for (Bundle bundle : parley) {
                bundle.start();
            }

            await().atMost(PATIENCE).until(() -> stored().size() == 4);
            assertEquals(Set.of("r-1", "r-2", "r-3", "r-4"), storedIds());
            // The restarted channel resumed from its stored cursor: one full read of the changed feed, not two.
            assertEquals(readsBeforeRestart + 1, feed.fullReads());
            // The malformed entry was in every full read, yet it is one dead letter, still pending.
            assertEquals(1, pendingDeadLetters().size());
            assertEquals(4, interactions.count());
        }
    }

    private List<Interaction> stored() {
        return interactions.find(new InteractionQuery("feeds", null, null, 100));
    }

    private Set<String> storedIds() {
        return stored().stream().map(Interaction::externalId).collect(Collectors.toSet());
    }

    private List<DeadLetter> pendingDeadLetters() {
        return deadLetters.list("feeds", false, 100);
    }

    private ChannelState state() {
        return channelStates.state("feeds", "itest").orElseThrow();
    }
}
