package org.parley.rules.internal;

import java.io.IOException;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.RuleContext;
import org.parley.api.SocialIdentity;

/** Rule set files as Karaf hands them to DS, configurations with their defaults, interactions. */
final class RulesTestSupport {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private RulesTestSupport() {
    }

    /** An annotation-typed configuration with its declared defaults, some overridden by {@code key, value} pairs. */
    static <A extends Annotation> A config(Class<A> type, Object... keyValues) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "annotationType": return type;
                case "toString": return type.getSimpleName() + values;
                case "hashCode": return values.hashCode();
                case "equals": return proxy == args[0];
                default:
                    return values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
            }
        }));
    }

    static RuleBookSettings settings(Object... keyValues) {
        return RuleBookSettings.from(config(RuleBookConfig.class, keyValues));
    }

    /**
     * {@code etc/org.parley.rules-<name>.cfg} with this content, as FileInstall and DS hand it to the component:
     * read as properties (a backslash escapes, so regular expressions double theirs, as in a real file), with the
     * file name property, and the set-level {@code enabled} through the typed configuration.
     */
    static RuleSetFile file(String name, String cfg) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(cfg));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Map<String, Object> properties = new HashMap<>();
        p.forEach((k, v) -> properties.put((String) k, v));
        properties.put("felix.fileinstall.filename", "file:/opt/parley/etc/org.parley.rules-" + name + ".cfg");
        properties.put("service.factoryPid", RuleSetConfig.PID);
        properties.put("service.pid", RuleSetConfig.PID + ".4f2a");
        properties.put("component.name", RuleSetConfig.PID);
        RuleSetConfig config = properties.containsKey("enabled")
                ? config(RuleSetConfig.class, "enabled", properties.get("enabled")) : config(RuleSetConfig.class);
        return RuleSetFile.of(config, properties, CLOCK);
    }

    /** The rule set in a file, read; for tests of the reader. */
    static RuleSet read(String name, String cfg) {
        return file(name, cfg).ruleSet();
    }

    static Interaction text(String text) {
        return interaction("mastodon", "m1", "alice", text);
    }

    static Interaction interaction(String channel, String id, String author, String text) {
        return Interaction.builder(channel, id).kind(InteractionKind.MENTION).account("acme")
                .author(SocialIdentity.of(channel, author, author)).text(text).occurredAt(NOW).build();
    }

    static RuleContext context(double sentiment) {
        return new RuleContext(sentiment, null, RuleContext.AuthorHistory.NONE, NOW);
    }

    static RuleContext neutral() {
        return context(0);
    }
}
