package org.parley.channel.meta.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionValidator;

/**
 * Maps a verified Meta webhook body ({@code {"object": ..., "entry": [...]}}) to interactions, item by item: one
 * Facebook feed change, one Messenger or Instagram messaging event, one Instagram comment or mention, one WhatsApp
 * message. An item that cannot be mapped becomes a dead letter holding a webhook body with that item alone, so a replay
 * maps exactly it; its neighbours are mapped as usual. A body that is not a Meta webhook at all is refused whole
 * ({@link IllegalArgumentException}).
 *
 * <p>Conventions (all on channel {@code meta}): external ids and handles carry the network as a prefix
 * ({@code fb:}, {@code ig:}, {@code wa:}); comments are {@code COMMENT} with the post or media as thread; direct
 * messages are {@code DIRECT_MESSAGE} with one thread per person ({@code fb:dm:<psid>}, {@code ig:dm:<igsid>},
 * {@code wa:dm:<wa_id>}); Instagram mentions are {@code MENTION}. The raw payload of each interaction is its one-item
 * webhook body. An event for an asset this account does not read is a dead letter naming the asset and the key to
 * set.
 */
public final class WebhookMapper {

    /** What one body gave. {@code skipped} counts items that are not interactions (statuses, echoes, reads ...). */
    public record Mapped(List<Interaction> interactions, List<DeadLetter.New> deadLetters, int skipped) {
    }

    /** Meta sends at most 1,000 changes per delivery, a few KB each. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final String account;
    private final MetaAssets assets;
    private final String replayUri;
    private final InteractionValidator validator;
    private final FeedMapping feed;
    private final MessagingMapping messaging;
    private final InstagramMapping instagram;
    private final WhatsAppMapping whatsapp;

    /**
     * @param account   the account the deliveries arrived on
     * @param assets    what the account reads
     * @param graphBase the versioned Graph API root, for WhatsApp media ids
     * @param replayUri where a dead letter of this account is replayed
     * @param validator the rules an interaction must meet
     * @param mentions  reads Instagram mentions' words
     */
    public WebhookMapper(String account, MetaAssets assets, URI graphBase, String replayUri, InteractionValidator validator,
                         MentionLookup mentions) {
        this.account = account;
        this.assets = assets;
        this.replayUri = replayUri;
        this.validator = validator;
        this.feed = new FeedMapping(account, assets.pageId());
        this.messaging = new MessagingMapping(account);
        this.instagram = new InstagramMapping(account, assets.instagramAccountId(), mentions);
        this.whatsapp = new WhatsAppMapping(account, graphBase);
    }

