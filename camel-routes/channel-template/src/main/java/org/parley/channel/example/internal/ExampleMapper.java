package org.parley.channel.example.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.parley.api.DeadLetter;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionValidator;
import org.parley.api.InvalidInteractionException;
import org.parley.api.Metrics;
import org.parley.api.SocialIdentity;

/**
 * The channel's messages as Parley's interactions. A message that cannot be mapped becomes a dead letter with the
 * reason and its JSON, so one bad message never holds up the others and is never lost.
 *
 * <pre>
 * {"id": "41", "kind": "mention" | "direct", "author": {"id", "name", "url"}, "text", "createdAt": ISO-8601,
 *  "inReplyTo": "40" | null, "threadId": "39" | null, "url", "language": "nl" | null, "likes": 3}
 * </pre>
 */
public final class ExampleMapper {

    public static final String CHANNEL = "example";

    /** What was mapped from one page, and where the cursor stands after it (the last message id read). */
    public record Mapped(List<Interaction> interactions, List<DeadLetter.New> deadLetters, String lastId) {
    }

    private final String account;
    private final String replayUri;
    private final InteractionValidator validator;

    public ExampleMapper(String account, String replayUri, InteractionValidator validator) {
        this.account = account;
        this.replayUri = replayUri;
        this.validator = validator;
    }

    public Mapped map(List<JsonNode> messages) {
        List<Interaction> interactions = new ArrayList<>();
        List<DeadLetter.New> deadLetters = new ArrayList<>();
        String lastId = null;
        for (JsonNode message : messages) {
            String id = message.path("id").asText(null);
            if (id != null && !id.isBlank()) {
                lastId = id;
            }
            try {
                interactions.add(validator.require(map(message)));
            } catch (InvalidInteractionException | IllegalArgumentException e) {
                deadLetters.add(new DeadLetter.New(CHANNEL, account, e.getMessage(), message.toString(), replayUri));
            }
        }
        return new Mapped(interactions, deadLetters, lastId);
    }

    /** One message; throws {@link IllegalArgumentException} with the reason when it cannot be mapped. */
    public Interaction map(JsonNode message) {
        JsonNode author = message.path("author");
        String inReplyTo = text(message, "inReplyTo");
        String id = text(message, "id");
        InteractionKind kind = switch (message.path("kind").asText("")) {
            case "direct" -> InteractionKind.DIRECT_MESSAGE;
            case "mention" -> inReplyTo == null ? InteractionKind.MENTION : InteractionKind.REPLY;
            default -> throw new IllegalArgumentException("message " + id + " has kind '" + message.path("kind").asText("")
                    + "'; the example channel knows mention and direct");
        };
        String threadId = text(message, "threadId");
        return Interaction.builder(CHANNEL, id)
                .kind(kind)
                .account(account)
                .author(new SocialIdentity(CHANNEL, text(author, "id"), text(author, "name"), text(author, "url"), null, null))
                // Plain text as the API gives it: stored as it is and only ever shown as text.
                .text(text(message, "text"))
                .url(text(message, "url"))
                .occurredAt(instant(id, text(message, "createdAt")))
                .inReplyTo(inReplyTo)
                .threadId(threadId != null ? threadId : inReplyTo != null ? inReplyTo : id)
                .language(text(message, "language"))
                .metrics(new Metrics(message.path("likes").asLong(0), 0, 0))
                .raw(message.toString())
                .build();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static Instant instant(String id, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("message " + id + " has createdAt '" + value + "', not an ISO-8601 instant");
        }
    }
}
