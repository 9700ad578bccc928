package org.parley.metrics.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.metrics.ParleyHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readiness check as a service, configured by {@code etc/org.parley.health.cfg} (optional; the defaults apply
 * without it). A wrong value fails the activation with the PID, the key and what is allowed: the health endpoint is
 * then absent, which a load balancer reads as not ready.
 */
@Component(service = ParleyHealth.class, configurationPid = HealthConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HealthConfig.class)
public final class HealthService implements ParleyHealth {

    private static final Logger LOG = LoggerFactory.getLogger(HealthService.class);

    private final ReadinessCheck check;

    @Activate
    public HealthService(@Reference MetricsService metrics, HealthConfig config) {
        this(metrics, HealthSettings.validate(config));
    }

    public HealthService(MetricsService metrics, HealthSettings settings) {
        this.check = new ReadinessCheck(metrics.sources(), settings, metrics.clock());
        LOG.info("Parley health configured: {}", settings);
    }

    @Override
    public Readiness readiness() {
        return check.readiness();
    }
}
