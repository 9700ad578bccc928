package org.parley.crm.suitecrm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The SuiteCRM connector, configured by {@code etc/org.parley.crm.suitecrm.cfg}. The defaults here are the only
 * defaults: {@link SuiteCrmSettings} reads them from this annotation and nowhere else.
 *
 * <p>Values with a syntax richer than one Java type (durations, the channel-to-field map, lists of fields) are strings,
 * so that a wrong value is refused by {@link SuiteCrmSettings} with a message naming the key and the value instead of
 * being coerced silently by the DS runtime. Secrets are never part of a message.
 */
@ObjectClassDefinition(name = "Parley SuiteCRM connector",
        description = "Writes Parley's social interactions into SuiteCRM 7.x or 8.x through its V8 JSON:API: "
                + "etc/org.parley.crm.suitecrm.cfg")
public @interface SuiteCrmConfig {

    String PID = "org.parley.crm.suitecrm";

    @AttributeDefinition(name = "SuiteCRM URL",
            description = "http or https base URL of the SuiteCRM site, for example https://crm.example.com")
    String url();

    @AttributeDefinition(name = "SuiteCRM version",
            description = "7: the API is at <url>/Api; 8: at <url>/legacy/Api. Ignored when apiPath is set",
            options = {@Option(label = "SuiteCRM 7.x", value = "7"), @Option(label = "SuiteCRM 8.x", value = "8")})
    String version() default "7";

    @AttributeDefinition(name = "API path",
            description = "Path of the API root below the URL, such as /Api or /legacy/Api; empty: from the version",
            required = false)
    String apiPath() default "";

    @AttributeDefinition(name = "OAuth2 grant", description = "The grant of the OAuth2 client made in SuiteCRM's admin",
            options = {@Option(label = "Client credentials", value = "client_credentials"),
                    @Option(label = "Password", value = "password")})
    String grantType() default "client_credentials";

    @AttributeDefinition(name = "OAuth2 client id")
    String clientId();

    @AttributeDefinition(name = "OAuth2 client secret", type = AttributeType.PASSWORD)
    String clientSecret();

    @AttributeDefinition(name = "User name", description = "SuiteCRM user, for the password grant only", required = false)
    String username() default "";

    @AttributeDefinition(name = "Password", description = "SuiteCRM user's password, for the password grant only",
            type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(name = "Connect timeout", description = "ISO-8601 duration (PT10S) or seconds")
    String connectTimeout() default "PT10S";

    @AttributeDefinition(name = "Request timeout",
            description = "Longest time one whole API response may take; ISO-8601 duration or seconds")
    String requestTimeout() default "PT30S";

    @AttributeDefinition(name = "Handle fields",
            description = "channel=field pairs, comma separated: the Contacts/Leads custom field holding the person's "
                    + "handle on that channel. An empty field (feeds=) or an unlisted channel: no handle matching",
            required = false)
    String handleFields() default "mastodon=mastodon_handle_c,bluesky=bluesky_handle_c,telegram=telegram_handle_c,feeds=";

    @AttributeDefinition(name = "Phone fields",
            description = "Contacts/Leads fields compared with a phone number the channel reveals, comma separated; "
                    + "empty: no phone matching", required = false)
    String phoneFields() default "phone_mobile,phone_work";

    @AttributeDefinition(name = "Note key field",
            description = "The Notes custom field (added by the Parley package) that carries the interaction key")
    String noteKeyField() default "parley_key_c";

    @AttributeDefinition(name = "Engagement field",
            description = "Contacts/Leads field for the engagement score; empty: not written", required = false)
    String engagementField() default "parley_engagement_c";

    @AttributeDefinition(name = "Sentiment field",
            description = "Contacts/Leads field for the sentiment score; empty: not written", required = false)
    String sentimentField() default "parley_sentiment_c";

    @AttributeDefinition(name = "Target list prefix",
            description = "Parley's tags are mirrored to Target Lists named <prefix><tag>", required = false)
    String targetListPrefix() default "Social: ";
}
