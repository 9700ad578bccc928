package org.parley.metrics.internal;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanRegistrationException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.parley.metrics.ParleyMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the metrics MXBean {@value ParleyMetrics#OBJECT_NAME} on the MBeanServer Karaf publishes (the platform
 * server, behind Karaf's JAAS realm and {@code jmx.acl}), and unregisters it when Parley's metrics go.
 */
@Component(immediate = true)
public final class MetricsJmx {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsJmx.class);

    static final ObjectName NAME = objectName();

    private final MBeanServer server;

    @Activate
    public MetricsJmx(@Reference MBeanServer server, @Reference MetricsService metrics) {
        this.server = server;
        try {
            server.registerMBean(new ParleyMetricsBean(metrics.reader()), NAME);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the MXBean " + NAME + ": " + e, e);
        }
        LOG.info("Parley's metrics are readable over JMX as {}", NAME);
    }

    @Deactivate
    void deactivate() {
        try {
            server.unregisterMBean(NAME);
        } catch (InstanceNotFoundException e) {
            LOG.debug("the MXBean {} was unregistered already", NAME);
        } catch (MBeanRegistrationException e) {
            LOG.warn("cannot unregister the MXBean {}: {}", NAME, e.toString());
        }
    }

    private static ObjectName objectName() {
        try {
            return new ObjectName(ParleyMetrics.OBJECT_NAME);
        } catch (MalformedObjectNameException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
