package org.parley.channel.telegram.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.apache.camel.RoutesBuilder;
import org.parley.channel.testkit.ChannelContract;

/**
 * Parley's channel contract against the Bot API test server. Item {@code n} is message {@code 100 + n} in Anna's
 * private chat with the bot; the test server hands an item out again the way Telegram does, as an
 * {@code edited_message} update of the same message.
 */
class TelegramContractTest extends ChannelContract {

    private BotApiServer server;

    @Override
    protected void startServer() throws Exception {
        server = new BotApiServer();
    }

    @Override
    protected void stopServer() {
        server.close();
    }

    @Override
    protected String channel() {
        return "telegram";
    }

    @Override
    protected List<RoutesBuilder> routes() {
        return List.of(new TelegramRoutes(TestSettings.forServer(server, "pollTimeout", "1"), Clock.systemUTC()));
    }

    @Override
    protected void publish(int from, int to) {
        for (int n = from; n < to; n++) {
            publish(n, "Item " + n + ": my order has not arrived yet");
        }
    }

    @Override
    protected void publish(int n, String text) {
        server.enqueue(item(n, text).node());
    }

    @Override
    protected void redeliver(int n) {
        server.enqueue("edited_message", item(n, "Item " + n + ", edited").with("edit_date", Instant.now().getEpochSecond()).node());
    }

    private static Messages item(int n, String text) {
        return Messages.inPrivate(Messages.anna(), 100 + n, Instant.now()).text(text);
    }

    @Override
    protected void rateLimitNext(int times) {
        server.rateLimitNext(times, 1);
    }

    @Override
    protected String externalId(int n) {
        return Messages.ANNA_ID + ":" + (100 + n);
    }

    @Override
    protected int repliesPostedTo(int n) {
        return (int) server.sent.stream()
                .filter(s -> s.chatId() == Messages.ANNA_ID && s.replyParameters().path("message_id").asLong() == 100 + n)
                .count();
    }
}
