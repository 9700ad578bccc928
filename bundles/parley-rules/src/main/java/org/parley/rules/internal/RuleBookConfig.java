package org.parley.rules.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@value #PID} ({@code etc/org.parley.rulebook.cfg}, optional): how every rule runs. The defaults
 * here are the only defaults; {@link RuleBookSettings} checks the values at activation.
 */
@ObjectClassDefinition(name = "Parley rules",
        description = "Limits that keep the admins' rules cheap on the ingest path")
public @interface RuleBookConfig {

    String PID = "org.parley.rulebook";

    /**
     * 50 ms: far above what a sound pattern takes on the longest text a regular expression is given, even before the
     * JIT has compiled the matcher (20 ms stopped quadratic but finite patterns on long e-mails just after a start),
     * and short enough that a runaway pattern costs an ingest thread little.
     */
    @AttributeDefinition(name = "Regular expression time limit",
            description = "Longest one regular expression may run on one interaction before it is stopped and its "
                    + "rule counts as not matching; ISO-8601 (PT0.001S..PT1S)")
    String regexTimeLimit() default "PT0.05S";

    @AttributeDefinition(name = "Regular expression text",
            description = "Regular expressions see at most the first this many characters of a text (100..65536)")
    int regexMaxChars() default 10_000;
}
