package org.parley.channel.mail.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.RoutesBuilder;
import org.parley.channel.testkit.ChannelContract;

/**
 * The channel contract against a real IMAP and SMTP server (GreenMail on 127.0.0.1). Item n is a message from
 * customer n with Message-ID {@code item-n@customers.example.net}, delivered into the brand's INBOX.
 */
class MailContractTest extends ChannelContract {

    private MailServers servers;
    /** What was published, so that a redelivery hands out the very same message. */
    private final Map<Integer, byte[]> published = new ConcurrentHashMap<>();

    @Override
    protected void startServer() throws Exception {
        servers = new MailServers();
    }

    @Override
    protected void stopServer() {
        servers.close();
    }

    @Override
    protected String channel() {
        return MailMapper.CHANNEL;
    }

    @Override
    protected List<RoutesBuilder> routes() {
        return List.of(new MailRoutes(servers.settings("acme", Map.of()), Clock.systemUTC()));
    }

    @Override
    protected void publish(int from, int to) {
        for (int n = from; n < to; n++) {
            publish(n, "Where is my order " + n + "?");
        }
    }

    @Override
    protected void publish(int n, String text) {
        byte[] raw = Mails.item(n, text);
        published.put(n, raw);
        servers.deliver(raw);
    }

    /** The same message (same Message-ID) arrives again, under a new UID, as after a sender's retry. */
    @Override
    protected void redeliver(int n) {
        servers.deliver(published.get(n));
    }

    /**
     * IMAP has no 429: a throttling server greets with {@code * BYE [UNAVAILABLE]} (RFC 5530) and closes. The proxy in
     * front of GreenMail answers the next connections so; each is one poll that fails and backs off, and the cursor
     * stays where it was, so the messages are read once the server lets us in again.
     */
    @Override
    protected void rateLimitNext(int times) {
        servers.imapProxy.refuseNext(times);
    }

    @Override
    protected String externalId(int n) {
        return Mails.itemId(n);
    }

    @Override
    protected int repliesPostedTo(int n) {
        try {
            return servers.repliesTo(Mails.itemId(n)).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
