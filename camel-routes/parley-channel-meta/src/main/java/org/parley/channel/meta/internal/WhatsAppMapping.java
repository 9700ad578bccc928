package org.parley.channel.meta.internal;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.SocialIdentity;

/**
 * WhatsApp Cloud API messages ({@code value.messages[]} of a {@code messages} change). The author is the sender's
 * {@code wa_id}, which is their phone number: the identity carries it as {@code +<wa_id>} so the CRM links the person
 * by phone, with the profile name from {@code value.contacts[]}.
 *
 * <p>Text is {@code text.body}; images, videos, audio, documents and stickers are media, given as their Graph API
 * media object ({@code <graph>/<version>/<media id>}: Meta's download links expire within minutes, the media id does
 * not) with the caption as text; locations, shared contacts, button and list answers become a line of text. Reactions
 * are not stored (an emoji on a message is not a message). A message WhatsApp could not deliver to the API
 * ({@code unsupported}, {@code unknown}) becomes a dead letter carrying WhatsApp's reason, so a person sees that
 * someone wrote. Delivery statuses are not interactions.
 */
final class WhatsAppMapping {

    private static final Set<String> MEDIA_TYPES = Set.of("image", "video", "audio", "voice", "document", "sticker");

    private final String account;
    private final URI graphBase;

    WhatsAppMapping(String account, URI graphBase) {
        this.account = account;
        this.graphBase = graphBase;
    }

    /**
     * @param item  one message, in an envelope of its own
     * @param value the change's value it came in (contacts, metadata)
     * @return the message, or null when it is not one Parley stores
     */
    Interaction map(Item item, JsonNode value) {
        JsonNode message = item.payload();
        Network wa = Network.WHATSAPP;
        String id = Json.text(message, "id");
        if (id == null) {
            throw new Unmappable("the message has no id");
        }
        String from = Json.text(message, "from");
        if (from == null || !from.matches("\\d{5,20}")) {
            throw new Unmappable("message " + id + " has no sender phone number (from)"
                    + (from == null ? "" : ": '" + Json.abbreviate(from) + "' is not a wa_id"));
        }
        String type = Json.text(message, "type");
        String text;
        List<String> media = new ArrayList<>(1);
        if (type == null) {
            throw new Unmappable("message " + id + " has no type");
        }
        switch (type) {
            case "text" -> text = Json.words(message.path("text"), "body");
            case "reaction" -> {
                return null;
            }
            case "location" -> text = location(message.path("location"));
            case "contacts" -> text = contacts(message);
            case "button" -> text = Json.words(message.path("button"), "text");
            case "interactive" -> text = interactive(message.path("interactive"));
            case "unsupported", "unknown" -> throw new Unmappable("WhatsApp could not pass message " + id + " on to the "
                    + "API (" + errorTitle(message) + "): read it in the WhatsApp Business app");
            default -> {
                if (!MEDIA_TYPES.contains(type)) {
                    throw new Unmappable("message " + id + " is of a type Parley does not read: '"
                            + Json.abbreviate(type) + "'");
                }
                JsonNode attachment = message.path(type);
                String mediaId = Json.text(attachment, "id");
                if (mediaId != null && mediaId.matches("\\d{1,64}")) {
                    media.add(graphBase + "/" + mediaId);
                }
                text = Json.words(attachment, "caption");
                if (text == null && "document".equals(type)) {
                    text = Json.words(attachment, "filename");
                }
            }
        }
        JsonNode contact = contact(value, from);
        String name = contact == null ? null : Json.words(contact.path("profile"), "name");
        String contextId = Json.text(message.path("context"), "id");
        return Interaction.builder(MetaSettings.CHANNEL, wa.id(id))
                .kind(InteractionKind.DIRECT_MESSAGE)
                .account(account)
                .author(new SocialIdentity(MetaSettings.CHANNEL, wa.id(from), name, "https://wa.me/" + from, null, "+" + from))
                .text(text)
                .media(media)
                .occurredAt(occurredAt(message, item))
                .inReplyTo(contextId != null ? wa.id(contextId) : null)
                .threadId(MessagingMapping.conversation(wa, from))
                .raw(item.raw())
                .build();
    }

    /** The contact whose wa_id sent the message; the only one when WhatsApp sent one without a wa_id. */
    static JsonNode contact(JsonNode value, String from) {
        JsonNode contacts = value.path("contacts");
        if (!contacts.isArray()) {
            return null;
        }
        for (JsonNode contact : contacts) {
            if (from.equals(Json.text(contact, "wa_id"))) {
                return contact;
            }
        }
        return contacts.size() == 1 && Json.text(contacts.get(0), "wa_id") == null ? contacts.get(0) : null;
    }

    private static Instant occurredAt(JsonNode message, Item item) {
        Instant at = Json.time(message, "timestamp");
        return at != null ? at : item.entryTime();
    }

    private static String location(JsonNode location) {
        StringBuilder text = new StringBuilder("Location");
        String name = Json.words(location, "name");
        String address = Json.words(location, "address");
        if (name != null) {
            text.append(": ").append(name);
        }
        if (address != null) {
            text.append(name != null ? ", " : ": ").append(address);
        }
        JsonNode lat = location.path("latitude");
        JsonNode lon = location.path("longitude");
        if (lat.isNumber() && lon.isNumber()) {
            text.append(" (").append(lat.asDouble()).append(", ").append(lon.asDouble()).append(')');
        }
        return text.toString();
    }

    private static String contacts(JsonNode message) {
        List<String> shared = new ArrayList<>();
        for (JsonNode contact : Json.array(message, "contacts")) {
            String name = Json.words(contact.path("name"), "formatted_name");
            List<String> phones = new ArrayList<>();
            for (JsonNode phone : Json.array(contact, "phones")) {
                String p = Json.words(phone, "phone");
                if (p != null) {
                    phones.add(p);
                }
            }
            shared.add((name != null ? name : "(no name)") + (phones.isEmpty() ? "" : " " + String.join(", ", phones)));
        }
        return shared.isEmpty() ? null : "Shared contact: " + String.join("; ", shared);
    }

    private static String interactive(JsonNode interactive) {
        JsonNode answer = interactive.has("button_reply") ? interactive.path("button_reply") : interactive.path("list_reply");
        String title = Json.words(answer, "title");
        String description = Json.words(answer, "description");
        if (title == null) {
            return null;
        }
        return description == null ? title : title + " - " + description;
    }

    private static String errorTitle(JsonNode message) {
        JsonNode error = message.path("errors").path(0);
        String title = Json.words(error, "title");
        String details = Json.words(error.path("error_data"), "details");
        if (title == null) {
            return "no reason given";
        }
        return Json.abbreviate(details == null ? title : title + ": " + details);
    }
}
