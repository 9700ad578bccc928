package org.parley.rest.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.parley.api.ChannelState;
import org.parley.api.ChannelStateStore;
import org.parley.api.ContactRef;
import org.parley.api.CrmOutbox;
import org.parley.api.CrmStatus;
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterReplayer;
import org.parley.api.DeadLetterStore;
import org.parley.api.IdentityLinks;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionQuery;
import org.parley.api.InteractionStore;
import org.parley.api.InteractionTags;
import org.parley.api.Metrics;
import org.parley.api.PersonErasure;
import org.parley.api.PersonExport;
import org.parley.api.PersonScores;
import org.parley.api.PersonTags;
import org.parley.api.Replies;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;
import org.parley.api.SocialIdentity;
import org.parley.api.StoreResult;
import org.parley.api.Tag;
import org.parley.api.Timeline;
import org.parley.api.WebhookInbox;
import org.parley.api.WebhookRefusals;
import org.parley.metrics.ParleyHealth;
import org.parley.metrics.internal.HealthService;
import org.parley.metrics.internal.HealthSettings;
import org.parley.metrics.internal.MetricsService;
import org.parley.metrics.internal.Sources;
import org.parley.rules.RuleCatalog;
import org.parley.rules.RuleSetFiles;

/**
 * In-memory test doubles of the services the API uses, sharing one small world: Ana and Ben, their identities,
 * interactions, tags, replies, channel states and dead letters ({@link #seed()}). Methods the API never calls throw.
 */
final class Fakes {

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final ContactRef ANA = new ContactRef("Contacts", "c-ana", ContactRef.Method.MANUAL, 1.0);
    static final ContactRef BEN = new ContactRef("Contacts", "c-ben", ContactRef.Method.MANUAL, 1.0);
    /** A feed entry's id: a URL, which cannot be one path segment. */
    static final String FEED_ID = "https://example.org/reviews/1?lang=ar";

    final Map<InteractionKey, Interaction> interactions = new LinkedHashMap<>();
    final Map<InteractionKey, Double> sentiments = new LinkedHashMap<>();
    final Map<String, ContactRef> links = new TreeMap<>();
    final Map<String, SocialIdentity> identities = new TreeMap<>();
    final Map<String, List<Tag>> personTags = new TreeMap<>();
    final Map<InteractionKey, List<Tag>> interactionTags = new LinkedHashMap<>();
    final Map<Long, Reply> replies = new TreeMap<>();
    final Map<String, PersonScores.PersonScore> scores = new TreeMap<>();
    final List<ChannelState> channelStates = new ArrayList<>();
    final Map<Long, DeadLetter> deadLetters = new TreeMap<>();
    volatile CrmOutbox.Stats outboxStats;
    volatile String breakerState;
    final List<WebhookInbox.Counts> inboxCounts = new CopyOnWriteArrayList<>();
    final List<WebhookRefusals.Refused> refused = new CopyOnWriteArrayList<>();
    final AtomicLong replyIds = new AtomicLong();
    /** Audit records of erasures, newest first; and every call made to erase, in order. */
    final List<PersonErasure.Erasure> erasures = new ArrayList<>();
    final List<ErasureCall> erasureCalls = new CopyOnWriteArrayList<>();
    /** When set, erasing the record with this id fails as a store that lost its database. */
    volatile String erasureFailsOn;
    /** When set, every store call fails with it: what the API does with a failure it did not expect. */
    volatile RuntimeException failure;
    /** When true, a reply request is refused as when the channel's route is not running. */
    volatile boolean channelDown;
    /** When true, new replies wait for a second person's approval. */
    volatile boolean requireApproval;

    final InteractionStore interactionStore = new FakeInteractionStore();
    final IdentityLinks identityLinks = new FakeIdentityLinks();
    final PersonTags personTagStore = new FakePersonTags();
    final InteractionTags interactionTagStore = new FakeInteractionTags();
    final PersonScores personScores = new FakePersonScores();
    final Timeline timeline = new FakeTimeline();
    final PersonExport personExport = new FakePersonExport();
    final PersonErasure personErasure = new FakePersonErasure();
    final ReplyStore replyStore = new FakeReplyStore();
    final Replies replyDesk = new FakeReplies();
    final ChannelStateStore channelStateStore = new FakeChannelStates();
    final DeadLetterStore deadLetterStore = new FakeDeadLetters();
    final DeadLetterReplayer replayer = new FakeReplayer();
    /** Rule set files as they are in etc/, by set name. */
    final Map<String, List<RuleSetFiles.RuleText>> ruleFiles = new TreeMap<>();
    final RuleCatalog ruleCatalog = new FakeRuleCatalog();
    final RuleSetFiles ruleSetFiles = new FakeRuleSetFiles();
    final CrmOutbox crmOutbox = new FakeCrmOutbox();
    final CrmStatus crmStatus = () -> {
        failIfAsked();
        return new CrmStatus.Snapshot("SuiteCrm", breakerState, 10, 0, null, null, outboxStats);
    };
    final WebhookInbox webhookInbox = new FakeWebhookInbox();
    final WebhookRefusals webhookRefusals = () -> List.copyOf(refused);
    /** Parley's own metrics and readiness check (parley-metrics) over these fakes, at {@link ApiServer#NOW}. */
    final MetricsService metrics = new MetricsService(this::sources, Clock.fixed(ApiServer.NOW, ZoneOffset.UTC));
    final ParleyHealth health = new HealthService(metrics,
            new HealthSettings(Duration.ofMinutes(15), Duration.ofMinutes(5)));

