package org.parley.rest.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.parley.api.json.InteractionJson;

/**
 * The API's JSON: Parley's mapper ({@link InteractionJson}: ISO-8601 instants, record field names) with every field
 * written, null ones too, so that each response has the shape the OpenAPI document gives; request bodies are read
 * strictly (an unknown field is an error, not silently dropped) and within small limits.
 */
final class ApiJson {

    /** Largest request body. Replies and tags are short; this is plenty. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private ApiJson() {
    }

    static ObjectMapper mapper() {
        ObjectMapper mapper = new InteractionJson().mapper().copy();
        mapper.setSerializationInclusion(JsonInclude.Include.ALWAYS);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        mapper.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength(MAX_BODY_BYTES).maxNumberLength(32).build());
        return mapper;
    }
}
