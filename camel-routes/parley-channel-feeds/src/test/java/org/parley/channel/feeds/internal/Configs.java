package org.parley.channel.feeds.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Builds {@link FeedConfig} values as DS would: the given values, else the annotation's own defaults. */
final class Configs {

    private Configs() {
    }

    static FeedConfig feedConfig(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>(values);
        return (FeedConfig) Proxy.newProxyInstance(FeedConfig.class.getClassLoader(), new Class<?>[] {FeedConfig.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(copy, args);
                    }
                    return copy.containsKey(method.getName()) ? copy.get(method.getName()) : method.getDefaultValue();
                });
    }

    static FeedConfig feedConfig(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return feedConfig(values);
    }
}