    Fakes() {
        seed();
    }

    /** Back to the world every test starts from. */
    synchronized void seed() {
        interactions.clear();
        sentiments.clear();
        links.clear();
        identities.clear();
        personTags.clear();
        interactionTags.clear();
        replies.clear();
        scores.clear();
        channelStates.clear();
        deadLetters.clear();
        inboxCounts.clear();
        refused.clear();
        replyIds.set(0);
        erasures.clear();
        erasureCalls.clear();
        erasureFailsOn = null;
        ruleFiles.clear();
        ruleFiles.put("service", List.of(UNHAPPY));
        failure = null;
        channelDown = false;
        requireApproval = false;

        SocialIdentity anaMastodon = new SocialIdentity("mastodon", "ana@social.example", "Ana", "https://social.example/@ana",
                "ana@example.org", "+31 6 1234 5678");
        SocialIdentity anaTelegram = SocialIdentity.of("telegram", "ana_t", "Ана");
        SocialIdentity anaFeed = SocialIdentity.of("feeds", "ana@example.org", "Ana (reviews)");
        SocialIdentity ben = SocialIdentity.of("mastodon", "ben@social.example", "Ben");
        link(anaMastodon, ANA);
        link(anaTelegram, ANA);
        link(anaFeed, ANA);
        link(ben, BEN);

        add(Interaction.builder("mastodon", "m1").kind(InteractionKind.MENTION).account("brand").author(anaMastodon)
                .text("@brand my order never arrived 😡").url("https://social.example/@ana/m1").occurredAt(T0)
                .threadId("m1").language("en").metrics(new Metrics(2, 1, 1)).build(), -0.8);
        add(Interaction.builder("mastodon", "m2").kind(InteractionKind.REPLY).account("brand").author(anaMastodon)
                .text("شكرا، وصل الطلب").url("https://social.example/@ana/m2").occurredAt(T0.plusSeconds(3600))
                .inReplyTo("m1").threadId("m1").language("ar").build(), 0.6);
        add(Interaction.builder("telegram", "t1").kind(InteractionKind.DIRECT_MESSAGE).account("bot").author(anaTelegram)
                .text("你好，我想问一下").occurredAt(T0.plusSeconds(7200)).language("zh").build(), null);
        add(Interaction.builder("feeds", FEED_ID).kind(InteractionKind.REVIEW).account("reviews").author(anaFeed)
                .text("<script>alert(1)</script> Five stars").url("https://example.org/reviews/1")
                .occurredAt(T0.plusSeconds(10800)).rating(5).build(), 0.9);
        add(Interaction.builder("mastodon", "b1").kind(InteractionKind.MENTION).account("brand").author(ben)
                .text("hello").occurredAt(T0.plusSeconds(60)).build(), null);

        personTags.put(key(ANA), new ArrayList<>(List.of(new Tag("vip", "user:karaf:admin", T0))));
        interactionTags.put(new InteractionKey("mastodon", "m1"),
                new ArrayList<>(List.of(new Tag("complaint", "rule:complaints", T0))));
        scores.put(key(ANA), new PersonScores.PersonScore(ANA, 62.5, 0.25, 4, 3, T0.plusSeconds(10800),
                T0.plusSeconds(10900), true));

        addReply(new InteractionKey("mastodon", "m1"), "brand", "Sorry! Looking into it.", "crm:carol",
                Reply.Status.SENT, "r-1", T0.plusSeconds(600));
        addReply(new InteractionKey("mastodon", "m2"), "brand", "Glad it arrived!", "crm:bob",
                Reply.Status.AWAITING_APPROVAL, null, null);
        addReply(new InteractionKey("telegram", "t1"), "bot", "您好！", "karaf:admin", Reply.Status.FAILED, null, null);
        addReply(new InteractionKey("mastodon", "b1"), "brand", "Hi Ben", "crm:carol", Reply.Status.PENDING, null, null);

        channelStates.add(new ChannelState("telegram", "bot", "1001", T0, T0.minusSeconds(600), "401 Unauthorized",
                T0, 12, null));
        channelStates.add(new ChannelState("mastodon", "brand", "109", T0, T0, null, null, 340,
                "done: 340 imported"));
        channelStates.add(new ChannelState("feeds", "", null, null, null, null, null, 0, null));

        deadLetters.put(1L, new DeadLetter(1, "feeds", "reviews", "entry has no id", "<item>" + "x".repeat(600) + "</item>",
                "direct:parley-feeds-reviews", T0, 1, null));
        deadLetters.put(2L, new DeadLetter(2, "telegram", "bot", "not JSON", "{", "direct:parley-telegram-bot",
                T0.minusSeconds(60), 2, T0.plusSeconds(60)));

        outboxStats = new CrmOutbox.Stats(3, 1, 0, Duration.ofMinutes(2), null);
        breakerState = "CLOSED";
        inboxCounts.add(new WebhookInbox.Counts(new WebhookInbox.Source("meta", "brand"), 2, 0,
                Duration.ofSeconds(30), null));
        refused.add(new WebhookRefusals.Refused("meta", "brand", Map.of("forged", 2L)));
        // An earlier erasure whose CRM removals are done: audit record 1.
        erasures.add(new PersonErasure.Erasure(1, "karaf:admin", "GDPR-1", T0.minusSeconds(86_400), 1, 2, 0, 1, 2, 0, 0,
                T0.minusSeconds(86_000)));
    }

