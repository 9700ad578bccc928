package org.parley.channel.feeds.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.DeadLetter;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.InvalidInteractionException;
import org.parley.api.StoreResult;

/**
 * The feed routes end to end: a real HTTP server on 127.0.0.1, a CamelContext, and the test double of the
 * {@code parley:} component. Polls are triggered by hand (the timer replaced by a direct endpoint), except in the
 * test of the timer itself.
 */
class FeedRoutesTest {

    private static final String LAST_MODIFIED = "Wed, 04 Jun 2025 10:00:00 GMT";
    private static final String TRIGGER = "direct:trigger-acme";

    private final ParleyDouble parley = new ParleyDouble();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-04T12:00:00Z"));
    private final List<DefaultCamelContext> contexts = new ArrayList<>();
    private FeedServer server;
    private DefaultCamelContext camel;

    @BeforeEach
    void start() throws Exception {
        server = new FeedServer();
    }

    @AfterEach
    void stop() {
        contexts.forEach(DefaultCamelContext::stop);
        server.close();
    }

    @Test
    void aFirstPollIngestsTheWholeFeedWithItsCursor() throws Exception {
        server.publish(Feeds.feed("reviews-rss.xml"), "\"v1\"", LAST_MODIFIED);
        camel = startWithManualPolls(settings("/shops/gouden-boon/reviews.rss?lang=all&page=1"));

        poll();

        assertThat(server.requests).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/shops/gouden-boon/reviews.rss");
            assertThat(r.query()).isEqualTo("lang=all&page=1");
            assertThat(r.ifNoneMatch()).isNull();
            assertThat(r.ifModifiedSince()).isNull();
        });
        assertThat(parley.batches).singleElement().satisfies(batch -> {
            assertThat(batch.channel()).isEqualTo("feeds");
            assertThat(batch.account()).isEqualTo("acme");
            assertThat(batch.interactions()).extracting(Interaction::language).containsExactly("en-GB", "nl", "es", "id", "zh-CN");
            assertThat(batch.deadLetters()).isEmpty();
            assertThat(batch.cursor()).isEqualTo("etag=\"v1\"\nlast-modified=" + LAST_MODIFIED);
        });
        assertThat(parley.cursors).containsEntry("feeds/acme", "etag=\"v1\"\nlast-modified=" + LAST_MODIFIED);
        assertThat(parley.failures()).isEmpty();
    }

    @Test
    void theNextPollIsConditionalAndANotModifiedFeedIngestsNothing() throws Exception {
        server.publish(Feeds.feed("reviews-rss.xml"), "\"v1\"", LAST_MODIFIED);
        camel = startWithManualPolls(settings("/reviews.rss"));

        poll();
        poll();

        assertThat(server.requests).hasSize(2);
        assertThat(server.requests.get(1).ifNoneMatch()).isEqualTo("\"v1\"");
        assertThat(server.requests.get(1).ifModifiedSince()).isEqualTo(LAST_MODIFIED);
        assertThat(parley.batches).hasSize(1);
        assertThat(parley.successfulPolls()).isEqualTo(2); // the ingest, then the 304 through parley:poll
        assertThat(parley.failures()).isEmpty();
    }

    @Test
    void onlyTheValidatorTheServerGaveIsSentBack() throws Exception {
        server.publish(Feeds.feed("reviews-rss.xml"), null, LAST_MODIFIED);
        camel = startWithManualPolls(settings("/reviews.rss"));

        poll();
        poll();

        assertThat(server.requests.get(1).ifNoneMatch()).isNull();
        assertThat(server.requests.get(1).ifModifiedSince()).isEqualTo(LAST_MODIFIED);
        assertThat(parley.batches).hasSize(1);
    }

    @Test
    void aNewEntryIsIngestedAndTheOthersAreDuplicates() throws Exception {
        String feed = Feeds.feed("reviews-rss.xml");
        server.publish(feed, "\"v1\"", LAST_MODIFIED);
        camel = startWithManualPolls(settings("/reviews.rss"));
        poll();

        server.publish(feed.replaceFirst("<item>", """
                <item>
                  <title>Lovely terrace</title>
                  <link>https://reviews.example.com/r/1006</link>
                  <guid isPermaLink="false">review-1006</guid>
                  <author>tom.baker@example.com (Tom Baker)</author>
                  <pubDate>Wed, 04 Jun 2025 09:00:00 GMT</pubDate>
                  <description>Sat outside in the sun, lovely terrace and quick service.</description>
                  <rev:rating>5</rev:rating>
                </item>
                <item>"""), "\"v2\"", "Wed, 04 Jun 2025 11:00:00 GMT");
        Exchange second = camel.createProducerTemplate().request(TRIGGER, e -> { });

        assertThat(server.requests.get(1).ifNoneMatch()).isEqualTo("\"v1\"");
        assertThat(parley.batches).hasSize(2);
        StoreResult result = second.getMessage().getHeader("ParleyStoreResult", StoreResult.class);
        assertThat(result.stored()).containsExactly(new InteractionKey("feeds", "review-1006"));
        assertThat(result.duplicates()).hasSize(5);
        assertThat(parley.stored).hasSize(6);
        assertThat(parley.cursors.get("feeds/acme")).startsWith("etag=\"v2\"");
    }

    @Test
    void aRestartedRouteDoesNotReReadAnUnchangedFeed() throws Exception {
        server.publish(Feeds.feed("posts-atom.xml"), "\"atom-1\"", LAST_MODIFIED);
        camel = startWithManualPolls(settings("/posts.atom"));
        poll();
        camel.stop();

        camel = startWithManualPolls(settings("/posts.atom")); // a new context; Parley's store (the double) remains
        poll();

        assertThat(server.requests).hasSize(2);
        assertThat(server.requests.get(1).ifNoneMatch()).isEqualTo("\"atom-1\"");
        assertThat(parley.batches).hasSize(1);
        assertThat(parley.successfulPolls()).isEqualTo(2);
    }

    @Test
    void aMalformedEntryIsADeadLetterWhoseReplayYieldsExactlyThatEntry() throws Exception {
        server.publish(Feeds.feed("malformed-entry.xml"), "\"m1\"", LAST_MODIFIED);
        camel = startWithManualPolls(settings("/zeezicht.rss"));
        poll();

        IngestBatch batch = parley.batches.get(0);
        assertThat(batch.interactions()).extracting(Interaction::externalId).containsExactly("zeezicht-1", "zeezicht-3");
        DeadLetter.New deadLetter = batch.deadLetters().get(0);
        assertThat(deadLetter.reason()).startsWith("entry 2 'zeezicht-2': pubDate 'gisteren om 10 uur' is not a date");
        assertThat(deadLetter.replayUri()).isEqualTo("direct:parley-feeds-acme");
        String cursorBefore = parley.cursors.get("feeds/acme");

        // A replay of the payload as it is fails again: reported to the replayer, not turned into a new dead letter.
        assertThatThrownBy(() -> camel.createProducerTemplate().sendBody(deadLetter.replayUri(), deadLetter.payload()))
                .isInstanceOf(CamelExecutionException.class)
                .hasCauseInstanceOf(InvalidInteractionException.class)
                .cause().hasMessageContaining("gisteren om 10 uur");
        assertThat(parley.batches).hasSize(1);

        // Once fixed, the replay ingests exactly that entry and leaves the cursor alone.
        String fixed = deadLetter.payload().replace("gisteren om 10 uur", "Sun, 01 Jun 2025 22:10:00 GMT");
        camel.createProducerTemplate().sendBody(deadLetter.replayUri(), fixed);

        assertThat(parley.batches).hasSize(2);
        IngestBatch replayed = parley.batches.get(1);
        assertThat(replayed.interactions()).extracting(Interaction::externalId).containsExactly("zeezicht-2");
        assertThat(replayed.deadLetters()).isEmpty();
        assertThat(replayed.cursor()).isNull();
        assertThat(parley.cursors.get("feeds/acme")).isEqualTo(cursorBefore);
        assertThat(parley.stored).containsOnlyKeys(new InteractionKey("feeds", "zeezicht-1"),
                new InteractionKey("feeds", "zeezicht-2"), new InteractionKey("feeds", "zeezicht-3"));
    }

    @Test
    void anXxeFeedFailsThePollAndReadsNothingFromTheFileSystem(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-4711");
        server.publish(Feeds.feed("xxe.xml").replace("${file}", secret.toUri().toString()), "\"x\"", null);
        camel = startWithManualPolls(settings("/evil.rss"));

        poll();

        assertThat(parley.batches).isEmpty();
        assertThat(parley.cursors).isEmpty();
        assertThat(parley.failures()).singleElement().satisfies(e -> assertThat(e)
                .isInstanceOf(InvalidInteractionException.class)
                .hasMessageContaining("it declares a DOCTYPE")
                .hasMessageNotContaining("TOP-SECRET"));
    }

    @Test
    void aBillionLaughsFeedIsRefusedWithAClearError() throws Exception {
        server.publish(Feeds.feed("billion-laughs.xml"), "\"lol\"", null);
        camel = startWithManualPolls(settings("/lol.rss"));

        poll();

        assertThat(parley.batches).isEmpty();
        assertThat(parley.failures()).singleElement().extracting(Throwable::getMessage).asString()
                .startsWith("feed document refused: it declares a DOCTYPE");
    }

    @Test
    void aServerErrorFailsThePollAndTheNextPollRecovers() throws Exception {
        server.publish(Feeds.feed("reviews-rss.xml"), "\"v1\"", LAST_MODIFIED);
        server.answerNext(500, Map.of());
        camel = startWithManualPolls(settings("/reviews.rss?key=s3cr3t"));

        poll();
        assertThat(parley.failures()).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("GET " + server.url("/reviews.rss") + " answered HTTP 500");
        assertThat(parley.batches).isEmpty();

        poll();
        assertThat(parley.batches).hasSize(1);
        assertThat(parley.polls.get(1).ok()).isTrue();
    }

    @Test
    void aDocumentOverMaxBytesFailsThePoll() throws Exception {
        server.publish(Feeds.feed("reviews-rss.xml"), "\"v1\"", LAST_MODIFIED);
        FeedSettings s = settings("/reviews.rss");
        camel = startWithManualPolls(new FeedSettings(s.name(), s.url(), s.pollInterval(), s.kind(), null, "acme",
                s.connectTimeout(), s.readTimeout(), 2048));

        poll();

        assertThat(parley.batches).isEmpty();
        assertThat(parley.failures()).singleElement().extracting(Throwable::getMessage).asString()
                .contains("feed document is too large").contains("over maxBytes 2048");
    }

    @Test
    void retryAfterOn429SkipsPollsUntilThenWithoutLosingAnything() throws Exception {
        server.publish(Feeds.feed("reviews-rss.xml"), "\"v1\"", LAST_MODIFIED);
        server.answerNext(429, Map.of("Retry-After", "120"));
        camel = startWithManualPolls(settings("/reviews.rss"));

        poll();
        assertThat(parley.failures()).singleElement().extracting(Throwable::getMessage).asString()
                .contains("answered HTTP 429 with Retry-After").contains("2025-06-04T12:02:00Z");

        clock.advance(Duration.ofSeconds(119));
        poll();
        assertThat(server.requests).hasSize(1); // skipped: nothing sent, nothing recorded
        assertThat(parley.polls).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        poll();
        assertThat(server.requests).hasSize(2);
        assertThat(parley.batches).singleElement().extracting(b -> b.interactions().size()).isEqualTo(5);
    }

    @Test
    void retryAfterOn503AsAnHttpDateIsHonouredToo() throws Exception {
        server.publish(Feeds.feed("reviews-rss.xml"), "\"v1\"", LAST_MODIFIED);
        server.answerNext(503, Map.of("Retry-After", "Wed, 04 Jun 2025 12:10:00 GMT"));
        camel = startWithManualPolls(settings("/reviews.rss"));

        poll();
        clock.advance(Duration.ofMinutes(9));
        poll();
        assertThat(server.requests).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        poll();
        assertThat(server.requests).hasSize(2);
        assertThat(parley.batches).hasSize(1);
    }

    @Test
    void theTimerPollsOnItsOwn() throws Exception {
        server.publish(Feeds.feed("posts-atom.xml"), "\"atom-1\"", LAST_MODIFIED);
        FeedSettings s = settings("/posts.atom");
        FeedRoutes routes = new FeedRoutes(new FeedSettings(s.name(), s.url(), Duration.ofMillis(200), InteractionKind.POST,
                null, "acme", s.connectTimeout(), s.readTimeout(), s.maxBytes()), Clock.systemUTC());
        DefaultCamelContext context = newContext();
        context.addRoutes(routes);
        context.start();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(parley.batches).hasSize(1);
            assertThat(server.requests.size()).isGreaterThanOrEqualTo(3);
            assertThat(parley.successfulPolls()).isGreaterThanOrEqualTo(3);
        });
        assertThat(parley.batches.get(0).interactions()).allSatisfy(i -> assertThat(i.kind()).isEqualTo(InteractionKind.POST));
        assertThat(context.getRoute("parley-feeds-acme-poll")).isNotNull();
        assertThat(context.getRoute("parley-feeds-acme-map")).isNotNull();
    }

    private void poll() {
        camel.createProducerTemplate().sendBody(TRIGGER, null);
    }

    private FeedSettings settings(String pathAndQuery) {
        return new FeedSettings("org.parley.channel.feeds-acme", server.url(pathAndQuery), Duration.ofMinutes(5),
                InteractionKind.REVIEW, null, "acme", Duration.ofSeconds(5), Duration.ofSeconds(10), 1024 * 1024);
    }

    private DefaultCamelContext startWithManualPolls(FeedSettings settings) throws Exception {
        FeedRoutes routes = new FeedRoutes(settings, clock);
        DefaultCamelContext context = newContext();
        context.addRoutes(routes);
        AdviceWith.adviceWith(context, routes.pollRouteId(), a -> a.replaceFromWith(TRIGGER));
        context.start();
        return context;
    }

    private DefaultCamelContext newContext() {
        DefaultCamelContext context = new DefaultCamelContext();
        context.addComponent("parley", parley.component());
        contexts.add(context);
        return context;
    }

    /** A clock the test moves forward, so waiting for a Retry-After takes no time. */
    private static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
