package org.parley.channel.telegram.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.api.InvalidInteractionException;
import org.parley.api.SocialIdentity;

/**
 * Maps a page of Bot API updates ({@code message} and {@code edited_message}) to interactions, update by update: one
 * that cannot be mapped becomes a dead letter holding that update alone; its neighbours are mapped as usual.
 *
 * <ul>
 * <li>Private chat: {@code DIRECT_MESSAGE}. Group or supergroup: a reply to one of the bot's messages is a
 *     {@code REPLY}, a message that mentions the bot a {@code MENTION}; other group chatter is no interaction and is
 *     skipped (the cursor still moves past it). Channels and other update types are skipped too.</li>
 * <li>Key: {@code <chat.id>:<message_id>}. An edited message has the same key, so the first version that reaches
 *     Parley is the one kept; later edits are duplicates.</li>
 * <li>{@code inReplyTo}: the replied-to message. {@code threadId}: the thread's root where Telegram names it
 *     ({@code message_thread_id}: supergroup threads and forum topics); otherwise the replied-to message, the only
 *     ancestor Telegram reveals (a reply's {@code reply_to_message} never carries its own); otherwise the message
 *     itself.</li>
 * <li>Author: {@code from.id} as the handle (usernames change, ids do not), first and last name as the display name,
 *     {@code t.me/<username>} as the profile, and the phone number of a contact the person shared of themself. A
 *     message sent on behalf of a chat (anonymous admin, linked channel) is authored by that chat.</li>
 * <li>Language: the author's {@code language_code} (their app's language), as a hint.</li>
 * </ul>
 */
public final class UpdateMapper {