    /** Every service the metrics read, as bound in a full Parley. */
    Sources sources() {
        return new Sources(channelStateStore, interactionStore, crmOutbox, crmStatus, deadLetterStore, replyStore,
                webhookInbox, webhookRefusals);
    }

    static String key(ContactRef ref) {
        return ref.type() + "/" + ref.id();
    }

    static String identityKey(String channel, String handle) {
        return channel + "|" + handle;
    }

    private void link(SocialIdentity identity, ContactRef record) {
        identities.put(identityKey(identity.channel(), identity.handle()), identity);
        links.put(identityKey(identity.channel(), identity.handle()), record);
    }

    private void add(Interaction interaction, Double sentiment) {
        interactions.put(interaction.key(), interaction);
        if (sentiment != null) {
            sentiments.put(interaction.key(), sentiment);
        }
    }

    private void addReply(InteractionKey to, String account, String text, String by, Reply.Status status,
                          String externalId, Instant sentAt) {
        long id = replyIds.incrementAndGet();
        replies.put(id, new Reply(id, to, account, text, by, status, null, "idem-" + id, externalId,
                externalId == null ? null : "https://social.example/@brand/" + externalId,
                status == Reply.Status.FAILED ? "429 Too Many Requests, out of attempts" : null,
                status == Reply.Status.FAILED ? 8 : 1, T0.plusSeconds(300), sentAt));
    }

    private void failIfAsked() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /** Tags as the store keeps them: trimmed, lower case, letters, digits, '-', '_' and spaces. */
    static String normalizeTag(String tag) {
        String name = tag.strip().toLowerCase(Locale.ROOT);
        if (name.isEmpty() || !name.matches("[\\p{L}\\p{N}_\\- ]{1,64}")) {
            throw new IllegalArgumentException("tag '" + name + "' may only contain letters, digits, '-', '_' and spaces");
        }
        return name;
    }

    static final RuleSetFiles.RuleText UNHAPPY = new RuleSetFiles.RuleText("unhappy",
            "sentiment < -0.3", "tag person unhappy; flag for reply", true);

    /** The running rule book: the sets as they were loaded (a written file shows only once Karaf reads it). */
    private final class FakeRuleCatalog implements RuleCatalog {
        @Override
        public List<RuleSetInfo> sets() {
            return List.of(
                    new RuleSetInfo("broken", "org.parley.rules-broken", true, T0, List.of(),
                            List.of("org.parley.rules-broken: x.when, column 5: expected a value after '<'")),
                    new RuleSetInfo("service", "org.parley.rules-service", true, T0, List.of(new RuleInfo(
                            "service/unhappy", true, true, UNHAPPY.when(), UNHAPPY.then(), "sentiment < -0.3", 0)),
                            List.of()));
        }

        @Override
        public List<org.parley.api.TagRule> active() {
            throw unused();
        }

