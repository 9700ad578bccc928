package org.parley.benchmarks;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A DS configuration annotation instance with its declared defaults, some of them overridden, as DS would build it. */
final class ConfigDefaults {

    private ConfigDefaults() {
    }

    static <A> A of(Class<A> type, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            if (overrides.containsKey(method.getName())) {
                return overrides.get(method.getName());
            }
            Object value = method.getDefaultValue();
            if (value == null) {
                throw new IllegalStateException(type.getSimpleName() + "." + method.getName() + " has no default");
            }
            return value;
        }));
    }
}
