package org.parley.channel.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.RoutesBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.Reply;

/**
 * What every Parley channel must do, checked against the channel's test server. A channel's test extends this class,
 * starts its test server on 127.0.0.1 in {@link #startServer()}, and answers the hooks below; the contract runs the
 * channel's real routes in a {@link ParleyHarness} (real pipeline, real store) and checks:
 * <ul>
 *   <li>the cursor survives a restart: nothing is read twice, nothing is skipped;</li>
 *   <li>an item the channel hands out again is stored once;</li>
 *   <li>a rate limit slows the channel down and loses nothing;</li>
 *   <li>hostile content is stored as the text it is (inert), with its raw payload kept;</li>
 *   <li>a reply is posted exactly once, also when Parley restarts afterwards.</li>
 * </ul>
 * Items are numbered by the test: item {@code n} is the n-th thing said to the brand on the test server.
 */
public abstract class ChannelContract {

    /** A text no channel should execute, interpret or lose. */
    public static final String HOSTILE = "<script>alert('x')</script> <img src=x onerror=alert(1)> \u202eevil\u202c '; DROP TABLE interactions; --";

    @TempDir
    protected Path work;

    protected ParleyHarness parley;

    /** Starts the channel's test server (on 127.0.0.1, a port chosen at run time). */
    protected abstract void startServer() throws Exception;

    protected abstract void stopServer() throws Exception;

    /** The channel's name, as in {@code parley:ingest?channel=NAME}. */
    protected abstract String channel();

    /**
     * The channel's routes for one account, configured against the test server, polling quickly (well under a second).
     * Called again on each restart: build new instances.
     */
    protected abstract List<RoutesBuilder> routes() throws Exception;

    /** The test server now has items {@code from} to {@code to - 1}, each with its own text. */
    protected abstract void publish(int from, int to);

    /** The test server now has item {@code n}, saying {@code text}. */
    protected abstract void publish(int n, String text);

    /** The test server hands item {@code n} (published before) out again, as channels do after their own failures. */
    protected abstract void redeliver(int n);

    /** The test server answers the next {@code times} requests of the channel with its rate-limit error. */
    protected abstract void rateLimitNext(int times);

    /** The channel's external id of item {@code n}. */
    protected abstract String externalId(int n);

    /** How many replies the test server has taken in answer to item {@code n}. */
    protected abstract int repliesPostedTo(int n);

    @BeforeEach
    void startContract() throws Exception {
        startServer();
        parley = ParleyHarness.start(work, () -> {
            try {
                return routes();
            } catch (Exception e) {
                throw new IllegalStateException("the channel's routes could not be built: " + e, e);
            }
        });
    }

    @AfterEach
    void stopContract() throws Exception {
        if (parley != null) {
            parley.close();
        }
        stopServer();
    }

    protected InteractionKey key(int n) {
        return new InteractionKey(channel(), externalId(n));
    }

    protected Set<String> storedIds() {
        return parley.stored(channel()).stream().map(Interaction::externalId).collect(Collectors.toSet());
    }

    protected Set<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(this::externalId).collect(Collectors.toSet());
    }

    protected void awaitStored(int from, int to) {
        Set<String> expected = ids(from, to);
        await().atMost(ParleyHarness.PATIENCE).until(() -> storedIds().containsAll(expected));
    }

    @Test
    void theCursorSurvivesARestartWithNoReReadAndNoSkip() throws Exception {
        publish(0, 5);
        awaitStored(0, 5);

        parley.restart();
        publish(5, 8);
        awaitStored(0, 8);
        // Let the channel poll on after the restart: a re-read would reach the store now.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> parley.offeredTwice().isEmpty());
        assertThat(storedIds()).containsExactlyInAnyOrderElementsOf(ids(0, 8));
    }

    @Test
    void anItemHandedOutAgainIsStoredOnce() {
        publish(0, 3);
        awaitStored(0, 3);

        redeliver(1);
        publish(3, 4);
        awaitStored(0, 4);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> parley.stored(channel()).size() == 4);
        assertThat(storedIds()).containsExactlyInAnyOrderElementsOf(ids(0, 4));
    }

    @Test
    void aRateLimitSlowsTheChannelAndLosesNothing() {
        rateLimitNext(2);
        publish(0, 4);
        awaitStored(0, 4);
        assertThat(parley.deadLetters(channel())).isEmpty();
    }

    @Test
    void hostileContentIsStoredAsInertText() {
        publish(0, HOSTILE);
        awaitStored(0, 1);
        Interaction stored = parley.find(key(0)).orElseThrow();
        assertThat(stored.text()).contains("<script>alert('x')</script>").contains("DROP TABLE");
        assertThat(stored.raw()).isNotBlank();
        assertThat(parley.deadLetters(channel())).isEmpty();
    }

    @Test
    void aReplyIsPostedExactlyOnce() throws Exception {
        publish(0, 1);
        awaitStored(0, 1);

        Reply requested = parley.replies().request(key(0), "Thank you, we are on it", "alice");
        await().atMost(ParleyHarness.PATIENCE).until(() -> parley.reply(requested.id()).status() == Reply.Status.SENT);
        Reply sent = parley.reply(requested.id());
        assertThat(sent.externalId()).isNotBlank();
        assertThat(repliesPostedTo(0)).isEqualTo(1);

        parley.restart();
        publish(1, 2);
        awaitStored(0, 2);
        assertThat(parley.reply(requested.id()).status()).isEqualTo(Reply.Status.SENT);
        assertThat(repliesPostedTo(0)).isEqualTo(1);
    }
}
