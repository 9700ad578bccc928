package org.parley.rest.internal;

import java.time.Clock;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.rest.TabAccess;
import org.parley.rest.TabToken;
import org.parley.rest.TabTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's configuration ({@code etc/org.parley.rest.cfg}, optional: without it HTTP Basic works and no tab token is
 * accepted), checked at activation. Offered as {@link TabAccess} to the bundle that serves the tab, and under this
 * bundle-private class to the filters. A wrong value fails the activation, which keeps the whole API down (closed)
 * with the reason in the log.
 */
@Component(service = {TabAccess.class, RestSettingsService.class}, configurationPid = RestConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RestConfig.class)
public final class RestSettingsService implements TabAccess {

    private static final Logger LOG = LoggerFactory.getLogger(RestSettingsService.class);

    private final RestSettings settings;
    private final Clock clock;

    @Activate
    public RestSettingsService(RestConfig config) {
        this(RestSettings.validate(config), Clock.systemUTC());
        LOG.info("Parley REST API configured: {}", settings);
    }

    RestSettingsService(RestSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public TabToken verify(String token) {
        byte[] secret = settings.tabSecret();
        if (secret == null) {
            throw new TabTokenException(TabTokenException.Reason.NOT_ENABLED, "this Parley accepts no tab token: "
                    + "tabSecret is not set in etc/" + RestConfig.PID + ".cfg");
        }
        return TabToken.verify(token, secret, clock.instant(), settings.maxTokenLifetime());
    }

    @Override
    public boolean enabled() {
        return settings.tabSecret() != null;
    }

    @Override
    public List<String> allowedFrameAncestors() {
        return settings.allowedFrameAncestors();
    }

    String realm() {
        return settings.realm();
    }
}