    private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s().-]");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,20}");

    /** What one page gave. {@code lastUpdateId} is -1 when no update carried an id. */
    public record Mapped(List<Interaction> interactions, List<DeadLetter.New> deadLetters, int skipped, int tooOld,
                         long lastUpdateId) {
    }

    private final String account;
    private final BotIdentity bot;
    private final String replayUri;
    private final InteractionValidator validator;

    public UpdateMapper(String account, BotIdentity bot, String replayUri, InteractionValidator validator) {
        this.account = account;
        this.bot = bot;
        this.replayUri = replayUri;
        this.validator = validator;
    }

    /**
     * A whole getUpdates answer, {@code {"ok":true,"result":[...]}}.
     *
     * @throws InvalidInteractionException when it is not one
     */
    public Mapped mapResponse(String getUpdatesBody) {
        JsonNode body;
        try {
            body = BotApi.JSON.readTree(getUpdatesBody);
        } catch (JsonProcessingException e) {
            throw new InvalidInteractionException("the getUpdates answer is not JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.path("ok").asBoolean(false) || !body.path("result").isArray()) {
            throw new InvalidInteractionException("the getUpdates answer has no result array");
        }
        return map(body.get("result"), null);
    }

    /**
     * @param updates     the {@code result} array of getUpdates
     * @param importSince messages written before this are skipped (and counted as too old); null for no limit
     */
    public Mapped map(JsonNode updates, Instant importSince) {
        List<Interaction> interactions = new ArrayList<>();
        List<DeadLetter.New> deadLetters = new ArrayList<>();
        int skipped = 0;
        int tooOld = 0;
        long last = -1;
        for (JsonNode update : updates) {
            JsonNode id = update.path("update_id");
            if (id.canConvertToLong()) {
                last = Math.max(last, id.asLong());
            }
            String raw = update.toString();
            List<String> problems = new ArrayList<>();
            Interaction interaction = null;
            try {
                interaction = mapUpdate(update, problems);
            } catch (RuntimeException e) {
                problems.add("the update cannot be read: " + e.getMessage());
            }
            if (!problems.isEmpty()) {
                deadLetters.add(new DeadLetter.New(TelegramSettings.CHANNEL, account,
                        "update " + (id.canConvertToLong() ? id.asLong() : "without update_id") + ": " + String.join("; ", problems),
                        raw, replayUri));
            } else if (interaction == null) {
                skipped++;
            } else if (importSince != null && interaction.occurredAt().isBefore(importSince)) {
                tooOld++;
            } else {
                interactions.add(interaction.withRaw(raw));
            }
        }
        return new Mapped(interactions, deadLetters, skipped, tooOld, last);
    }

    /** One update: an interaction, null when it is none (group chatter, other update types), or problems. */
    private Interaction mapUpdate(JsonNode update, List<String> problems) {
        JsonNode message = update.has("message") ? update.get("message") : update.get("edited_message");
        if (message == null || !message.isObject()) {
            return null;
        }
        JsonNode chat = message.path("chat");
        if (!chat.path("id").canConvertToLong() || !message.path("message_id").canConvertToLong()) {
            problems.add("message has no chat.id or message_id");
            return null;
        }
        MessageRef ref = new MessageRef(chat.path("id").asLong(), message.path("message_id").asLong());
        JsonNode replyTo = realReply(message);
        InteractionKind kind = kind(chat.path("type").asText(""), message, replyTo);
        if (kind == null) {
            return null;
        }
        SocialIdentity author = author(message);
        if (author == null) {
            problems.add("message " + ref.externalId() + " has no sender (from or sender_chat)");
        }
        String text = MessageText.of(message);
        if (text == null) {
            problems.add("message " + ref.externalId() + " has no text, caption or content Parley can describe (fields: "
                    + String.join(", ", (Iterable<String>) message::fieldNames) + ")");
        }
        if (!message.path("date").canConvertToLong()) {
            problems.add("message " + ref.externalId() + " has no date");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        String inReplyTo = replyTo == null ? null
                : new MessageRef(ref.chatId(), replyTo.path("message_id").asLong()).externalId();
        Interaction interaction = Interaction.builder(TelegramSettings.CHANNEL, ref.externalId())
                .kind(kind)
                .account(account)
                .author(author)
                .text(text)
                .url(MessageRef.url(chat, ref.messageId()))
                .occurredAt(Instant.ofEpochSecond(message.path("date").asLong()))
                .inReplyTo(inReplyTo)
                .threadId(threadId(message, ref, inReplyTo))
                .language(language(message.path("from").path("language_code").asText("")))
                .build();
        problems.addAll(validator.problems(interaction));
        return interaction;
    }

    private InteractionKind kind(String chatType, JsonNode message, JsonNode replyTo) {
        return switch (chatType) {
            case "private" -> InteractionKind.DIRECT_MESSAGE;
            case "group", "supergroup" -> {
                if (replyTo != null && bot.wrote(replyTo)) {
                    yield InteractionKind.REPLY;
                }
                yield bot.mentionedIn(message) ? InteractionKind.MENTION : null;
            }
            default -> null;
        };
    }

    /** The replied-to message; in a forum topic every message "replies" to the topic's creation, which is no reply. */
    private static JsonNode realReply(JsonNode message) {
        JsonNode reply = message.get("reply_to_message");
        if (reply == null || !reply.path("message_id").canConvertToLong() || reply.has("forum_topic_created")) {
            return null;
        }
        return reply;
    }

    private static String threadId(JsonNode message, MessageRef ref, String inReplyTo) {
        if (message.path("message_thread_id").canConvertToLong()) {
            return new MessageRef(ref.chatId(), message.path("message_thread_id").asLong()).externalId();
        }
        return inReplyTo != null ? inReplyTo : ref.externalId();
    }

    private static SocialIdentity author(JsonNode message) {
        JsonNode senderChat = message.get("sender_chat");
        if (senderChat != null && senderChat.path("id").canConvertToLong()) {
            return new SocialIdentity(TelegramSettings.CHANNEL, senderChat.path("id").asText(),
                    blankToNull(senderChat.path("title").asText("")), profile(senderChat), null, null);
        }
        JsonNode from = message.get("from");
        if (from == null || !from.path("id").canConvertToLong()) {
            return null;
        }
        String name = (from.path("first_name").asText("") + " " + from.path("last_name").asText("")).strip();
        if (name.isEmpty()) {
            name = from.path("username").asText("");
        }
        return new SocialIdentity(TelegramSettings.CHANNEL, from.path("id").asText(), blankToNull(name), profile(from),
                null, ownPhone(message, from.path("id").asLong()));
    }

    private static String profile(JsonNode userOrChat) {
        String username = userOrChat.path("username").asText("");
        return MessageRef.USERNAME.matcher(username).matches() ? "https://t.me/" + username : null;
    }

    /** A phone number counts as the author's only when they shared their own contact. */
    private static String ownPhone(JsonNode message, long fromId) {
        JsonNode contact = message.get("contact");
        if (contact == null || contact.path("user_id").asLong(0) != fromId) {
            return null;
        }
        String phone = PHONE_PUNCTUATION.matcher(contact.path("phone_number").asText("")).replaceAll("");
        if (!PHONE.matcher(phone).matches()) {
            return null;
        }
        return phone.startsWith("+") ? phone : "+" + phone;
    }

    private static String language(String code) {
        if (code.isBlank()) {
            return null;
        }
        String tag = Locale.forLanguageTag(code.trim().replace('_', '-')).toLanguageTag();
        return tag.equals("und") ? null : tag;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
