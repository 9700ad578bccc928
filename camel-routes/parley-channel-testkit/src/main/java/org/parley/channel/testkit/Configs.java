package org.parley.channel.testkit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A DS configuration annotation as Declarative Services hands it to an {@code @Activate} constructor: each method
 * answers the value given here, or its default. Values are converted as DS converts cfg-file strings.
 */
public final class Configs {

    private Configs() {
    }

    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> values) {
        for (String key : values.keySet()) {
            try {
                type.getMethod(key);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getName() + " has no setting '" + key + "'");
            }
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + values;
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    return values.containsKey(method.getName()) ? convert(method, values.get(method.getName())) : method.getDefaultValue();
            }
        });
        return type.cast(proxy);
    }

    public static <A extends Annotation> A defaults(Class<A> type) {
        return of(type, Map.of());
    }

    private static Object convert(Method method, Object value) {
        Class<?> to = method.getReturnType();
        if (to.isInstance(value) || (to.isPrimitive() && !(value instanceof String))) {
            return value;
        }
        String text = String.valueOf(value);
        if (to == String.class) {
            return text;
        } else if (to == int.class) {
            return Integer.parseInt(text);
        } else if (to == long.class) {
            return Long.parseLong(text);
        } else if (to == boolean.class) {
            return Boolean.parseBoolean(text);
        } else if (to == double.class) {
            return Double.parseDouble(text);
        } else if (to == String[].class) {
            return text.isEmpty() ? new String[0] : text.split("\\s*,\\s*");
        } else if (to.isEnum()) {
            return enumValue(to, text);
        }
        throw new IllegalArgumentException(method.getName() + ": cannot convert '" + text + "' to " + to.getSimpleName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String text) {
        return Enum.valueOf((Class<? extends Enum>) type, text);
    }
}
