package org.parley.channel.mastodon.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.camel.RoutesBuilder;
import org.parley.channel.testkit.ChannelContract;

/** Parley's channel contract, run against {@link MastodonServer}; pages of 3, so most checks page. */
class MastodonContractTest extends ChannelContract {

    private MastodonServer server;

    @Override
    protected void startServer() throws Exception {
        server = new MastodonServer(TestSettings.TOKEN);
    }

    @Override
    protected void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected String channel() {
        return MastodonMapper.CHANNEL;
    }

    @Override
    protected List<RoutesBuilder> routes() {
        return List.of(new MastodonRoutes(TestSettings.of(server.baseUrl(), 3, Duration.ofDays(7)), Clock.systemUTC()));
    }

    @Override
    protected void publish(int from, int to) {
        for (int n = from; n < to; n++) {
            server.mention(n, "Message " + n + " to the brand");
        }
    }

    @Override
    protected void publish(int n, String text) {
        server.mention(n, text);
    }

    @Override
    protected void redeliver(int n) {
        // Mastodon hands a status out again as a new notification about it (a new id, the same status).
        server.mention(n, "Message " + n + " to the brand");
    }

    @Override
    protected void rateLimitNext(int times) {
        server.rateLimitNext(times, Duration.ofMillis(300));
    }

    @Override
    protected String externalId(int n) {
        return MastodonServer.statusId(n);
    }

    @Override
    protected int repliesPostedTo(int n) {
        return server.postsInReplyTo(MastodonServer.statusId(n));
    }
}
