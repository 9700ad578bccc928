package org.parley.camel.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Channel bundles come, go and are updated: each builder's routes and its bundle revision's class loader leave the
 * CamelContext with it, and only then. Bundles are simulated; each loader holds a marker resource of its own.
 */
class CamelRuntimeTest {

    @TempDir
    Path dir;

    private final AtomicReference<CamelContext> registered = new AtomicReference<>();
    private CamelRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    @Test
    void aBuildersRoutesAndItsRevisionsLoaderLeaveTogetherEvenAfterAnUpdate() throws Exception {
        runtime = new CamelRuntime(bundleContext(), config(5), new DirectComponent());
        CamelContext camel = registered.get();
        SimulatedBundle a = new SimulatedBundle("channel-a", loader("a"));
        SimulatedBundle b = new SimulatedBundle("channel-b", loader("b"));
        RouteBuilder routesA = routes("a");
        RouteBuilder routesB = routes("b");

        runtime.addRoutes(routesA, a.reference());
        runtime.addRoutes(routesB, b.reference());
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).containsExactlyInAnyOrder("route-a", "route-b");
        assertThat(marker(camel, "a")).isTrue();
        assertThat(marker(camel, "b")).isTrue();

        // Bundle a is updated: its wiring now hands out the new revision's loader, then its old builder goes away.
        a.loader = loader("a2");
        runtime.removeRoutes(routesA, a.reference());

        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).containsExactly("route-b");
        assertThat(marker(camel, "a")).as("the old revision's loader is gone although bundle b still has routes").isFalse();
        assertThat(marker(camel, "b")).isTrue();
    }

    @Test
    void aBuilderThatCannotStartLeavesNeitherRoutesNorItsLoader() throws Exception {
        runtime = new CamelRuntime(bundleContext(), config(5), new DirectComponent());
        CamelContext camel = registered.get();
        SimulatedBundle broken = new SimulatedBundle("channel-broken", loader("broken"));

        runtime.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ok").routeId("route-ok").to("log:ok");
                from("direct:broken").routeId("route-broken").to("no-such-scheme:anywhere");
            }
        }, broken.reference());

        assertThat(camel.getRoutes()).isEmpty();
        assertThat(marker(camel, "broken")).isFalse();
    }

    private static RouteBuilder routes(String name) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + name).routeId("route-" + name).to("direct:" + name + "-out");
            }
        };
    }

    private ClassLoader loader(String name) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name));
        Files.writeString(root.resolve("parley-marker-" + name + ".txt"), name);
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    private static boolean marker(CamelContext camel, String name) {
        return camel.getApplicationContextClassLoader().getResource("parley-marker-" + name + ".txt") != null;
    }

    /** A bundle whose wiring hands out its current revision's class loader. */
    private static final class SimulatedBundle {
        final String name;
        volatile ClassLoader loader;

        SimulatedBundle(String name, ClassLoader loader) {
            this.name = name;
            this.loader = loader;
        }

        @SuppressWarnings("unchecked")
        ServiceReference<org.apache.camel.RoutesBuilder> reference() {
            BundleWiring wiring = proxy(BundleWiring.class, (m, args) -> m.equals("getClassLoader") ? loader : null);
            Bundle bundle = proxy(Bundle.class, (m, args) -> switch (m) {
                case "adapt" -> args[0] == BundleWiring.class ? wiring : null;
                case "getSymbolicName" -> name;
                default -> null;
            });
            return proxy(ServiceReference.class, (m, args) -> m.equals("getBundle") ? bundle : null);
        }
    }

    private BundleContext bundleContext() {
        return proxy(BundleContext.class, (m, args) -> {
            if (m.equals("registerService")) {
                registered.set((CamelContext) args[1]);
                return proxy(ServiceRegistration.class, (m2, a2) -> null);
            }
            return null;
        });
    }

    private static CamelRuntime.Config config(int shutdownSeconds) {
        return new CamelRuntime.Config() {
            public Class<? extends Annotation> annotationType() { return CamelRuntime.Config.class; }
            public int shutdownTimeoutSeconds() { return shutdownSeconds; }
        };
    }

    @FunctionalInterface
    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(CamelRuntimeTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    case "toString" -> type.getSimpleName() + " (simulated)";
                    default -> answer.answer(method.getName(), args);
                });
    }
}
