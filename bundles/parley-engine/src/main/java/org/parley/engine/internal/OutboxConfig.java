package org.parley.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@value OutboxWorker#PID} ({@code etc/org.parley.crm.outbox.cfg}): how the CRM outbox is drained
 * and when an unknown author becomes a lead. The defaults here are the only defaults; {@link OutboxSettings} checks
 * every value at activation. Durations are ISO-8601 ({@code PT2M}, {@code PT30S}, {@code PT0.5S}).
 */
@ObjectClassDefinition(name = "Parley CRM outbox",
        description = "Delivery of stored interactions into the CRM: concurrency, leases, backoff, circuit breaker, lead policy")
public @interface OutboxConfig {

    @AttributeDefinition(name = "Concurrency", description = "CRM writes in flight at once (1..64)")
    int concurrency() default 4;

    @AttributeDefinition(name = "Batch size", description = "Due rows claimed at a time (1..1000)")
    int batchSize() default 50;

    @AttributeDefinition(name = "Lease",
            description = "How long a claimed row is ours; a worker that dies gives it back after this (PT0.1S..PT24H)")
    String lease() default "PT2M";

    @AttributeDefinition(name = "Poll interval", description = "How often due rows are looked for (PT0.01S..PT1H)")
    String pollInterval() default "PT1S";

    @AttributeDefinition(name = "Shutdown timeout",
            description = "How long stopping waits for writes in flight (PT0S..PT10M)")
    String shutdownTimeout() default "PT30S";

    @AttributeDefinition(name = "Backoff: first wait", description = "Wait after the first failed attempt (PT0.01S..PT24H)")
    String backoffInitial() default "PT10S";

    @AttributeDefinition(name = "Backoff: multiplier", description = "Each further attempt waits this much longer (1..10)")
    double backoffMultiplier() default 2.0;

    @AttributeDefinition(name = "Backoff: jitter",
            description = "Random spread of each wait, as a fraction of it (0 to below 1)")
    double backoffRandomization() default 0.5;

    @AttributeDefinition(name = "Backoff: longest wait", description = "Cap on the wait between attempts (backoffInitial..P7D)")
    String backoffMax() default "PT1H";

    @AttributeDefinition(name = "Breaker: failure rate",
            description = "Percentage of failed CRM calls in the window that opens the circuit breaker (above 0, up to 100)")
    float breakerFailureRateThreshold() default 50f;

    @AttributeDefinition(name = "Breaker: window", description = "The last this many CRM calls are judged (1..1000)")
    int breakerSlidingWindowSize() default 20;

    @AttributeDefinition(name = "Breaker: minimum calls",
            description = "Calls needed before the failure rate counts (1..breakerSlidingWindowSize)")
    int breakerMinimumCalls() default 10;

    @AttributeDefinition(name = "Breaker: open wait",
            description = "How long an open breaker makes no CRM calls before trying again (PT0.01S..PT1H)")
    String breakerWaitInOpenState() default "PT30S";

    @AttributeDefinition(name = "Breaker: trial calls", description = "CRM calls allowed while half open (1..100)")
    int breakerPermittedCallsInHalfOpen() default 3;

    @AttributeDefinition(name = "Lead after interactions",
            description = "An unknown author becomes a lead at this many stored interactions (0 = never by count)")
    int leadAfterInteractions() default 3;

    @AttributeDefinition(name = "Lead on tags",
            description = "Comma-separated tags that make an unknown author a lead at once (empty = none)")
    String leadOnTags() default "prospect";
}
