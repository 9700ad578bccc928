package org.parley.camel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.parley.api.DeadLetter;
import org.parley.api.IngestBatch;
import org.parley.api.Interaction;
import org.parley.api.InteractionValidator;
import org.parley.api.InvalidInteractionException;
import org.parley.api.json.InteractionJson;

/**
 * Turns whatever a channel sent to {@code parley:ingest} into one {@link IngestBatch}: valid interactions to store,
 * and a dead letter, with its reason and the payload as it came, for each one that cannot be stored. One bad item
 * never holds back its neighbours.
 */
final class BatchAssembler {

    private final InteractionJson json;
    private final InteractionValidator validator;

    BatchAssembler(InteractionJson json, InteractionValidator validator) {
        this.json = json;
        this.validator = validator;
    }

    IngestBatch assemble(Object body, String channel, String account, String cursor) {
        Collector out = new Collector(channel, account);
        if (body instanceof IngestBatch batch) {
            if (!Objects.equals(batch.channel(), channel)) {
                throw new IllegalArgumentException("a batch of channel '" + batch.channel()
                        + "' was sent to the ingest endpoint of channel '" + channel + "'");
            }
            batch.interactions().forEach(out::interaction);
            out.deadLetters.addAll(batch.deadLetters());
            return out.batch(batch.cursor() != null ? batch.cursor() : cursor);
        }
        add(body, out);
        return out.batch(cursor);
    }

    private void add(Object item, Collector out) {
        if (item == null) {
            out.refuse("the message body is empty", "");
        } else if (item instanceof Interaction interaction) {
            out.interaction(interaction);
        } else if (item instanceof Collection<?> items) {
            items.forEach(each -> add(each, out));
        } else if (item instanceof JsonNode node) {
            addJson(node, node.toString(), out);
        } else if (item instanceof Map<?, ?> map) {
            addJson(json.mapper().valueToTree(map), null, out);
        } else if (item instanceof byte[] bytes) {
            addText(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), out);
        } else if (item instanceof CharSequence text) {
            addText(text.toString(), out);
        } else {
            out.refuse("a " + item.getClass().getName() + " is not an interaction; send an Interaction, an IngestBatch or JSON",
                    String.valueOf(item));
        }
    }

    private void addText(String text, Collector out) {
        JsonNode node;
        try {
            node = json.mapper().readTree(text);
        } catch (Exception e) {
            // Let the JSON reader phrase the reason (line and column).
            try {
                json.read(text);
                node = null;
            } catch (InvalidInteractionException refused) {
                out.refuse(refused.getMessage(), text);
                return;
            }
        }
        if (node == null || node.isMissingNode()) {
            out.refuse("payload is empty", text);
        } else if (node.isArray()) {
            node.forEach(element -> addJson(element, element.toString(), out));
        } else {
            addJson(node, text, out);
        }
    }

    private void addJson(JsonNode node, String original, Collector out) {
        String text = original != null ? original : node.toString();
        try {
            Interaction interaction = json.read(text);
            out.interaction(interaction.raw() == null ? interaction.withRaw(text) : interaction);
        } catch (InvalidInteractionException refused) {
            out.refuse(refused.getMessage(), text);
        }
    }

    private final class Collector {
        final String channel;
        final String account;
        final List<Interaction> interactions = new ArrayList<>();
        final List<DeadLetter.New> deadLetters = new ArrayList<>();

        Collector(String channel, String account) {
            this.channel = channel;
            this.account = account;
        }

        void interaction(Interaction interaction) {
            Interaction in = interaction.withDefaults(channel, account);
            List<String> problems = new ArrayList<>(validator.problems(in));
            if (in.channel() != null && !in.channel().equals(channel)) {
                problems.add(0, "channel '" + in.channel() + "' does not match the endpoint's channel '" + channel + "'");
            }
            if (problems.isEmpty()) {
                interactions.add(in);
            } else {
                refuse(String.join("; ", problems), in.raw() != null ? in.raw() : json.write(in));
            }
        }

        void refuse(String reason, String payload) {
            deadLetters.add(new DeadLetter.New(channel, account, reason, payload, ingestUri()));
        }

        String ingestUri() {
            return "parley:ingest?channel=" + channel + (account == null ? "" : "&account=" + account);
        }

        IngestBatch batch(String cursor) {
            return new IngestBatch(channel, account, interactions, deadLetters, cursor);
        }
    }
}