        @Override
        public List<org.parley.api.RuleAction> evaluate(Interaction interaction, org.parley.api.RuleContext context) {
            throw unused();
        }

        /** Matches the stored interactions with a negative sentiment, as service/unhappy would. */
        @Override
        public DryRun dryRun(String ruleId, int limit, int examples) {
            synchronized (Fakes.this) {
                List<Interaction> scanned = interactions.values().stream().limit(limit).toList();
                List<Interaction> matched = scanned.stream()
                        .filter(in -> sentiments.get(in.key()) != null && sentiments.get(in.key()) < -0.3)
                        .toList();
                long people = matched.stream().map(in -> in.author().handle()).distinct().count();
                return new DryRun(ruleId, scanned.size(), matched.size(), people,
                        matched.stream().limit(examples).toList(),
                        Map.of("TAG_PERSON unhappy", people, "FLAG_FOR_REPLY", (long) matched.size()));
            }
        }
    }

    /** etc/ as a map: a set is refused when a rule has no condition, as the real check would refuse it. */
    private final class FakeRuleSetFiles implements RuleSetFiles {
        @Override
        public List<String> check(String set, boolean enabled, List<RuleText> rules) {
            return rules.stream().filter(r -> r.when() == null || r.when().isBlank())
                    .map(r -> "org.parley.rules-" + set + ": " + r.name() + ".when: the condition is empty")
                    .toList();
        }

        @Override
        public boolean write(String set, boolean enabled, List<RuleText> rules, String author) {
            List<String> problems = check(set, enabled, rules);
            if (!problems.isEmpty()) {
                throw new RuleSetRefusedException(problems);
            }
            synchronized (Fakes.this) {
                return ruleFiles.put(set, List.copyOf(rules)) == null;
            }
        }

