package org.parley.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The readiness check's thresholds, {@code etc/org.parley.health.cfg} (optional). The defaults here are the only
 * defaults; values are strings so that {@link HealthSettings} refuses a wrong one with the key named.
 */
@ObjectClassDefinition(name = "Parley health",
        description = "When Parley reports itself not ready (GET /parley/api/v1/health/ready answers 503 with the "
                + "reasons): the store does not answer, the CRM circuit breaker is open, a channel account has failed "
                + "for longer than channelFailingFor, or a webhook delivery has waited longer than inboxBacklogAge")
public @interface HealthConfig {

    String PID = "org.parley.health";

    @AttributeDefinition(name = "Channel failing for",
            description = "A channel account whose last poll failed after its last success, and whose last success "
                    + "is longer ago than this, makes Parley not ready: ISO-8601 duration or seconds, PT1M to P7D")
    String channelFailingFor() default "PT15M";

    @AttributeDefinition(name = "Inbox backlog age",
            description = "A verified webhook delivery still unprocessed after this long makes Parley not ready: "
                    + "ISO-8601 duration or seconds, PT10S to P1D")
    String inboxBacklogAge() default "PT5M";
}
