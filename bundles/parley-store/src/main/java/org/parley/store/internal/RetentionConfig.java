package org.parley.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@value #PID} ({@code etc/org.parley.retention.cfg}, optional): how long each channel's
 * interactions are kept. Without it nothing is purged.
 */
@ObjectClassDefinition(name = "Parley retention",
        description = "Purges each channel's interactions older than its age, with their tags, replies and finished CRM writes")
public @interface RetentionConfig {

    String PID = "org.parley.retention";

    @AttributeDefinition(name = "Ages per channel",
            description = "channel=age pairs, comma-separated, e.g. feeds=P365D, mastodon=P180D: interactions that "
                    + "occurred longer ago are purged. An age is an ISO-8601 duration of at least P1D. A channel not "
                    + "named keeps everything")
    String channels() default "";

    @AttributeDefinition(name = "Interval", description = "How often the purge runs: ISO-8601 duration, PT1M to P7D")
    String interval() default "PT1H";

    @AttributeDefinition(name = "Batch size",
            description = "Interactions purged per transaction, 1 to 10000: small batches keep ingest flowing meanwhile")
    String batchSize() default "1000";
}
