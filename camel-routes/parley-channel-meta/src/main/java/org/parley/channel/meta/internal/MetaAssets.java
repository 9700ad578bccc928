package org.parley.channel.meta.internal;

/**
 * What one Meta account answers for; each is null when the account has none. An event for any other asset is a dead
 * letter: the app's webhook points at an account that does not read it.
 *
 * @param pageId                the Facebook Page (its feed comments and Messenger messages)
 * @param instagramAccountId    the Instagram professional account (comments, mentions, direct messages)
 * @param whatsappPhoneNumberId the WhatsApp Cloud API phone number id (its messages)
 */
public record MetaAssets(String pageId, String instagramAccountId, String whatsappPhoneNumberId) {

    public boolean none() {
        return pageId == null && instagramAccountId == null && whatsappPhoneNumberId == null;
    }

    /** The configured id of a network's asset, or null. */
    public String of(Network network) {
        return switch (network) {
            case FACEBOOK -> pageId;
            case INSTAGRAM -> instagramAccountId;
            case WHATSAPP -> whatsappPhoneNumberId;
        };
    }
}
