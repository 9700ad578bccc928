package org.parley.api;

/**
 * A person as one channel knows them: (channel, handle) plus what the channel reveals.
 * E-mail and phone are present only where the channel gives them (mail, WhatsApp).
 */
public record SocialIdentity(String channel, String handle, String displayName, String profileUrl,
                             String email, String phone) {

    public static SocialIdentity of(String channel, String handle, String displayName) {
        return new SocialIdentity(channel, handle, displayName, null, null, null);
    }
}
