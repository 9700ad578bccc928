package org.parley.channel.bluesky.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Bluesky account, configured by {@code etc/org.parley.channel.bluesky-<name>.cfg}. The defaults here are the only
 * defaults: {@link BlueskySettings} reads them from this annotation and nowhere else.
 *
 * <p>Durations are strings, so that a wrong value is refused by {@link BlueskySettings} with a message naming the key
 * and the value instead of being coerced silently by the DS runtime.
 */
@ObjectClassDefinition(name = "Parley Bluesky channel",
        description = "One Bluesky account polled into Parley: its mentions, replies and quotes. One factory configuration "
                + "per account: etc/org.parley.channel.bluesky-<name>.cfg")
public @interface BlueskyConfig {

    String PID = "org.parley.channel.bluesky";

    @AttributeDefinition(name = "Service URL",
            description = "The account's PDS or the entryway (https); http only for 127.0.0.1 or localhost")
    String serviceUrl() default "https://bsky.social";

    @AttributeDefinition(name = "Identifier", description = "The account's handle (brand.bsky.social) or DID (did:plc:...)")
    String identifier();

    @AttributeDefinition(name = "App password",
            description = "An app password made in Bluesky under Settings > Privacy and security > App passwords; "
                    + "never the account's own password", type = AttributeType.PASSWORD)
    String appPassword();

    @AttributeDefinition(name = "Account",
            description = "Account label (letters, digits, '.', '_', '-'); empty: the <name> of the configuration file",
            required = false)
    String account() default "";

    @AttributeDefinition(name = "Poll interval", description = "ISO-8601 duration (PT30S) or seconds; at least 10 seconds")
    String pollInterval() default "PT30S";

    @AttributeDefinition(name = "Page size", description = "Notifications asked for per request, 1 to 100", min = "1", max = "100")
    int pageSize() default 50;

    @AttributeDefinition(name = "Backfill window",
            description = "How far back the account's history is imported when it is connected: ISO-8601 duration "
                    + "(P7D); PT0S imports nothing older than the connection")
    String backfillWindow() default "P7D";

    @AttributeDefinition(name = "Require approval",
            description = "A reply needs a second person's approval before it is posted")
    boolean requireApproval() default false;

    @AttributeDefinition(name = "Connect timeout", description = "ISO-8601 duration or seconds")
    String connectTimeout() default "PT10S";

    @AttributeDefinition(name = "Read timeout",
            description = "Longest time one whole response may take; ISO-8601 duration or seconds")
    String readTimeout() default "PT30S";
}
