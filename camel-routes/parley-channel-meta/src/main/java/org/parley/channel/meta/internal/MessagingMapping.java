package org.parley.channel.meta.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.api.SocialIdentity;

/**
 * Messenger and Instagram direct messages: {@code entry[].messaging[]} events that carry a {@code message}. The
 * sender is the person (PSID or IGSID); the text is {@code message.text}, attachments with a link are media, and
 * {@code message.reply_to.mid} is what it answers.
 *
 * <p>Left out: echoes ({@code is_echo}: the Page's or account's own messages, Parley's replies among them),
 * deleted and unsupported messages, and events that are not messages (read, delivery, postback, reaction, referral,
 * optin, message_edit): nobody's words.
 */
final class MessagingMapping {

    private final String account;

    MessagingMapping(String account) {
        this.account = account;
    }

    /** The message, or null when the event is not one Parley stores. */
    Interaction map(Item item, String assetId) {
        JsonNode event = item.payload();
        JsonNode message = event.get("message");
        if (message == null || !message.isObject()) {
            return null;
        }
        if (message.path("is_echo").asBoolean(false) || message.path("is_deleted").asBoolean(false)
                || message.path("is_unsupported").asBoolean(false)) {
            return null;
        }
        Network network = item.network();
        String mid = Json.text(message, "mid");
        if (mid == null) {
            throw new Unmappable("the message has no mid");
        }
        String senderId = Json.text(event.path("sender"), "id");
        if (senderId == null) {
            throw new Unmappable("message " + mid + " has no sender.id");
        }
        if (senderId.equals(assetId)) {
            return null; // the asset's own message without is_echo (sent from another app)
        }
        Instant at = Json.time(event, "timestamp");
        String replyTo = Json.text(message.path("reply_to"), "mid");
        return Interaction.builder(MetaSettings.CHANNEL, network.id(mid))
                .kind(InteractionKind.DIRECT_MESSAGE)
                .account(account)
                .author(new SocialIdentity(MetaSettings.CHANNEL, network.id(senderId), null, null, null, null))
                .text(Json.words(message, "text"))
                .media(media(message))
                .occurredAt(at != null ? at : item.entryTime())
                .inReplyTo(replyTo != null ? network.id(replyTo) : null)
                .threadId(conversation(network, senderId))
                .raw(item.raw())
                .build();
    }

    /** One thread per person and asset: Meta's direct messages have no thread id of their own. */
    static String conversation(Network network, String personId) {
        return network.id("dm:" + personId);
    }

    private static List<String> media(JsonNode message) {
        List<String> media = new ArrayList<>();
        for (JsonNode attachment : Json.array(message, "attachments")) {
            String url = Json.http(Json.text(attachment.path("payload"), "url"));
            if (url != null && media.size() < InteractionValidator.MAX_MEDIA) {
                media.add(url);
            }
        }
        return media;
    }
}
