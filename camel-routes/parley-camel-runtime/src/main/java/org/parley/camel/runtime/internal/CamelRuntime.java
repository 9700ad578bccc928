package org.parley.camel.runtime.internal;

import java.util.HashSet;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns Parley's one CamelContext. Routes arrive as {@link RoutesBuilder} DS services from any bundle; the runtime
 * records which route ids each builder added and removes exactly those when its service goes away, so a channel
 * bundle can be stopped, updated and started on its own. The context is published as a {@link CamelContext}
 * service for bundles that need a producer template.
 *
 * <p>The {@code parley:} component is a mandatory reference: every channel route ends in it, so starting routes
 * before it exists would only fail them. Other components published as services (property {@code camel.component})
 * are added as they come.
 */
@Component(immediate = true, configurationPid = CamelRuntime.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CamelRuntime.Config.class)
public final class CamelRuntime {

    static final String PID = "org.parley.camel";
    static final String COMPONENT_PROPERTY = "camel.component";
    private static final Logger LOG = LoggerFactory.getLogger(CamelRuntime.class);

    @ObjectClassDefinition(name = "Parley Camel runtime", description = "Parley's CamelContext")
    public @interface Config {
        @AttributeDefinition(name = "Shutdown timeout", description = "Seconds in-flight exchanges get to finish when Parley stops", min = "1", max = "600")
        int shutdownTimeoutSeconds() default 20;
    }

    private final DefaultCamelContext context;
    private final BundleClassLoaders classLoaders;
    /** What each builder brought: its bundle's class loader as it was when bound, and the route ids it added. */
    private final Map<RoutesBuilder, Contribution> contributions = new IdentityHashMap<>();
    private final ServiceRegistration<CamelContext> registration;

    @Activate
    public CamelRuntime(BundleContext bundleContext, Config config,
                        @Reference(target = "(" + COMPONENT_PROPERTY + "=parley)") org.apache.camel.Component parley) {
        if (config.shutdownTimeoutSeconds() < 1) {
            throw new IllegalArgumentException(PID + ": shutdownTimeoutSeconds " + config.shutdownTimeoutSeconds() + " must be at least 1");
        }
        classLoaders = new BundleClassLoaders(CamelRuntime.class.getClassLoader());
        context = new DefaultCamelContext(false);
        context.getCamelContextExtension().setName("parley");
        context.setApplicationContextClassLoader(classLoaders);
        context.getShutdownStrategy().setTimeout(config.shutdownTimeoutSeconds());
        context.addComponent("parley", parley);
        context.start();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("camel.context.name", context.getName());
        registration = bundleContext.registerService(CamelContext.class, context, props);
        LOG.info("Parley's CamelContext started (Camel {})", context.getVersion());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + COMPONENT_PROPERTY + "=*)")
    synchronized void addComponent(org.apache.camel.Component component, Map<String, Object> properties) {
        String scheme = String.valueOf(properties.get(COMPONENT_PROPERTY));
        if (!"parley".equals(scheme) && context.hasComponent(scheme) == null) {
            context.addComponent(scheme, component);
        }
    }

    synchronized void removeComponent(org.apache.camel.Component component, Map<String, Object> properties) {
        String scheme = String.valueOf(properties.get(COMPONENT_PROPERTY));
        if (!"parley".equals(scheme) && context.hasComponent(scheme) == component) {
            context.removeComponent(scheme);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addRoutes(RoutesBuilder builder, ServiceReference<RoutesBuilder> reference) {
        Bundle bundle = reference.getBundle();
        String name = bundle == null ? "?" : bundle.getSymbolicName();
        BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
        ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
        if (loader != null) {
            classLoaders.add(loader);
            TypeConverters.loadFrom(loader, name, context);
        }
        Set<String> before = routeIds();
        try {
            context.addRoutes(builder);
        } catch (Exception e) {
            // A builder that fails must not leave half its routes, nor its class loader, behind.
            removeRoutes(difference(routeIds(), before));
            release(loader);
            LOG.error("Routes from bundle {} could not start: {}", name, e.toString(), e);
            return;
        }
        Set<String> added = difference(routeIds(), before);
        contributions.put(builder, new Contribution(loader, added));
        LOG.info("Started routes {} from bundle {}", added, name);
    }

    synchronized void removeRoutes(RoutesBuilder builder, ServiceReference<RoutesBuilder> reference) {
        Contribution gone = contributions.remove(builder);
        if (gone == null) {
            return;
        }
        removeRoutes(gone.routeIds());
        LOG.info("Removed routes {}", gone.routeIds());
        // The loader recorded at bind time, not the bundle's current one: after an update, that is already the new
        // revision's, and the old one must not stay ahead of it in the context's class loader.
        release(gone.loader());
    }

    /** Drops a bundle revision's class loader once no remaining builder came with it. */
    private void release(ClassLoader loader) {
        if (loader != null && contributions.values().stream().noneMatch(c -> c.loader() == loader)) {
            classLoaders.remove(loader);
        }
    }

    private record Contribution(ClassLoader loader, Set<String> routeIds) {
    }

    @Deactivate
    synchronized void stop() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is shutting down
        }
        context.stop();
        LOG.info("Parley's CamelContext stopped");
    }

    private Set<String> routeIds() {
        return context.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
    }

    private void removeRoutes(Set<String> ids) {
        for (String id : ids) {
            try {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            } catch (Exception e) {
                LOG.warn("Could not remove route {}: {}", id, e.toString());
            }
        }
    }

    private static Set<String> difference(Set<String> after, Set<String> before) {
        Set<String> added = new HashSet<>(after);
        added.removeAll(before);
        return added;
    }
}
