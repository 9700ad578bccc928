package org.parley.channel.example.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One account of the channel, configured by {@code etc/org.parley.channel.example-<account>.cfg}. The defaults here
 * are the only defaults; {@link ExampleSettings} checks every value at activation. Durations and URLs are strings so
 * that a wrong value is refused with a message naming the key, instead of being coerced by the DS runtime.
 */
@ObjectClassDefinition(name = "Parley example channel",
        description = "One account of the example messages API. One factory configuration per account: "
                + "etc/org.parley.channel.example-<account>.cfg")
public @interface ExampleConfig {

    String PID = "org.parley.channel.example";

    @AttributeDefinition(name = "API base URL", description = "https URL of the API (http only for 127.0.0.1 or localhost)")
    String baseUrl();

    @AttributeDefinition(name = "Access token", description = "Bearer token of the brand account", type = AttributeType.PASSWORD)
    String accessToken();

    @AttributeDefinition(name = "Account", required = false,
            description = "Account label (letters, digits, '.', '_', '-'); empty: the <account> of the configuration file")
    String account() default "";

    @AttributeDefinition(name = "Poll interval", description = "ISO-8601 duration or seconds; at least 1 second")
    String pollInterval() default "PT30S";

    @AttributeDefinition(name = "Page size", description = "Messages asked for per request", min = "1", max = "100")
    int pageSize() default 50;

    @AttributeDefinition(name = "Backfill window",
            description = "On the account's first poll, import this much history (ISO-8601, e.g. P7D); PT0S for none")
    String backfillWindow() default "P7D";

    @AttributeDefinition(name = "Require approval", description = "A reply needs a second person's approval before it is posted")
    boolean requireApproval() default false;

    @AttributeDefinition(name = "Timeout", description = "Longest time one request may take; ISO-8601 duration or seconds")
    String timeout() default "PT30S";
}
