package org.parley.channel.wechat.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.api.SocialIdentity;

/**
 * Turns one WeChat message or event (plain-mode XML) into an interaction of channel {@code wechat}, or into nothing for
 * the events that are not a person's doing. Everything a person does that opens the customer-service reply window
 * becomes a {@link InteractionKind#DIRECT_MESSAGE} from their OpenID, so Parley knows when the window is open:
 * <ul>
 * <li>{@code text}: the {@code Content}, as written (Chinese and emoji intact);</li>
 * <li>{@code image}: no text, the {@code PicUrl} as media;</li>
 * <li>{@code voice}: WeChat's speech recognition ({@code Recognition}) as text; without it, a dead letter;</li>
 * <li>{@code location}: "Shared a location: label (latitude, longitude)"; {@code link}: its title, description, URL;</li>
 * <li>events {@code subscribe} (followed, with the QR scene if any), {@code unsubscribe} (unfollowed), {@code SCAN},
 *     {@code CLICK}, {@code scancode_push}, {@code scancode_waitmsg}: a line that says what the person did;</li>
 * <li>ignored (no interaction, not an error): {@code LOCATION} (the automatic position report), {@code VIEW} and
 *     {@code view_miniprogram} (a menu link was opened, which does not open the reply window), and WeChat's own
 *     notifications ({@code TEMPLATESENDJOBFINISH}, {@code MASSSENDJOBFINISH} and any other event);</li>
 * <li>dead letters, with the reason: {@code video} and {@code shortvideo} (only a temporary MediaId, readable for
 *     three days with the access token), any other {@code MsgType}, a body that is not WeChat XML, a required field
 *     missing.</li>
 * </ul>
 * Ids: a message is {@code <ToUserName>:<MsgId>}, an event (which has no MsgId) {@code
 * <ToUserName>:<FromUserName>:<CreateTime>:<Event>}, as WeChat says to tell events apart; the account's original id
 * ({@code gh_...}) keeps two accounts' ids apart. The thread is the person's conversation with the account.
 */
final class MessageMapper {

