package org.parley.channel.telegram.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Telegram bot, configured by {@code etc/org.parley.channel.telegram-<name>.cfg}. The defaults here are the only
 * defaults: {@link TelegramSettings} reads them from this annotation and nowhere else.
 *
 * <p>Values are strings so that a wrong one is refused by {@link TelegramSettings} with a message naming the key,
 * instead of being coerced silently by the DS runtime.
 */
@ObjectClassDefinition(name = "Parley Telegram channel",
        description = "One Telegram bot, polled with getUpdates or pushing to the webhook ingress. One factory configuration per bot: "
                + "etc/org.parley.channel.telegram-<name>.cfg")
public @interface TelegramConfig {

    String PID = "org.parley.channel.telegram";

    @AttributeDefinition(name = "Bot token", type = AttributeType.PASSWORD,
            description = "The token BotFather gave the bot (<bot id>:<secret>). Never logged")
    String botToken();

    @AttributeDefinition(name = "Bot API URL",
            description = "https URL of the Bot API (or of a self-hosted Bot API server); http only on 127.0.0.1 or localhost")
    String apiUrl() default "https://api.telegram.org";

    @AttributeDefinition(name = "Account",
            description = "Account label (letters, digits, '.', '_', '-'); empty: the <name> of the configuration file",
            required = false)
    String account() default "";

    @AttributeDefinition(name = "Bot username",
            description = "The bot's @username, to recognise mentions in groups; empty: asked from Telegram (getMe) at start",
            required = false)
    String botUsername() default "";

    @AttributeDefinition(name = "Long-poll timeout",
            description = "How long one getUpdates waits for news, in whole seconds (0 to 50) or ISO-8601 (PT25S)")
    String pollTimeout() default "25";

    @AttributeDefinition(name = "Poll interval",
            description = "Pause between two getUpdates calls: ISO-8601 duration or seconds; at least PT0.1S")
    String pollInterval() default "PT1S";

    @AttributeDefinition(name = "Updates per poll", description = "Largest number of updates one getUpdates returns: 1 to 100")
    String updatesPerPoll() default "100";

    @AttributeDefinition(name = "Backfill window",
            description = "At the first poll, how far back pending updates are imported: ISO-8601 duration, PT0S for none. "
                    + "Telegram keeps a bot's undelivered updates for 24 hours only")
    String backfillWindow() default "P7D";

    @AttributeDefinition(name = "Require approval",
            description = "true: a reply needs a second person's approval before it is posted")
    String requireApproval() default "false";

    @AttributeDefinition(name = "Connect timeout", description = "ISO-8601 duration or seconds")
    String connectTimeout() default "PT10S";

    @AttributeDefinition(name = "Read timeout",
            description = "Longest wait for an answer beyond the long-poll timeout: ISO-8601 duration or seconds")
    String readTimeout() default "PT30S";

    @AttributeDefinition(name = "Mode",
            description = "polling: the bot long-polls getUpdates. webhook: Telegram pushes updates to Parley's public "
                    + "ingress (feature parley-ingress) at webhookUrl, and the bot does not poll")
    String mode() default "polling";

    @AttributeDefinition(name = "Webhook URL", required = false,
            description = "webhook mode: the public https URL Telegram posts updates to, which your reverse proxy "
                    + "forwards to the ingress at /parley/hooks/telegram/<account>")
    String webhookUrl() default "";

    @AttributeDefinition(name = "Webhook secret", type = AttributeType.PASSWORD, required = false,
            description = "webhook mode: 1 to 256 letters, digits, '_' or '-'; Telegram sends it back with every update "
                    + "and the ingress refuses updates without it. Never logged")
    String webhookSecret() default "";
}
