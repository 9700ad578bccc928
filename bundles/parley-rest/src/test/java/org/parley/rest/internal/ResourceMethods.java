package org.parley.rest.internal;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The API's operations as its resource classes declare them: HTTP method, path below the base, access rule. */
final class ResourceMethods {

    static final List<Class<?>> RESOURCES = List.of(ContactsResource.class, TimelineResource.class, ExportResource.class,
            ErasuresResource.class, InteractionsResource.class, RepliesResource.class, ChannelsResource.class,
            DeadLettersResource.class, RulesResource.class, OpenApiResource.class, MetricsResource.class,
            LivenessResource.class, ReadinessResource.class);

    record Operation(String method, String path, Access access, Method java) {
        String id() {
            return method + " " + path;
        }
    }

    private ResourceMethods() {
    }

    static List<Operation> all() {
        List<Operation> operations = new ArrayList<>();
        for (Class<?> resource : RESOURCES) {
            String root = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = "/" + root + (sub == null ? "" : "/" + sub.value());
                operations.add(new Operation(http, path.replaceAll("/+", "/"), method.getAnnotation(Access.class), method));
            }
        }
        operations.sort(Comparator.comparing(Operation::id));
        return operations;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }
}
