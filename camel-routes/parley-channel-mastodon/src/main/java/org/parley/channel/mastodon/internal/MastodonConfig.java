package org.parley.channel.mastodon.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Mastodon account, configured by {@code etc/org.parley.channel.mastodon-<account>.cfg}. The defaults here are the
 * only defaults: {@link MastodonSettings} reads them from this annotation and nowhere else.
 *
 * <p>Durations and numbers are strings, so that a wrong value is refused by {@link MastodonSettings} with a message that
 * names the key and the value, instead of being coerced silently by the DS runtime.
 */
@ObjectClassDefinition(name = "Parley Mastodon channel",
        description = "One Mastodon account whose mentions and direct messages come into Parley, and from which replies are "
                + "posted. One factory configuration per account: etc/org.parley.channel.mastodon-<account>.cfg")
public @interface MastodonConfig {

    String PID = "org.parley.channel.mastodon";

    @AttributeDefinition(name = "Instance URL",
            description = "https URL of the Mastodon instance, e.g. https://mastodon.social (http only for localhost)")
    String baseUrl();

    @AttributeDefinition(name = "Access token", type = AttributeType.PASSWORD,
            description = "OAuth bearer token of the account, with the scopes read:notifications and write:statuses")
    String accessToken();

    @AttributeDefinition(name = "Account",
            description = "Account label (letters, digits, '.', '_', '-'); empty: the <account> of the configuration file",
            required = false)
    String account() default "";

    @AttributeDefinition(name = "Instance domain",
            description = "The domain in the handles of the instance's own users (user@domain); empty: the host of baseUrl. "
                    + "Set it only when the instance serves its web pages from another host than its handles use",
            required = false)
    String instanceDomain() default "";

    @AttributeDefinition(name = "Poll interval", description = "ISO-8601 duration (PT30S) or seconds; at least 5 seconds")
    String pollInterval() default "PT30S";

    @AttributeDefinition(name = "Page size", description = "Notifications per request, 1 to 80")
    String pageSize() default "40";

    @AttributeDefinition(name = "Backfill window",
            description = "How far back the account's history is imported when it is connected (ISO-8601, e.g. P7D); PT0S for none")
    String backfillWindow() default "P7D";

    @AttributeDefinition(name = "Require approval",
            description = "A reply needs a second person's approval before it is posted")
    boolean requireApproval() default false;

    @AttributeDefinition(name = "Maximum reply length",
            description = "The instance's character limit for a post (500 on a stock Mastodon)")
    String maxReplyLength() default "500";

    @AttributeDefinition(name = "Connect timeout", description = "ISO-8601 duration or seconds")
    String connectTimeout() default "PT10S";

    @AttributeDefinition(name = "Read timeout",
            description = "Longest time one whole response may take; ISO-8601 duration or seconds")
    String readTimeout() default "PT30S";
}
