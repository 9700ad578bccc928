package org.parley.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.parley.api.Interaction;
import org.parley.api.InvalidInteractionException;

/**
 * The JSON form of the model (see {@code docs/interaction-json.md}): field names as in the records,
 * instants as ISO-8601 strings, absent fields left out. Reading turns every Jackson failure into an
 * {@link InvalidInteractionException} that names the field, so that a dead letter says what to fix.
 * Thread-safe; one instance can serve a whole bundle.
 */
public final class InteractionJson {

    private final ObjectMapper mapper;

    public InteractionJson() {
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Newer producers may add fields; an unknown field is not a reason to lose an interaction.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /** The configured mapper, for bundles that map more of the model (REST, shell). */
    public ObjectMapper mapper() {
        return mapper;
    }

    public Interaction read(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidInteractionException("payload is empty");
        }
        try {
            Interaction in = mapper.readValue(json, Interaction.class);
            if (in == null) {
                throw new InvalidInteractionException("payload is JSON null, not an interaction");
            }
            return in;
        } catch (InvalidFormatException e) {
            throw new InvalidInteractionException(describe(e), e);
        } catch (MismatchedInputException e) {
            throw new InvalidInteractionException(field(e) + " has the wrong JSON type" + where(e.getLocation()), e);
        } catch (JsonMappingException e) {
            throw new InvalidInteractionException(field(e) + ": " + e.getOriginalMessage() + where(e.getLocation()), e);
        } catch (JsonProcessingException e) {
            throw new InvalidInteractionException("payload is not JSON: " + e.getOriginalMessage() + where(e.getLocation()), e);
        }
    }

    public String write(Interaction interaction) {
        try {
            return mapper.writeValueAsString(interaction);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write interaction " + interaction.key() + " as JSON", e);
        }
    }

    private static String describe(InvalidFormatException e) {
        String value = String.valueOf(e.getValue());
        Class<?> target = e.getTargetType();
        String expected;
        if (target != null && target.isEnum()) {
            expected = "one of " + Arrays.stream(target.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", ", "[", "]"));
        } else if (target == java.time.Instant.class) {
            expected = "an ISO-8601 instant such as 2026-11-23T10:15:30Z";
        } else {
            expected = "a valid " + (target == null ? "value" : target.getSimpleName());
        }
        return field(e) + " '" + value + "' is not " + expected;
    }

    private static String field(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "payload" : path.replace(".[", "[");
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
