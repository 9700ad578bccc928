package org.parley.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thing said on a channel. Immutable. Built by channels, checked by {@link InteractionValidator}
 * before it is stored; the JSON form is documented in {@code docs/interaction-json.md}.
 *
 * @param channel     channel name, for example {@code feeds}, {@code mastodon}
 * @param externalId  the channel's own id for it (RSS guid, Atom id, status id ...)
 * @param kind        what kind of thing was said
 * @param account     the brand account it arrived on (one channel may run several)
 * @param author      who said it
 * @param text        what was said, as plain text or the channel's markup; never trusted, never rendered as HTML
 * @param media       links to attached media
 * @param url         link back to the original
 * @param occurredAt  when it was said, by the channel's clock
 * @param inReplyTo   external id of the interaction this one answers, on the same channel
 * @param threadId    external id of the first interaction of its thread
 * @param language    BCP 47 language tag, when known
 * @param metrics     engagement counts
 * @param rating      for reviews: 1 to 5 stars
 * @param raw         the channel's payload as it arrived, kept for replay and audits
 */
public record Interaction(String channel, String externalId, InteractionKind kind, String account,
                          SocialIdentity author, String text, List<String> media, String url,
                          Instant occurredAt, String inReplyTo, String threadId, String language,
                          Metrics metrics, Integer rating, String raw) {

    public Interaction {
        media = media == null ? List.of() : List.copyOf(media);
        metrics = metrics == null ? Metrics.NONE : metrics;
    }

    /** The store's unique key. Only meaningful on an interaction that has a channel and an external id. */
    public InteractionKey key() {
        return new InteractionKey(channel, externalId);
    }

    public Interaction withRaw(String newRaw) {
        return new Interaction(channel, externalId, kind, account, author, text, media, url, occurredAt,
                inReplyTo, threadId, language, metrics, rating, newRaw);
    }

    public Interaction withLanguage(String newLanguage) {
        if (Objects.equals(language, newLanguage)) {
            return this;
        }
        return new Interaction(channel, externalId, kind, account, author, text, media, url, occurredAt,
                inReplyTo, threadId, newLanguage, metrics, rating, raw);
    }

    /** Fills channel and account from the endpoint when the channel left them out. */
    public Interaction withDefaults(String defaultChannel, String defaultAccount) {
        if (Objects.equals(channel, defaultChannel) && (account != null || defaultAccount == null)) {
            return this;
        }
        return new Interaction(channel == null ? defaultChannel : channel, externalId, kind,
                account == null ? defaultAccount : account, author, text, media, url, occurredAt,
                inReplyTo, threadId, language, metrics, rating, raw);
    }

    public static Builder builder(String channel, String externalId) {
        return new Builder(channel, externalId);
    }

    /** For channels and tests: named setters over a record with many fields. */
    public static final class Builder {
        private final String channel;
        private final String externalId;
        private InteractionKind kind;
        private String account;
        private SocialIdentity author;
        private String text;
        private List<String> media;
        private String url;
        private Instant occurredAt;
        private String inReplyTo;
        private String threadId;
        private String language;
        private Metrics metrics;
        private Integer rating;
        private String raw;

        private Builder(String channel, String externalId) {
            this.channel = channel;
            this.externalId = externalId;
        }

        public Builder kind(InteractionKind value) { this.kind = value; return this; }
        public Builder account(String value) { this.account = value; return this; }
        public Builder author(SocialIdentity value) { this.author = value; return this; }
        public Builder text(String value) { this.text = value; return this; }
        public Builder media(List<String> value) { this.media = value; return this; }
        public Builder url(String value) { this.url = value; return this; }
        public Builder occurredAt(Instant value) { this.occurredAt = value; return this; }
        public Builder inReplyTo(String value) { this.inReplyTo = value; return this; }
        public Builder threadId(String value) { this.threadId = value; return this; }
        public Builder language(String value) { this.language = value; return this; }
        public Builder metrics(Metrics value) { this.metrics = value; return this; }
        public Builder rating(Integer value) { this.rating = value; return this; }
        public Builder raw(String value) { this.raw = value; return this; }

        public Interaction build() {
            return new Interaction(channel, externalId, kind, account, author, text, media, url, occurredAt,
                    inReplyTo, threadId, language, metrics, rating, raw);
        }
    }
}