    /** The event types that become interactions, and what the person did. */
    private static final Set<String> ACTIONS = Set.of("subscribe", "unsubscribe", "SCAN", "CLICK", "scancode_push",
            "scancode_waitmsg");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,20}");
    /** OpenIDs are 28 characters of letters, digits, '-' and '_'; anything that fits an id is taken. */
    private static final Pattern OPEN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String account;
    private final InteractionValidator validator;

    MessageMapper(String account, InteractionValidator validator) {
        this.account = account;
        this.validator = validator;
    }

    /**
     * @return the interaction, or null for an event Parley does not store
     * @throws IllegalArgumentException when the message can never become an interaction (the reason says why)
     */
    Interaction map(byte[] body) {
        WeChatXml.Fields fields = WeChatXml.parse(body);
        String to = required(fields, "ToUserName");
        String from = required(fields, "FromUserName");
        String createTime = required(fields, "CreateTime");
        String msgType = required(fields, "MsgType");
        if (!ACCOUNT_ID.matcher(to).matches()) {
            throw new IllegalArgumentException("ToUserName is not a WeChat account id");
        }
        if (!OPEN_ID.matcher(from).matches()) {
            throw new IllegalArgumentException("FromUserName is not an OpenID");
        }
        if (!DIGITS.matcher(createTime).matches()) {
            throw new IllegalArgumentException("CreateTime '" + abbreviate(createTime) + "' is not seconds since 1970");
        }
        Instant at = Instant.ofEpochSecond(Long.parseLong(createTime));
        String externalId;
        String text;
        List<String> media = List.of();
        switch (msgType) {
            case "text" -> {
                externalId = messageId(fields, to);
                text = required(fields, "Content");
            }
            case "image" -> {
                externalId = messageId(fields, to);
                String picture = required(fields, "PicUrl");
                if (!picture.startsWith("https://") && !picture.startsWith("http://")) {
                    throw new IllegalArgumentException("PicUrl is not an http(s) link");
                }
                text = "";
                media = List.of(picture);
            }
            case "voice" -> {
                externalId = messageId(fields, to);
                String words = fields.text("Recognition");
                if (words == null) {
                    throw new IllegalArgumentException("a voice message without speech recognition (Recognition): "
                            + "Parley stores no audio; turn on 接收语音识别结果 (voice recognition) in the account's "
                            + "settings so that later voice messages arrive as text");
                }
                text = words;
            }
            case "location" -> {
                externalId = messageId(fields, to);
                String latitude = required(fields, "Location_X");
                String longitude = required(fields, "Location_Y");
                String label = fields.text("Label");
                text = "Shared a location: " + (label == null ? "" : label + " ") + "(" + latitude + ", " + longitude + ")";
            }
            case "link" -> {
                externalId = messageId(fields, to);
                String title = fields.text("Title");
                String description = fields.text("Description");
                String url = required(fields, "Url");
                StringBuilder lines = new StringBuilder();
                for (String part : new String[] {title, description, url}) {
                    if (part != null) {
                        lines.append(lines.length() == 0 ? "" : "\n").append(part);
                    }
                }
                text = lines.toString();
            }
            case "video", "shortvideo" -> throw new IllegalArgumentException("a " + msgType + " message: Parley does not "
                    + "store WeChat videos (WeChat gives only a temporary MediaId, readable for three days with the "
                    + "account's access token)");
            case "event" -> {
                String event = required(fields, "Event");
                if (!ACTIONS.contains(event)) {
                    return null;
                }
                externalId = to + ":" + from + ":" + createTime + ":" + event;
                text = action(event, fields.text("EventKey"));
            }
            default -> throw new IllegalArgumentException("MsgType '" + abbreviate(msgType) + "' is not one Parley reads "
                    + "(text, image, voice, location, link, event)");
        }
        Interaction interaction = Interaction.builder(WeChatSettings.CHANNEL, externalId)
                .kind(InteractionKind.DIRECT_MESSAGE)
                .account(account)
                .author(new SocialIdentity(WeChatSettings.CHANNEL, from, null, null, null, null))
                .text(text)
                .media(media)
                .occurredAt(at)
                .threadId(to + ":" + from)
                .raw(new String(body, StandardCharsets.UTF_8))
                .build();
        return validator.require(interaction);
    }

    /** The inbox key of a verified delivery: MsgId, or (for events) FromUserName + CreateTime + Event; null if unread. */
    static String deliveryId(byte[] body) {
        WeChatXml.Fields fields = WeChatXml.parse(body);
        String msgId = fields.text("MsgId");
        if (msgId != null) {
            return msgId;
        }
        String from = fields.text("FromUserName");
        String createTime = fields.text("CreateTime");
        String event = fields.text("Event");
        return from == null || createTime == null || event == null ? null : from + ":" + createTime + ":" + event;
    }

    /** Whether a stored interaction is the person's unfollow. */
    static boolean isUnfollow(Interaction interaction) {
        return interaction.externalId() != null && interaction.externalId().endsWith(":unsubscribe");
    }

    /** Whether a stored interaction is an event (follow, scan, menu click), not a message. */
    static boolean isEvent(Interaction interaction) {
        String id = interaction.externalId();
        return id != null && id.chars().filter(c -> c == ':').count() == 3;
    }

    private static String messageId(WeChatXml.Fields fields, String to) {
        String msgId = required(fields, "MsgId");
        if (!DIGITS.matcher(msgId).matches()) {
            throw new IllegalArgumentException("MsgId '" + abbreviate(msgId) + "' is not a number");
        }
        return to + ":" + msgId;
    }

    private static String action(String event, String key) {
        String scene = key == null ? null : key.startsWith("qrscene_") ? key.substring("qrscene_".length()) : key;
        return switch (event) {
            case "subscribe" -> "Followed the account" + (scene == null ? "" : " (QR code scene " + scene + ")");
            case "unsubscribe" -> "Unfollowed the account";
            case "SCAN" -> "Scanned the account's QR code" + (scene == null ? "" : " (scene " + scene + ")");
            case "CLICK" -> "Clicked the menu item " + (key == null ? "(no key)" : key);
            default -> "Scanned a code from the menu item " + (key == null ? "(no key)" : key)
                    + " (" + event.toLowerCase(Locale.ROOT) + ")";
        };
    }

    private static String required(WeChatXml.Fields fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the message has no " + name);
        }
        String v = value.strip();
        if (v.isEmpty() && !name.equals("Content")) {
            throw new IllegalArgumentException("the message's " + name + " is empty");
        }
        return name.equals("Content") ? value : v;
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\p{Cntrl}", " ");
        return flat.length() <= 40 ? flat : flat.substring(0, 37) + "...";
    }
}
