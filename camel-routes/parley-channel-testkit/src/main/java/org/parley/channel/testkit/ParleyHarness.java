package org.parley.channel.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.parley.api.ChannelState;
import org.parley.api.ChannelStateStore;
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterStore;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionQuery;
import org.parley.api.InteractionStore;
import org.parley.api.Replies;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;
import org.parley.api.StoreResult;
import org.parley.camel.internal.IngestRoutes;
import org.parley.camel.internal.OutboundRegistry;
import org.parley.camel.internal.ParleyComponent;
import org.parley.camel.internal.ReplyDesk;
import org.parley.store.internal.JdbcChannelStateStore;
import org.parley.store.internal.JdbcCrmOutbox;
import org.parley.store.internal.JdbcDeadLetterStore;
import org.parley.store.internal.JdbcInteractionStore;
import org.parley.store.internal.JdbcReplyStore;
import org.parley.store.internal.ParleyDatabase;

/**
 * Parley as a channel meets it in Karaf, outside Karaf: the real {@code parley:} component, ingest pipeline and reply
 * desk, over the real store in an H2 database on disk. {@link #restart()} stops everything but the database and starts
 * it again with fresh route instances, as a Karaf restart does, so cursors and the replies queue are proven to survive.
 *
 * <p>It also remembers every key offered to the store, so a test can tell a re-read (a key offered twice) from the
 * store's dedupe hiding it.
 */
public final class ParleyHarness implements AutoCloseable {

    private final Supplier<List<RoutesBuilder>> routes;
    private final ParleyDatabase database;
    private final OfferCountingStore interactions;
    private final ChannelStateStore channels;
    private final DeadLetterStore deadLetters;
    private final ReplyStore replyStore;
    private final Map<String, Object> replyConfig;
    private CamelContext camel;
    private ReplyDesk replies;

    private ParleyHarness(Path directory, Supplier<List<RoutesBuilder>> routes, Map<String, Object> replyConfig) {
        this.routes = routes;
        this.replyConfig = replyConfig;
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + directory.resolve("parley").toAbsolutePath());
        dataSource.setUser("sa");
        dataSource.setPassword("");
        this.database = new ParleyDatabase(dataSource);
        this.interactions = new OfferCountingStore(new JdbcInteractionStore(database));
        this.channels = new JdbcChannelStateStore(database);
        this.deadLetters = new JdbcDeadLetterStore(database);
        this.replyStore = new JdbcReplyStore(database);
    }

    /**
     * Starts Parley with a channel's routes. {@code routes} is called again on each restart, so it must build new
     * route instances (as DS does when it activates the channel's component again).
     *
     * @param directory where the database lives, usually a JUnit {@code @TempDir}
     */
    public static ParleyHarness start(Path directory, Supplier<List<RoutesBuilder>> routes) throws Exception {
        // Replies are looked for often and retried soon, so that tests do not sit out production waits.
        return start(directory, routes, Map.of("pollInterval", "PT0.1S", "backoffInitial", "PT0.2S", "backoffMax", "PT1S",
                "lease", "PT2S"));
    }

    /** As {@link #start(Path, Supplier)}, with settings of the reply desk ({@code org.parley.replies}). */
    public static ParleyHarness start(Path directory, Supplier<List<RoutesBuilder>> routes, Map<String, Object> replyConfig)
            throws Exception {
        ParleyHarness harness = new ParleyHarness(directory, routes, replyConfig);
        harness.startCamel();
        return harness;
    }

    private void startCamel() throws Exception {
        OutboundRegistry outbound = new OutboundRegistry();
        camel = new DefaultCamelContext();
        camel.addComponent("parley", new ParleyComponent(channels, deadLetters, new JdbcCrmOutbox(database), outbound));
        // Channels are tested without rules or sentiment: every interaction is stored unassessed.
        camel.addRoutes(new IngestRoutes(interactions, batch -> Map.of(), Configs.of(IngestRoutes.Config.class,
                Map.of("redeliveryDelayMillis", 50L, "maximumRedeliveryDelayMillis", 200L,
                        // No in-memory filter before the store: every re-read reaches it and is counted.
                        "recentKeys", 0))));
        for (RoutesBuilder builder : routes.get()) {
            camel.addRoutes(builder);
        }
        camel.start();
        replies = new ReplyDesk(replyStore, interactions, outbound, Configs.of(ReplyDesk.Config.class, replyConfig));
    }

    private void stopCamel() throws Exception {
        if (replies != null) {
            replies.stop();
            replies = null;
        }
        if (camel != null) {
            camel.stop();
            camel = null;
        }
    }

    /** Stops the routes, the pipeline and the reply desk (the database stays), and starts them again. */
    public void restart() throws Exception {
        stopCamel();
        startCamel();
    }

    public CamelContext camel() {
        return camel;
    }

    public InteractionStore interactions() {
        return interactions;
    }

    public ChannelStateStore channels() {
        return channels;
    }

    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    public ReplyStore replyStore() {
        return replyStore;
    }

    /** The replies service as the Social tab and the shell use it. */
    public Replies replies() {
        return replies;
    }

    /** The stored interactions of a channel, newest first (at most 1,000: tests store fewer). */
    public List<Interaction> stored(String channel) {
        return interactions.find(new InteractionQuery(channel, null, null, 1000));
    }

    public Optional<Interaction> find(InteractionKey key) {
        return interactions.find(key);
    }

    public Optional<ChannelState> state(String channel, String account) {
        return channels.state(channel, account);
    }

    public List<DeadLetter> deadLetters(String channel) {
        return deadLetters.list(channel, true, 1000);
    }

    public Reply reply(long id) {
        return replyStore.find(id).orElseThrow();
    }

    /** Keys offered to the store more than once since the harness started: each one is a re-read. */
    public Set<InteractionKey> offeredTwice() {
        return interactions.offeredTwice();
    }

    @Override
    public void close() throws Exception {
        stopCamel();
    }

    /** The real store, counting how often each key is offered to it. */
    private static final class OfferCountingStore implements InteractionStore {

        private final InteractionStore delegate;
        private final Map<InteractionKey, Integer> offers = new ConcurrentHashMap<>();

        OfferCountingStore(InteractionStore delegate) {
            this.delegate = delegate;
        }

        Set<InteractionKey> offeredTwice() {
            List<InteractionKey> twice = new ArrayList<>();
            offers.forEach((key, n) -> {
                if (n > 1) {
                    twice.add(key);
                }
            });
            return Set.copyOf(twice);
        }

        @Override
        public StoreResult store(IngestBatch batch) {
            StoreResult result = delegate.store(batch);
            for (Interaction i : batch.interactions()) {
                offers.merge(i.key(), 1, Integer::sum);
            }
            return result;
        }

        @Override
        public Set<InteractionKey> existing(Collection<InteractionKey> keys) {
            return delegate.existing(keys);
        }

        @Override
        public Map<InteractionKey, Double> sentiments(Collection<InteractionKey> keys) {
            return delegate.sentiments(keys);
        }

        @Override
        public Optional<Interaction> find(InteractionKey key) {
            return delegate.find(key);
        }

        @Override
        public List<Interaction> find(InteractionQuery query) {
            return delegate.find(query);
        }

        @Override
        public long count() {
            return delegate.count();
        }
    }

    /** How long the kit waits for a channel to do something; generous for slow CI machines, quick when it works. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);
}
