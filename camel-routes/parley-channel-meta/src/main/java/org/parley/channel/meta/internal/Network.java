package org.parley.channel.meta.internal;

/**
 * The Meta network an interaction comes from. Parley stores all three on channel {@code meta}; the network is the
 * prefix of every external id and handle ({@code fb:}, {@code ig:}, {@code wa:}), so a CRM user sees where it was
 * said, ids of different networks never collide, and a reply knows which API to call.
 */
public enum Network {
    FACEBOOK("fb", "Facebook", "Facebook Page", "pageId"),
    INSTAGRAM("ig", "Instagram", "Instagram account", "instagramAccountId"),
    WHATSAPP("wa", "WhatsApp", "WhatsApp phone number", "whatsappPhoneNumberId");

    private final String prefix;
    private final String label;
    private final String asset;
    private final String configKey;

    Network(String prefix, String label, String asset, String configKey) {
        this.prefix = prefix;
        this.label = label;
        this.asset = asset;
        this.configKey = configKey;
    }

    /** {@code fb}, {@code ig} or {@code wa}. */
    public String prefix() {
        return prefix;
    }

    /** For people: Facebook, Instagram, WhatsApp. */
    public String label() {
        return label;
    }

    /** What the account's asset on this network is called, for messages. */
    public String asset() {
        return asset;
    }

    /** The configuration key of the asset's id. */
    public String configKey() {
        return configKey;
    }

    /** A Meta id as Parley stores it: {@code fb:123}. */
    public String id(String metaId) {
        return prefix + ":" + metaId;
    }

    /** The Meta id inside a Parley id of this network, or null when it belongs to another network. */
    public String metaId(String parleyId) {
        if (parleyId == null || !parleyId.startsWith(prefix + ":")) {
            return null;
        }
        String id = parleyId.substring(prefix.length() + 1);
        return id.isEmpty() ? null : id;
    }

    /** The network of a Parley id ({@code fb:...}, {@code ig:...}, {@code wa:...}), or null. */
    public static Network of(String parleyId) {
        for (Network n : values()) {
            if (n.metaId(parleyId) != null) {
                return n;
            }
        }
        return null;
    }
}
