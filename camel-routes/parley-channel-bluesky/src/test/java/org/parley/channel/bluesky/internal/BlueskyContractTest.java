package org.parley.channel.bluesky.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.camel.RoutesBuilder;
import org.parley.channel.testkit.ChannelContract;

/**
 * The channel contract against the Bluesky test server. Pages of 3, so that every check also pages; each item is a
 * mention, reply or quote with a like, repost or follow listed next to it, which the channel must pass over.
 */
class BlueskyContractTest extends ChannelContract {

    private static final List<String> REASONS = List.of("mention", "reply", "quote");
    private static final List<String> NOISE = List.of("like", "repost", "follow");

    private BlueskyServer server;

    @Override
    protected void startServer() throws Exception {
        server = new BlueskyServer();
    }

    @Override
    protected void stopServer() {
        server.close();
    }

    @Override
    protected String channel() {
        return "bluesky";
    }

    @Override
    protected List<RoutesBuilder> routes() {
        return List.of(new BlueskyRoutes(Settings.forServer(server.url(), 3, Duration.ofDays(7)), Clock.systemUTC()));
    }

    @Override
    protected void publish(int from, int to) {
        for (int n = from; n < to; n++) {
            publish(n, "Item " + n + ": where is my order?");
        }
    }

    @Override
    protected void publish(int n, String text) {
        server.publish(server.notification(1000 + n, NOISE.get(n % NOISE.size()), null));
        server.publish(server.notification(n, REASONS.get(n % REASONS.size()), text));
    }

    @Override
    protected void redeliver(int n) {
        server.relist(BlueskyServer.uriOf(n));
    }

    @Override
    protected void rateLimitNext(int times) {
        server.rateLimitNext(times);
    }

    @Override
    protected String externalId(int n) {
        return BlueskyServer.uriOf(n);
    }

    @Override
    protected int repliesPostedTo(int n) {
        return server.repliesTo(BlueskyServer.uriOf(n));
    }
}