    public Mapped map(String body) {
        return map(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws IllegalArgumentException when the body is too large, not JSON, or not a Meta webhook of a kind Parley
     *                                  reads; the message says which
     * @throws IllegalStateException    when an item cannot be mapped now but can later (the Graph API is down or
     *                                  throttling while a mention is read): the delivery is to be mapped again
     */
    public Mapped map(byte[] body) {
        JsonNode root = parse(body);
        String object = Json.text(root, "object");
        Network network = network(object);
        JsonNode entries = root.get("entry");
        if (entries == null || !entries.isArray()) {
            throw new IllegalArgumentException("the Meta webhook body has no entry array");
        }
        Batch batch = new Batch();
        for (JsonNode entry : entries) {
            if (!entry.isObject()) {
                throw new IllegalArgumentException("an entry of the Meta webhook body is not an object");
            }
            if (network == Network.WHATSAPP) {
                whatsappEntry(object, entry, batch);
            } else {
                pageOrInstagramEntry(network, object, entry, batch);
            }
        }
        return new Mapped(batch.interactions, batch.deadLetters, batch.skipped);
    }

    private void pageOrInstagramEntry(Network network, String object, JsonNode entry, Batch batch) {
        for (JsonNode change : Json.array(entry, "changes")) {
            Item item = new Item(network, entry, change, envelope(object, entry, "changes", change));
            String field = Json.text(change, "field");
            String what = network.label() + " " + (field == null ? "change" : Json.abbreviate(field) + " change");
            if (!assetChecked(item, item.entryId(), what, batch)) {
                continue;
            }
            add(batch, item, what, () -> network == Network.FACEBOOK ? feed.map(item) : instagram.map(item));
        }
        for (JsonNode event : Json.array(entry, "messaging")) {
            Item item = new Item(network, entry, event, envelope(object, entry, "messaging", event));
            String what = network == Network.FACEBOOK ? "Messenger event" : "Instagram messaging event";
            if (!assetChecked(item, item.entryId(), what, batch)) {
                continue;
            }
            add(batch, item, what, () -> messaging.map(item, assets.of(network)));
        }
    }

    private void whatsappEntry(String object, JsonNode entry, Batch batch) {
        for (JsonNode change : Json.array(entry, "changes")) {
            JsonNode value = change.path("value");
            if (!"messages".equals(Json.text(change, "field"))) {
                batch.skipped++;
                continue;
            }
            // Delivery and read receipts of the brand's own messages, and errors, are not interactions.
            batch.skipped += size(value, "statuses") + size(value, "errors");
            String phoneNumberId = Json.text(value.path("metadata"), "phone_number_id");
            for (JsonNode message : Json.array(value, "messages")) {
                Item item = new Item(Network.WHATSAPP, entry, message, whatsappEnvelope(object, entry, change, value, message));
                if (!assetChecked(item, phoneNumberId, "WhatsApp message", batch)) {
                    continue;
                }
                add(batch, item, "WhatsApp message", () -> whatsapp.map(item, value));
            }
        }
    }

    /** True when the item's asset is the account's; else the item is a dead letter saying whose it is. */
    private boolean assetChecked(Item item, String assetId, String what, Batch batch) {
        Network network = item.network();
        String mine = assets.of(network);
        if (mine != null && mine.equals(assetId)) {
            return true;
        }
        String reason = what + " for " + network.asset() + " " + (assetId == null ? "(no id given)" : Json.abbreviate(assetId))
                + ", which account '" + account + "' does not read ("
                + (mine == null ? network.configKey() + " is not set" : "its " + network.configKey() + " is " + mine)
                + "): set " + network.configKey() + ", or point that asset's webhook at the account that reads it";
        batch.deadLetters.add(new DeadLetter.New(MetaSettings.CHANNEL, account, reason, item.raw(), replayUri));
        return false;
    }

    private void add(Batch batch, Item item, String what, ItemMapper mapper) {
        List<String> problems = new ArrayList<>();
        Interaction interaction = null;
        try {
            interaction = mapper.map();
            if (interaction == null) {
                batch.skipped++;
                return;
            }
            problems.addAll(validator.problems(interaction));
        } catch (Unmappable e) {
            problems.add(e.getMessage());
        } catch (RetryLater e) {
            throw e;
        } catch (RuntimeException e) {
            problems.add("it cannot be read: " + e.getClass().getSimpleName());
        }
        if (problems.isEmpty()) {
            batch.interactions.add(interaction);
        } else {
            String id = interaction == null ? null : interaction.externalId();
            batch.deadLetters.add(new DeadLetter.New(MetaSettings.CHANNEL, account,
                    what + (id == null ? "" : " " + id) + ": " + String.join("; ", problems), item.raw(), replayUri));
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("the Meta webhook body is empty");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the Meta webhook body has " + body.length + " bytes, over the limit of "
                    + MAX_BODY_BYTES);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException("the Meta webhook body is beyond Parley's JSON limits: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            String original = e.getOriginalMessage();
            if (original != null && original.startsWith("Duplicate field")) {
                throw new IllegalArgumentException("the Meta webhook body has a duplicate field" + where
                        + ": Parley does not guess which one counts");
            }
            throw new IllegalArgumentException("the Meta webhook body is not valid JSON" + where);
        } catch (IOException e) {
            throw new IllegalArgumentException("the Meta webhook body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the Meta webhook body is not a JSON object");
        }
        return root;
    }

    private static Network network(String object) {
        if (object == null) {
            throw new IllegalArgumentException("the Meta webhook body has no object field");
        }
        return switch (object) {
            case "page" -> Network.FACEBOOK;
            case "instagram" -> Network.INSTAGRAM;
            case "whatsapp_business_account" -> Network.WHATSAPP;
            default -> throw new IllegalArgumentException("the Meta webhook's object '" + Json.abbreviate(object)
                    + "' is not one Parley reads (page, instagram, whatsapp_business_account): remove that subscription "
                    + "from the Meta app, or point it elsewhere");
        };
    }

    /** {@code {"object":..,"entry":[{"id":..,"time":..,"<list>":[item]}]}}. */
    private static ObjectNode envelope(String object, JsonNode entry, String list, JsonNode item) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("object", object);
        ObjectNode single = root.putArray("entry").addObject();
        copy(entry, single, "id");
        copy(entry, single, "time");
        single.putArray(list).add(item);
        return root;
    }

    /** One WhatsApp message with its metadata and its sender's contact. */
    private static ObjectNode whatsappEnvelope(String object, JsonNode entry, JsonNode change, JsonNode value,
                                               JsonNode message) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("object", object);
        ObjectNode single = root.putArray("entry").addObject();
        copy(entry, single, "id");
        ObjectNode oneChange = single.putArray("changes").addObject();
        copy(change, oneChange, "field");
        ObjectNode oneValue = oneChange.putObject("value");
        copy(value, oneValue, "messaging_product");
        copy(value, oneValue, "metadata");
        ArrayNode contacts = oneValue.putArray("contacts");
        String from = Json.text(message, "from");
        JsonNode contact = from == null ? null : WhatsAppMapping.contact(value, from);
        if (contact != null) {
            contacts.add(contact);
        }
        oneValue.putArray("messages").add(message);
        return root;
    }

    private static int size(JsonNode node, String field) {
        JsonNode list = node.get(field);
        return list != null && list.isArray() ? list.size() : 0;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(field, value);
        }
    }

    @FunctionalInterface
    private interface ItemMapper {
        Interaction map();
    }

    private static final class Batch {
        final List<Interaction> interactions = new ArrayList<>();
        final List<DeadLetter.New> deadLetters = new ArrayList<>();
        int skipped;
    }
}
