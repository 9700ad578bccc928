package org.parley.channel.wechat.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One WeChat Official Account, configured by {@code etc/org.parley.channel.wechat-<account>.cfg}. The defaults here
 * are the only defaults: {@link WeChatSettings} reads them from this annotation and nowhere else.
 *
 * <p>Values are strings so that a wrong one is refused by {@link WeChatSettings} with a message naming the key, instead
 * of being coerced silently by the DS runtime.
 */
@ObjectClassDefinition(name = "Parley WeChat Official Account",
        description = "Messages and events of a WeChat Official Account, pushed by WeChat to /parley/hooks/wechat/<account>; "
                + "replies through the customer-service message API. One factory configuration per account: "
                + "etc/org.parley.channel.wechat-<account>.cfg")
public @interface WeChatConfig {

    String PID = "org.parley.channel.wechat";

    @AttributeDefinition(name = "AppID", description = "The account's AppID (Settings and Development > Basic "
            + "Configuration), such as wx1234567890abcdef")
    String appId();

    @AttributeDefinition(name = "AppSecret", type = AttributeType.PASSWORD,
            description = "The account's AppSecret, which buys the access token replies are sent with. Never logged")
    String appSecret();

    @AttributeDefinition(name = "Token", type = AttributeType.PASSWORD,
            description = "The Token typed into the server configuration (3 to 32 letters and digits): the key of "
                    + "WeChat's request signature. Never logged")
    String token();

    @AttributeDefinition(name = "Message encryption mode",
            description = "plain (明文模式) or safe (安全模式, messages AES-encrypted and signed with msg_signature; needs "
                    + "encodingAesKey). compatible (兼容模式) is refused: its plain copy is not signed")
    String mode() default "plain";

    @AttributeDefinition(name = "EncodingAESKey", type = AttributeType.PASSWORD, required = false,
            description = "The 43-character EncodingAESKey of safe mode; unused in plain mode. Never logged")
    String encodingAesKey() default "";

    @AttributeDefinition(name = "API URL",
            description = "https URL of the WeChat API; http only on 127.0.0.1 or localhost")
    String apiBaseUrl() default "https://api.weixin.qq.com";

    @AttributeDefinition(name = "Account",
            description = "Account label (letters, digits, '.', '_', '-'); empty: the <account> of the configuration file",
            required = false)
    String account() default "";

    @AttributeDefinition(name = "Freshness",
            description = "How far a request's timestamp may be from Parley's clock before it is refused as stale; "
                    + "ISO-8601 duration or seconds, PT10S to PT1H")
    String freshness() default "PT5M";

    @AttributeDefinition(name = "Reply window",
            description = "How long after the person's last message (or follow, scan, menu click) the "
                    + "customer-service API takes a message; ISO-8601 duration or seconds, at most PT48H")
    String replyWindow() default "PT48H";

    @AttributeDefinition(name = "Require approval",
            description = "true: a reply needs a second person's approval before it is sent")
    String requireApproval() default "false";

    @AttributeDefinition(name = "Quota wait", description = "How long a reply waits when WeChat says the daily API "
            + "quota is used up (45009); ISO-8601 duration or seconds")
    String quotaWait() default "PT15M";

    @AttributeDefinition(name = "Connect timeout", description = "ISO-8601 duration or seconds")
    String connectTimeout() default "PT10S";

    @AttributeDefinition(name = "Read timeout",
            description = "Longest time one whole WeChat API response may take; ISO-8601 duration or seconds")
    String readTimeout() default "PT30S";
}
