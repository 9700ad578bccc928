package org.parley.engine.internal;

import java.util.List;

import org.parley.api.ContactRef;

import org.parley.api.Tag;

import org.parley.api.PersonActions;
import org.parley.api.PersonScores;
import org.parley.api.PersonTags;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.SocialIdentity;

/** Configurations as DS would build them, interactions, and a store+CRM harness. */
final class TestSupport {

    private TestSupport() {
    }

    /** An OutboxConfig with the annotation's defaults, overridden by {@code key, value} pairs. */
    static OutboxConfig config(Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return (OutboxConfig) Proxy.newProxyInstance(OutboxConfig.class.getClassLoader(),
                new Class<?>[] {OutboxConfig.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType": return OutboxConfig.class;
                        case "toString": return "OutboxConfig" + values;
                        case "hashCode": return values.hashCode();
                        case "equals": return proxy == args[0];
                        default:
                            return values.containsKey(method.getName()) ? values.get(method.getName())
                                    : method.getDefaultValue();
                    }
                });
    }

    /** Settings fit for tests: fast polls, short backoff and breaker waits. */
    static OutboxConfig fastConfig(Object... overrides) {
        Object[] base = {
            "pollInterval", "PT0.02S", "lease", "PT5S", "backoffInitial", "PT0.05S", "backoffMax", "PT0.5S",
            "breakerWaitInOpenState", "PT0.3S", "shutdownTimeout", "PT5S"};
        Object[] all = new Object[base.length + overrides.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(overrides, 0, all, base.length, overrides.length);
        return config(all);
    }

    static SocialIdentity person(String channel, String handle) {
        return SocialIdentity.of(channel, handle, handle);
    }

    static SocialIdentity personWithEmail(String channel, String handle, String email) {
        return new SocialIdentity(channel, handle, handle, null, email, null);
    }

    /** The store and the CRM, and an "ingest" that stores an interaction and its outbox row like parley-store. */
    static final class World {
        final Clock clock;
        final InMemoryCrmOutbox outbox;
        final InMemoryIdentityLinks links;
        final FakeCrmConnector crm = new FakeCrmConnector();
        /** Person tags as the store keeps them: a change updates the state and queues a TAG outbox row. */
        final Map<String, java.util.Set<String>> tagState = new java.util.concurrent.ConcurrentHashMap<>();
        final PersonTags tags = new PersonTags() {
            @Override public List<Tag> tagsOf(ContactRef record) {
                return tagState.getOrDefault(record.type() + "/" + record.id(), java.util.Set.of()).stream()
                        .map(name -> new Tag(name, "user:test", Instant.EPOCH)).toList();
            }
            @Override public boolean add(ContactRef record, String tag, String source) {
                if (tagsOf(record).stream().anyMatch(t -> t.name().equals(tag))) {
                    return false;
                }
                tagChange(record, tag, true);
                return true;
            }
            @Override public boolean remove(ContactRef record, String tag, String by) {
                throw new UnsupportedOperationException("use World.tagChange");
            }
        };
        private final AtomicLong ids = new AtomicLong();
        /** The rules' person actions waiting per interaction, as the store keeps them. */
        final Map<org.parley.api.InteractionKey, List<PersonActions.Pending>> pendingActions = new java.util.concurrent.ConcurrentHashMap<>();
        final PersonActions actions = new PersonActions() {
            @Override public List<Pending> pending(org.parley.api.InteractionKey key) {
                return List.copyOf(pendingActions.getOrDefault(key, List.of()));
            }
            @Override public void done(long id, Instant at) {
                pendingActions.values().forEach(list -> list.removeIf(p -> p.id() == id));
            }
        };
        /** Scores as a test sets them ({@link #score}); "written" when equal to the last {@code written} call. */
        final Map<String, double[]> scoreState = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, double[]> writtenScores = new java.util.concurrent.ConcurrentHashMap<>();
        final PersonScores scores = new PersonScores() {
            @Override public java.util.Optional<PersonScore> of(ContactRef record) {
                String k = record.type() + "/" + record.id();
                double[] s = scoreState.get(k);
                return s == null ? java.util.Optional.empty() : java.util.Optional.of(new PersonScore(record, s[0], s[1], 1, 1,
                        null, Instant.EPOCH, java.util.Arrays.equals(s, writtenScores.get(k))));
            }
            @Override public PersonScore update(ContactRef record, Instant now) {
                scoreState.putIfAbsent(record.type() + "/" + record.id(), new double[] {0, 0});
                return of(record).orElseThrow();
            }
            @Override public void written(ContactRef record, double engagement, double sentiment) {
                writtenScores.put(record.type() + "/" + record.id(), new double[] {engagement, sentiment});
            }
        };

        World(Clock clock) {
            this.clock = clock;
            this.outbox = new InMemoryCrmOutbox(clock);
            this.links = new InMemoryIdentityLinks(clock, outbox);
        }

        World() {
            this(Clock.systemUTC());
        }

        /** Tags or untags a person, as the store does: the state changes and one TAG row is queued. */
        long tagChange(ContactRef record, String tag, boolean member) {
            java.util.Set<String> state = tagState.computeIfAbsent(record.type() + "/" + record.id(),
                    k -> java.util.concurrent.ConcurrentHashMap.newKeySet());
            if (member) {
                state.add(tag);
            } else {
                state.remove(tag);
            }
            return outbox.add(new org.parley.api.CrmOutbox.TagChange(record, tag, member));
        }

        /** The record's scores as the store would compute them now. */
        void score(ContactRef record, double engagement, double sentiment) {
            scoreState.put(record.type() + "/" + record.id(), new double[] {engagement, sentiment});
        }

        /** A rule's person action on this interaction, as the store keeps it with the interaction. */
        void pendingAction(Interaction interaction, org.parley.api.RuleAction action) {
            pendingActions.computeIfAbsent(interaction.key(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(new PersonActions.Pending(ids.incrementAndGet(), action));
        }

        Interaction interaction(SocialIdentity author) {
            return Interaction.builder(author.channel(), "m" + ids.incrementAndGet())
                    .kind(InteractionKind.MENTION).account("acme").author(author).text("hello from " + author.handle())
                    .occurredAt(Instant.parse("2025-01-01T00:00:00Z")).build();
        }

        /** Stores one interaction of {@code author} with these tags; returns its outbox row id. */
        long ingest(SocialIdentity author, String... tags) {
            return ingest(interaction(author), tags);
        }

        long ingest(Interaction interaction, String... tags) {
            links.recordInteraction(interaction.author(), Set.of(tags));
            return outbox.add(interaction);
        }

        OutboxWorker worker(OutboxConfig config) {
            return new OutboxWorker(crm, outbox, links, tags, actions, scores, OutboxSettings.from(config), clock);
        }
    }
}
