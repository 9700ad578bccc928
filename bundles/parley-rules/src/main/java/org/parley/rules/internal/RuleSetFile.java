package org.parley.rules.internal;

import java.time.Clock;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.parley.api.config.ConfigValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule set file, {@code etc/org.parley.rules-<set>.cfg}, read at activation. Editing the file makes DS
 * deactivate this instance and activate a new one with the new properties, which the {@link RuleBook} picks up at
 * once: rules change without a restart.
 * <p>
 * A set with any problem is refused whole: its rules do not run (a previous version of the file stops with it),
 * every problem is logged at ERROR, and the set is still published, rule-less, so that {@code parley:rules check}
 * shows why. Keeping half of a file in force would leave an admin guessing which half.
 */
@Component(name = RuleSetConfig.PID, service = RuleSetFile.class, configurationPid = RuleSetConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RuleSetConfig.class, factory = true)
public final class RuleSetFile {

    private static final Logger LOG = LoggerFactory.getLogger(RuleSetFile.class);

    private final RuleSet set;

    @Activate
    public RuleSetFile(RuleSetConfig config, Map<String, Object> properties) {
        this(read(config, properties, Clock.systemUTC()));
    }

    RuleSetFile(RuleSet set) {
        this.set = set;
        if (set.refused()) {
            LOG.error("Rule set {} refused, none of its rules runs: {}", set.source(), String.join("; ", set.problems()));
        } else {
            long enabled = set.rules().stream().filter(r -> r.enabled).count();
            LOG.info("Rule set {} loaded: {} rules, {} enabled{}", set.source(), set.rules().size(), enabled,
                    set.enabled() ? "" : " (the set is switched off)");
        }
    }

    /** Reads a configuration as DS hands it over: its typed view and all its properties. */
    public static RuleSetFile of(RuleSetConfig config, Map<String, Object> properties, Clock clock) {
        return new RuleSetFile(read(config, properties, clock));
    }

    private static RuleSet read(RuleSetConfig config, Map<String, Object> properties, Clock clock) {
        String name = ConfigValues.factoryName(RuleSetConfig.PID, properties);
        String source = ConfigValues.displayPid(RuleSetConfig.PID, name, properties);
        return RuleSetReader.read(source, name, config.enabled(), properties, clock.instant());
    }

    RuleSet ruleSet() {
        return set;
    }

    @Override
    public String toString() {
        return "RuleSetFile[" + set.source() + "]";
    }
}
