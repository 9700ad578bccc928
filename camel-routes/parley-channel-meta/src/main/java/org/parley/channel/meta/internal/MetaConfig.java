package org.parley.channel.meta.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Meta app and the assets it answers for (a Facebook Page, an Instagram professional account, a WhatsApp business
 * phone number), configured by {@code etc/org.parley.channel.meta-<account>.cfg}. The defaults here are the only
 * defaults: {@link MetaSettings} reads them from this annotation and nowhere else.
 *
 * <p>Values are strings so that a wrong one is refused by {@link MetaSettings} with a message naming the key, instead of
 * being coerced silently by the DS runtime.
 */
@ObjectClassDefinition(name = "Parley Meta channel",
        description = "Facebook Page comments and Messenger, Instagram comments, mentions and direct messages, WhatsApp "
                + "Cloud messages, pushed by a Meta app's webhook to /parley/hooks/meta/<account>. One factory configuration "
                + "per account: etc/org.parley.channel.meta-<account>.cfg")
public @interface MetaConfig {

    String PID = "org.parley.channel.meta";

    @AttributeDefinition(name = "App secret", type = AttributeType.PASSWORD,
            description = "The Meta app's secret (App settings > Basic): the key of X-Hub-Signature-256. Never logged")
    String appSecret();

    @AttributeDefinition(name = "Verify token", type = AttributeType.PASSWORD,
            description = "The token typed into the app's webhook settings, answered by Parley's hub.challenge handshake")
    String verifyToken();

    @AttributeDefinition(name = "Access token", type = AttributeType.PASSWORD,
            description = "Page or system-user access token that posts the replies (pages_manage_engagement, "
                    + "pages_messaging, instagram_manage_comments, instagram_manage_messages, whatsapp_business_messaging)")
    String pageAccessToken();

    @AttributeDefinition(name = "Graph API URL",
            description = "https URL of the Graph API; http only on 127.0.0.1 or localhost")
    String graphUrl() default "https://graph.facebook.com";

    @AttributeDefinition(name = "Graph API version", description = "Such as v21.0")
    String graphVersion() default "v21.0";

    @AttributeDefinition(name = "Account",
            description = "Account label (letters, digits, '.', '_', '-'); empty: the <account> of the configuration file",
            required = false)
    String account() default "";

    @AttributeDefinition(name = "Facebook Page id", description = "The Page whose comments and Messenger messages "
            + "this account reads; empty: none", required = false)
    String pageId() default "";

    @AttributeDefinition(name = "Instagram account id", description = "The Instagram professional account whose "
            + "comments, mentions and direct messages this account reads; empty: none", required = false)
    String instagramAccountId() default "";

    @AttributeDefinition(name = "WhatsApp phone number id", description = "The WhatsApp Cloud API phone number id "
            + "(not the phone number) whose messages this account reads; empty: none", required = false)
    String whatsappPhoneNumberId() default "";

    @AttributeDefinition(name = "Require approval",
            description = "true: a reply needs a second person's approval before it is posted")
    String requireApproval() default "false";

    @AttributeDefinition(name = "Message window",
            description = "How long after a person's message a direct message may answer it (Messenger, Instagram, "
                    + "WhatsApp): ISO-8601 duration or seconds, at most PT24H")
    String messageWindow() default "PT24H";

    @AttributeDefinition(name = "Connect timeout", description = "ISO-8601 duration or seconds")
    String connectTimeout() default "PT10S";

    @AttributeDefinition(name = "Read timeout",
            description = "Longest time one whole Graph API response may take; ISO-8601 duration or seconds")
    String readTimeout() default "PT30S";
}
