package org.parley.crm.suitecrm.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Builds {@link SuiteCrmConfig} values as DS would: the given values, else the annotation's own defaults. */
final class Configs {

    private Configs() {
    }

    static SuiteCrmConfig config(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>(values);
        return (SuiteCrmConfig) Proxy.newProxyInstance(SuiteCrmConfig.class.getClassLoader(),
                new Class<?>[] {SuiteCrmConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(copy, args);
                    }
                    return copy.containsKey(method.getName()) ? copy.get(method.getName()) : method.getDefaultValue();
                });
    }

    static SuiteCrmConfig config(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return config(values);
    }
}
