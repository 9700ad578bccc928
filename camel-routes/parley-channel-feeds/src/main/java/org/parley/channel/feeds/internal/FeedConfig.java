package org.parley.channel.feeds.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One feed, configured by {@code etc/org.parley.channel.feeds-<name>.cfg}. The defaults here are the only defaults:
 * {@link FeedSettings} reads them from this annotation and nowhere else.
 *
 * <p>Values whose syntax is richer than one Java type (durations as ISO-8601 or seconds, sizes with units, the kind) are
 * strings, so that a wrong value is refused by {@link FeedSettings} with a message that names the key and the value,
 * instead of being coerced silently by the DS runtime.
 */
@ObjectClassDefinition(name = "Parley feed channel",
        description = "One RSS 2.0 or Atom feed polled into Parley. One factory configuration per feed: "
                + "etc/org.parley.channel.feeds-<name>.cfg")
public @interface FeedConfig {

    String PID = "org.parley.channel.feeds";

    @AttributeDefinition(name = "Feed URL", description = "http or https URL of the RSS 2.0 or Atom document")
    String url();

    @AttributeDefinition(name = "Poll interval",
            description = "ISO-8601 duration (PT5M) or a number of seconds; at least 10 seconds")
    String pollInterval() default "PT5M";

    @AttributeDefinition(name = "Kind", description = "What the feed's entries are",
            options = {@Option(label = "Review", value = "REVIEW"), @Option(label = "Post", value = "POST"),
                    @Option(label = "Mention", value = "MENTION"), @Option(label = "Comment", value = "COMMENT"),
                    @Option(label = "Reply", value = "REPLY"), @Option(label = "Direct message", value = "DIRECT_MESSAGE")})
    String kind() default "REVIEW";

    @AttributeDefinition(name = "Default language",
            description = "BCP 47 tag applied when neither the entry nor the feed names a language; empty for none",
            required = false)
    String language() default "";

    @AttributeDefinition(name = "Account",
            description = "Account label (letters, digits, '.', '_', '-'); empty: the <name> of the configuration file",
            required = false)
    String account() default "";

    @AttributeDefinition(name = "Connect timeout", description = "ISO-8601 duration or seconds")
    String connectTimeout() default "PT10S";

    @AttributeDefinition(name = "Read timeout",
            description = "Longest time one whole response (headers and document) may take; ISO-8601 duration or seconds")
    String readTimeout() default "PT30S";

    @AttributeDefinition(name = "Maximum document size",
            description = "Largest feed document accepted: bytes, or a number with KB or MB")
    String maxBytes() default "5MB";
}