        @Override
        public boolean delete(String set) {
            synchronized (Fakes.this) {
                return ruleFiles.remove(set) != null;
            }
        }
    }

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("not used by the API");
    }

    private final class FakeInteractionStore implements InteractionStore {
        @Override
        public StoreResult store(IngestBatch batch) {
            throw unused();
        }

        @Override
        public Set<InteractionKey> existing(Collection<InteractionKey> keys) {
            failIfAsked();
            synchronized (Fakes.this) {
                return keys.stream().filter(interactions::containsKey).collect(Collectors.toSet());
            }
        }

        @Override
        public Optional<Interaction> find(InteractionKey key) {
            failIfAsked();
            synchronized (Fakes.this) {
                return Optional.ofNullable(interactions.get(key));
            }
        }

        @Override
        public Map<InteractionKey, Double> sentiments(Collection<InteractionKey> keys) {
            throw unused();
        }

        /** Newest first, by channel and account (null: any), as the store lists them. */
        @Override
        public List<Interaction> find(InteractionQuery query) {
            failIfAsked();
            synchronized (Fakes.this) {
                return interactions.values().stream()
                        .filter(i -> query.channel() == null || query.channel().equals(i.channel()))
                        .filter(i -> query.account() == null || query.account().equals(i.account()))
                        .filter(i -> query.author() == null || query.author().equals(i.author().handle()))
                        .sorted(Comparator.comparing(Interaction::occurredAt).reversed())
                        .limit(query.limit())
                        .toList();
            }
        }

        @Override
        public long count() {
            throw unused();
        }
    }

    private final class FakeIdentityLinks implements IdentityLinks {
        @Override
        public Optional<ContactRef> linkOf(String channel, String handle) {
            failIfAsked();
            synchronized (Fakes.this) {
                return Optional.ofNullable(links.get(identityKey(channel, handle)));
            }
        }

        @Override
        public void link(String channel, String handle, ContactRef record, String by) {
            synchronized (Fakes.this) {
                identities.putIfAbsent(identityKey(channel, handle), new SocialIdentity(channel, handle, null, null, null, null));
                links.put(identityKey(channel, handle), record);
            }
        }

        @Override
        public void unlink(String channel, String handle) {
            synchronized (Fakes.this) {
                links.remove(identityKey(channel, handle));
            }
        }

        @Override
        public List<SocialIdentity> identitiesOf(ContactRef record) {
            failIfAsked();
            synchronized (Fakes.this) {
                return links.entrySet().stream()
                        .filter(e -> e.getValue().type().equals(record.type()) && e.getValue().id().equals(record.id()))
                        .map(e -> identities.get(e.getKey()))
                        .toList();
            }
        }

        @Override
        public long queueReview(SocialIdentity identity, List<ContactRef> candidates) {
            throw unused();
        }

        @Override
        public List<Review> openReviews(int limit) {
            throw unused();
        }

        @Override
        public Optional<Review> review(long id) {
            throw unused();
        }

        @Override
        public void resolveReview(long id, ContactRef chosen, String by) {
            throw unused();
        }

        @Override
        public long interactionCount(String channel, String handle) {
            throw unused();
        }

        @Override
        public boolean candidatesRejected(String channel, String handle) {
            throw unused();
        }

        @Override
        public Set<String> tagsOf(String channel, String handle) {
            throw unused();
        }
    }

    private final class FakePersonTags implements PersonTags {
        @Override
        public List<Tag> tagsOf(ContactRef record) {
            failIfAsked();
            synchronized (Fakes.this) {
                return List.copyOf(personTags.getOrDefault(key(record), List.of()));
            }
        }

        @Override
        public boolean add(ContactRef record, String tag, String source) {
            String name = normalizeTag(tag);
            synchronized (Fakes.this) {
                List<Tag> tags = personTags.computeIfAbsent(key(record), k -> new ArrayList<>());
                if (tags.stream().anyMatch(t -> t.name().equals(name))) {
                    return false;
                }
                tags.add(new Tag(name, source, T0.plusSeconds(99_000)));
                tags.sort(Comparator.comparing(Tag::name));
                return true;
            }
        }

        @Override
        public boolean remove(ContactRef record, String tag, String by) {
            String name = normalizeTag(tag);
            synchronized (Fakes.this) {
                return personTags.getOrDefault(key(record), new ArrayList<>()).removeIf(t -> t.name().equals(name));
            }
        }
    }

    private final class FakeInteractionTags implements InteractionTags {
        @Override
        public List<Tag> tagsOf(InteractionKey key) {
            synchronized (Fakes.this) {
                return List.copyOf(interactionTags.getOrDefault(key, List.of()));
            }
        }

        @Override
        public Map<InteractionKey, List<Tag>> tagsOf(Collection<InteractionKey> keys) {
            synchronized (Fakes.this) {
                Map<InteractionKey, List<Tag>> found = new LinkedHashMap<>();
                keys.stream().filter(interactionTags::containsKey)
                        .forEach(k -> found.put(k, List.copyOf(interactionTags.get(k))));
                return found;
            }
        }

        @Override
        public boolean add(InteractionKey key, String tag, String source) {
            String name = normalizeTag(tag);
            synchronized (Fakes.this) {
                if (!interactions.containsKey(key)) {
                    throw new IllegalArgumentException("there is no interaction " + key);
                }
                List<Tag> tags = interactionTags.computeIfAbsent(key, k -> new ArrayList<>());
                if (tags.stream().anyMatch(t -> t.name().equals(name))) {
                    return false;
                }
                tags.add(new Tag(name, source, T0.plusSeconds(99_000)));
                return true;
            }
        }

        @Override
        public boolean remove(InteractionKey key, String tag, String by) {
            String name = normalizeTag(tag);
            synchronized (Fakes.this) {
                return interactionTags.getOrDefault(key, new ArrayList<>()).removeIf(t -> t.name().equals(name));
            }
        }
    }

    private final class FakePersonScores implements PersonScores {
        @Override
        public Optional<PersonScore> of(ContactRef record) {
            synchronized (Fakes.this) {
                return Optional.ofNullable(scores.get(key(record)));
            }
        }

        @Override
        public PersonScore update(ContactRef record, Instant now) {
            throw unused();
        }

        @Override
        public void written(ContactRef record, double engagement, double sentiment) {
            throw unused();
        }
    }

    /** The timeline as the store computes it, over this world: the linked identities' interactions, newest first. */
    private final class FakeTimeline implements Timeline {
        @Override
        public Page page(ContactRef record, Position after, int limit) {
            failIfAsked();
            if (limit < 1 || limit > MAX_PAGE) {
                throw new IllegalArgumentException("limit " + limit + " is outside 1.." + MAX_PAGE);
            }
            List<Entry> all = entries(record);
            List<Entry> rest = all.stream().filter(e -> after == null || newerFirst().compare(e.position(), after) > 0)
                    .toList();
            if (rest.size() <= limit) {
                return new Page(rest, null);
            }
            List<Entry> page = rest.subList(0, limit);
            return new Page(page, page.get(limit - 1).position());
        }

        @Override
        public Map<String, Long> countsByChannel(ContactRef record) {
            return entries(record).stream().collect(Collectors.groupingBy(e -> e.interaction().channel(), TreeMap::new,
                    Collectors.counting()));
        }

        private List<Entry> entries(ContactRef record) {
            synchronized (Fakes.this) {
                List<Entry> entries = new ArrayList<>();
                long sequence = 0;
                for (Interaction in : interactions.values()) {
                    sequence++;
                    ContactRef linked = links.get(identityKey(in.channel(), in.author().handle()));
                    if (linked != null && linked.type().equals(record.type()) && linked.id().equals(record.id())) {
                        entries.add(new Entry(in, sentiments.get(in.key()), new Position(in.occurredAt(), sequence)));
                    }
                }
                entries.sort((a, b) -> newerFirst().compare(a.position(), b.position()));
                return entries;
            }
        }

        private Comparator<Position> newerFirst() {
            return Comparator.comparing(Position::occurredAt).thenComparingLong(Position::sequence).reversed();
        }
    }

    /** The export as the store builds it, from the same in-memory world (no link reviews or CRM writes here). */
    private final class FakePersonExport implements PersonExport {
        @Override
        public Export export(ContactRef person) {
            failIfAsked();
            synchronized (Fakes.this) {
                List<LinkedIdentity> linked = new ArrayList<>();
                links.forEach((identity, record) -> {
                    if (record.type().equals(person.type()) && record.id().equals(person.id())) {
                        SocialIdentity known = identities.get(identity);
                        linked.add(new LinkedIdentity(known.channel(), known.handle(), known.displayName(),
                                known.profileUrl(), known.email(), known.phone(), T0, T0, record.method(),
                                record.confidence(), "user:karaf:admin", T0));
                    }
                });
                List<StoredInteraction> said = new ArrayList<>();
                List<Reply> answers = new ArrayList<>();
                for (Interaction in : interactions.values()) {
                    ContactRef author = links.get(identityKey(in.channel(), in.author().handle()));
                    if (author == null || !author.type().equals(person.type()) || !author.id().equals(person.id())) {
                        continue;
                    }
                    List<TagMark> marks = interactionTags.getOrDefault(in.key(), List.of()).stream()
                            .map(t -> new TagMark(t.name(), t.source(), t.at(), false)).toList();
                    said.add(new StoredInteraction(in.withRaw("{\"id\":\"" + in.externalId() + "\"}"),
                            sentiments.get(in.key()), false, in.occurredAt(), marks, List.of()));
                    replies.values().stream().filter(r -> r.inReplyTo().equals(in.key())).forEach(answers::add);
                }
                List<TagMark> tags = personTags.getOrDefault(key(person), List.of()).stream()
                        .map(t -> new TagMark(t.name(), t.source(), t.at(), false)).toList();
                PersonScores.PersonScore score = scores.get(key(person));
                return new Export(new Person(person.type(), person.id()), ApiServer.NOW, linked, said, answers, tags,
                        score == null ? null : new Scores(score.engagement(), score.sentiment(), score.interactions(),
                                score.channels(), score.lastContact(), score.updatedAt(), null, null),
                        List.of(), List.of());
            }
        }
    }

    /** One call to {@link PersonErasure#erase}. */
    record ErasureCall(ContactRef person, String requestedBy, String reference) {
    }

    /**
     * Erasure over the in-memory world: the record's identities, their interactions (each with a CRM history entry
     * queued for removal), the replies to those and the record's tags and scores are removed; the audit record counts
     * them. A record without history is COMPLETE at once.
     */
    private final class FakePersonErasure implements PersonErasure {
        @Override
        public Erasure erase(ContactRef person, String requestedBy, String reference) {
            failIfAsked();
            erasureCalls.add(new ErasureCall(person, requestedBy, reference));
            if (person.id().equals(erasureFailsOn)) {
                throw new IllegalStateException("the database is not reachable");
            }
            synchronized (Fakes.this) {
                List<String> gone = links.entrySet().stream()
                        .filter(l -> l.getValue().type().equals(person.type()) && l.getValue().id().equals(person.id()))
                        .map(Map.Entry::getKey).toList();
                List<InteractionKey> said = interactions.values().stream()
                        .filter(in -> gone.contains(identityKey(in.channel(), in.author().handle())))
                        .map(Interaction::key).toList();
                List<Long> answers = replies.values().stream().filter(r -> said.contains(r.inReplyTo()))
                        .map(Reply::id).toList();
                List<Tag> tags = personTags.getOrDefault(key(person), List.of());
                Erasure erasure = new Erasure(erasures.stream().mapToLong(Erasure::id).max().orElse(0) + 1,
                        requestedBy, reference, ApiServer.NOW, gone.size(), said.size(), answers.size(), tags.size(),
                        said.size(), said.size(), 0, said.isEmpty() ? ApiServer.NOW : null);
                gone.forEach(links::remove);
                gone.forEach(identities::remove);
                said.forEach(k -> {
                    interactions.remove(k);
                    sentiments.remove(k);
                    interactionTags.remove(k);
                });
                answers.forEach(replies::remove);
                personTags.remove(key(person));
                scores.remove(key(person));
                erasures.add(0, erasure);
                return erasure;
            }
        }

        @Override
        public Optional<Erasure> find(long id) {
            failIfAsked();
            synchronized (Fakes.this) {
                return erasures.stream().filter(e -> e.id() == id).findFirst();
            }
        }

        @Override
        public List<Erasure> recent(int limit) {
            failIfAsked();
            synchronized (Fakes.this) {
                return erasures.stream().limit(limit).toList();
            }
        }
    }

    private final class FakeReplyStore implements ReplyStore {
        @Override
        public long add(Reply.New reply) {
            throw unused();
        }

        @Override
        public Optional<Reply> find(long id) {
            failIfAsked();
            synchronized (Fakes.this) {
                return Optional.ofNullable(replies.get(id));
            }
        }

        @Override
        public long count(Reply.Status status) {
            failIfAsked();
            synchronized (Fakes.this) {
                return replies.values().stream().filter(r -> status == null || r.status() == status).count();
            }
        }

        @Override
        public List<Reply> list(Reply.Status status, int limit) {
            failIfAsked();
            synchronized (Fakes.this) {
                return replies.values().stream().filter(r -> status == null || r.status() == status)
                        .sorted(Comparator.comparing(Reply::requestedAt).reversed()).limit(limit).toList();
            }
        }

        @Override
        public List<Reply> repliesTo(Collection<InteractionKey> keys) {
            synchronized (Fakes.this) {
                return replies.values().stream().filter(r -> keys.contains(r.inReplyTo())).toList();
            }
        }

        @Override
        public boolean approve(long id, String approvedBy, Instant at) {
            throw unused();
        }

        @Override
        public List<Claim> claimDue(int limit, Instant now, Duration lease) {
            throw unused();
        }

        @Override
        public void sent(long id, String externalId, String url, Instant at) {
            throw unused();
        }

        @Override
        public void retryAt(long id, Instant next, String error) {
            throw unused();
        }

        @Override
        public void fail(long id, String reason, Instant at) {
            throw unused();
        }

        @Override
        public boolean retry(long id, Instant at) {
            throw unused();
        }
    }

    /** The reply desk's rules: a stored interaction, a running channel, a second person to approve, FAILED to retry. */
    private final class FakeReplies implements Replies {
        @Override
        public Reply request(InteractionKey inReplyTo, String text, String user) {
            synchronized (Fakes.this) {
                Interaction original = interactions.get(inReplyTo);
                if (original == null) {
                    throw new IllegalArgumentException("There is no interaction " + inReplyTo + " to reply to");
                }
                if (channelDown) {
                    throw new IllegalStateException("Replies cannot be posted on " + original.channel()
                            + " now: its channel route is not running (check parley:status)");
                }
                long id = replyIds.incrementAndGet();
                Reply reply = new Reply(id, inReplyTo, original.account(), text, user,
                        requireApproval ? Reply.Status.AWAITING_APPROVAL : Reply.Status.PENDING, null, "idem-" + id,
                        null, null, null, 0, T0.plusSeconds(99_000), null);
                replies.put(id, reply);
                return reply;
            }
        }

        @Override
        public Reply approve(long id, String user) {
            synchronized (Fakes.this) {
                Reply r = replies.get(id);
                if (r.status() != Reply.Status.AWAITING_APPROVAL) {
                    throw new IllegalStateException("Reply " + id + " is " + r.status() + ", not awaiting approval");
                }
                if (r.requestedBy().equals(user)) {
                    throw new IllegalStateException("Reply " + id + " was written by " + user
                            + "; a second person must approve it");
                }
                Reply approved = new Reply(id, r.inReplyTo(), r.account(), r.text(), r.requestedBy(),
                        Reply.Status.PENDING, user, r.idempotencyKey(), null, null, null, r.attempts(), r.requestedAt(),
                        null);
                replies.put(id, approved);
                return approved;
            }
        }

        @Override
        public Reply retry(long id, String user) {
            synchronized (Fakes.this) {
                Reply r = replies.get(id);
                if (r.status() != Reply.Status.FAILED) {
                    throw new IllegalStateException("Reply " + id + " is " + r.status()
                            + "; only a FAILED reply can be retried");
                }
                Reply again = new Reply(id, r.inReplyTo(), r.account(), r.text(), r.requestedBy(), Reply.Status.PENDING,
                        r.approvedBy(), r.idempotencyKey(), null, null, r.error(), r.attempts(), r.requestedAt(), null);
                replies.put(id, again);
                return again;
            }
        }
    }

    private final class FakeChannelStates implements ChannelStateStore {
        @Override
        public Optional<ChannelState> state(String channel, String account) {
            throw unused();
        }

        @Override
        public List<ChannelState> states() {
            failIfAsked();
            synchronized (Fakes.this) {
                return List.copyOf(channelStates);
            }
        }

        @Override
        public void recordPoll(String channel, String account, Instant at, String error) {
            throw unused();
        }

        @Override
        public void recordBackfill(String channel, String account, String progress) {
            throw unused();
        }
    }

    private final class FakeDeadLetters implements DeadLetterStore {
        @Override
        public long add(DeadLetter.New deadLetter) {
            throw unused();
        }

        @Override
        public List<DeadLetter> list(String channel, boolean includeReplayed, int limit) {
            synchronized (Fakes.this) {
                return deadLetters.values().stream()
                        .filter(d -> channel == null || d.channel().equals(channel))
                        .filter(d -> includeReplayed || d.pending())
                        .sorted(Comparator.comparing(DeadLetter::createdAt).reversed())
                        .limit(limit)
                        .toList();
            }
        }

        @Override
        public Optional<DeadLetter> find(long id) {
            synchronized (Fakes.this) {
                return Optional.ofNullable(deadLetters.get(id));
            }
        }

        @Override
        public long countPending() {
            failIfAsked();
            synchronized (Fakes.this) {
                return deadLetters.values().stream().filter(DeadLetter::pending).count();
            }
        }

        @Override
        public void markReplayed(long id, Instant at) {
            throw unused();
        }

        @Override
        public void recordFailedReplay(long id, String reason) {
            throw unused();
        }
    }

    /** The outbox's counts as the test sets them; nothing is ever claimed through the API. */
    private final class FakeCrmOutbox implements CrmOutbox {
        @Override
        public Stats stats(Instant now) {
            failIfAsked();
            return outboxStats;
        }

        @Override
        public List<Entry> claimDue(int limit, Instant now, Duration lease) {
            throw unused();
        }

        @Override
        public void done(long id, String crmId, Instant at) {
            throw unused();
        }

        @Override
        public void removed(long id, long erasureId, Instant at) {
            throw unused();
        }

        @Override
        public void retryAt(long id, Instant next, String error) {
            throw unused();
        }

        @Override
        public void await(long id, String reason) {
            throw unused();
        }

        @Override
        public void fail(long id, String reason) {
            throw unused();
        }

        @Override
        public int wake(String channel, String handle) {
            throw unused();
        }

        @Override
        public boolean requeue(long id) {
            throw unused();
        }

        @Override
        public int requeue(List<SocialIdentity> identities) {
            throw unused();
        }
    }

    /** The ingress inbox's backlog as the test sets it. */
    private final class FakeWebhookInbox implements WebhookInbox {
        @Override
        public List<Counts> stats(Instant now) {
            failIfAsked();
            return List.copyOf(inboxCounts);
        }

        @Override
        public Optional<Long> add(String channel, String account, String deliveryId, Map<String, List<String>> headers,
                                  byte[] body, Instant receivedAt) {
            throw unused();
        }

        @Override
        public List<Entry> claimDue(Collection<Source> sources, int limit, Instant now, Duration lease) {
            throw unused();
        }

        @Override
        public void done(long id, Instant at) {
            throw unused();
        }

        @Override
        public void retryAt(long id, Instant next, String error) {
            throw unused();
        }

        @Override
        public void failed(long id, String reason, String replayUri) {
            throw unused();
        }

        @Override
        public int purgeFinished(Instant before) {
            throw unused();
        }
    }

    /** Replays succeed for feeds and are refused again elsewhere, as a still-broken payload is. */
    private final class FakeReplayer implements DeadLetterReplayer {
        @Override
        public Outcome replay(long id) {
            synchronized (Fakes.this) {
                DeadLetter d = deadLetters.get(id);
                if (d.channel().equals("feeds")) {
                    deadLetters.put(id, new DeadLetter(id, d.channel(), d.account(), d.reason(), d.payload(),
                            d.replayUri(), d.createdAt(), d.attempts(), T0.plusSeconds(99_000)));
                    return new Outcome(id, true, "replayed: 1 stored, 0 already stored");
                }
                return new Outcome(id, false, "refused again: " + d.reason());
            }
        }
    }
}
