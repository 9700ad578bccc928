package org.parley.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsMediaType;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Reads and writes the API's bodies ({@link ApiBody}) as JSON with {@link ApiJson}'s mapper. A body over
 * {@link ApiJson#MAX_BODY_BYTES} is refused (413) without being read further; a body that is not the JSON asked for
 * is a 400 that names the field.
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JakartarsExtension
@JakartarsName(Whiteboard.JSON)
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@JakartarsMediaType(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class JsonProvider implements MessageBodyReader<ApiBody>, MessageBodyWriter<ApiBody> {

    private final ObjectMapper mapper = ApiJson.mapper();

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return ApiBody.class.isAssignableFrom(type);
    }

    @Override
    public ApiBody readFrom(Class<ApiBody> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                            MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        try {
            ApiBody body = mapper.readerFor(type).readValue(new Limited(entity, ApiJson.MAX_BODY_BYTES));
            if (body == null) {
                throw ApiException.invalid("the request body is JSON null; a JSON object is required");
            }
            return body;
        } catch (TooLarge e) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "the request body is over " + ApiJson.MAX_BODY_BYTES + " bytes");
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.invalid("unknown field '" + Params.shown(e.getPropertyName()) + "'; the fields are "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        } catch (MismatchedInputException e) {
            // The innermost named field: an array element's path ends in an index, not a name.
            String field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                    .filter(Objects::nonNull).reduce((outer, inner) -> inner).orElse(null);
            throw ApiException.invalid(field == null ? "the request body must be a JSON object"
                    + (e.getMessage() != null && e.getMessage().startsWith("No content") ? "; it is empty" : "")
                    : "field '" + field + "' has the wrong JSON type");
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("the request body is not valid JSON" + (e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return ApiBody.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(ApiBody body, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream entity) throws IOException {
        mapper.writeValue(entity, body);
    }

    /** Signals that the body went past the limit. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("request body too large", null);
        }
    }

    /** Lets through at most {@code limit} bytes, then fails: a large body is never buffered whole. */
    private static final class Limited extends FilterInputStream {
        private long remaining;

        Limited(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --remaining < 0) {
                throw new TooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, remaining + 1)));
            if (n > 0) {
                remaining -= n;
                if (remaining < 0) {
                    throw new TooLarge();
                }
            }
            return n;
        }
    }
}
