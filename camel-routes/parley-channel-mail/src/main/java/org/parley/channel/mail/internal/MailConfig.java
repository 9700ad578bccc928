package org.parley.channel.mail.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One mailbox, configured by {@code etc/org.parley.channel.mail-<name>.cfg}. The defaults here are the only defaults:
 * {@link MailSettings} reads them from this annotation and nowhere else.
 *
 * <p>Values whose syntax is richer than one Java type (URLs, durations, sizes) are strings, so that a wrong value is
 * refused by {@link MailSettings} with a message that names the key, instead of being coerced silently by DS.
 */
@ObjectClassDefinition(name = "Parley e-mail channel",
        description = "One IMAP folder read into Parley, answered over SMTP. One factory configuration per mailbox: "
                + "etc/org.parley.channel.mail-<name>.cfg")
public @interface MailConfig {

    String PID = "org.parley.channel.mail";

    @AttributeDefinition(name = "IMAP server",
            description = "imaps://host[:993] (TLS), or imap://host[:143] (STARTTLS required; plain only on localhost "
                    + "or with allowPlaintext)")
    String imapUrl();

    @AttributeDefinition(name = "Folder", description = "The IMAP folder read, e.g. INBOX or INBOX/Support")
    String folder() default "INBOX";

    @AttributeDefinition(name = "User name", description = "IMAP login")
    String username();

    @AttributeDefinition(name = "Password", description = "IMAP password", type = AttributeType.PASSWORD)
    String password();

    @AttributeDefinition(name = "SMTP server", required = false,
            description = "smtps://host[:465] (TLS), or smtp://host[:587] (STARTTLS required; plain only on localhost "
                    + "or with allowPlaintext). Empty: this mailbox is read only and takes no replies")
    String smtpUrl() default "";

    @AttributeDefinition(name = "SMTP user name", required = false, description = "Empty: the IMAP user name")
    String smtpUsername() default "";

    @AttributeDefinition(name = "SMTP password", required = false, type = AttributeType.PASSWORD,
            description = "Empty: the IMAP password")
    String smtpPassword() default "";

    @AttributeDefinition(name = "From address", required = false,
            description = "The brand's address replies come from; empty: the user name, when it is an address")
    String fromAddress() default "";

    @AttributeDefinition(name = "Account",
            description = "Account label (letters, digits, '.', '_', '-'); empty: the <name> of the configuration file",
            required = false)
    String account() default "";

    @AttributeDefinition(name = "Poll interval", description = "ISO-8601 duration (PT1M) or seconds; at least 10 seconds")
    String pollInterval() default "PT1M";

    @AttributeDefinition(name = "Batch size",
            description = "Messages committed together with their cursor, 1 to 1000")
    int batchSize() default 100;

    @AttributeDefinition(name = "Backfill window",
            description = "With no cursor yet, the history read: messages received within this ISO-8601 duration "
                    + "(P7D); PT0S reads none and starts with the next message")
    String backfillWindow() default "P7D";

    @AttributeDefinition(name = "Require approval",
            description = "A reply needs a second person's approval before it is sent")
    boolean requireApproval() default false;

    @AttributeDefinition(name = "Largest message",
            description = "Bytes, or a number with KB or MB. A larger message is not read: it becomes a dead letter")
    String maxMessageBytes() default "10MB";

    @AttributeDefinition(name = "Allow plaintext",
            description = "Allow imap:// and smtp:// without TLS to hosts other than localhost (never over a network "
                    + "you do not control: the password would travel in clear)")
    boolean allowPlaintext() default false;

    @AttributeDefinition(name = "Connect timeout", description = "ISO-8601 duration or seconds")
    String connectTimeout() default "PT10S";

    @AttributeDefinition(name = "Read timeout",
            description = "Longest wait for one answer of the IMAP or SMTP server; ISO-8601 duration or seconds")
    String readTimeout() default "PT60S";
}
