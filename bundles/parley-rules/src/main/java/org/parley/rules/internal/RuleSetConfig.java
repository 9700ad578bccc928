package org.parley.rules.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One rule set: {@code etc/org.parley.rules-<set>.cfg}, a factory configuration. Its rules are keys of their own
 * ({@code <rule>.when}, {@code <rule>.then}, {@code <rule>.enabled}), which no annotation can declare; they are read
 * from the configuration's properties by {@link RuleSetReader}. {@code enabled} is a string so that a wrong value is
 * refused rather than read as false.
 */
@ObjectClassDefinition(name = "Parley rule set",
        description = "Admins' rules, one factory configuration per set: etc/org.parley.rules-<set>.cfg with "
                + "<rule>.when = <condition>, <rule>.then = <actions>, optionally <rule>.enabled = false")
public @interface RuleSetConfig {

    String PID = "org.parley.rules";

    @AttributeDefinition(name = "Enabled",
            description = "false switches every rule of the set off; they can still be tried with parley:rules test")
    String enabled() default "true";
}
