package org.parley.rest.internal;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the API answers, as {@code {"code": ..., "message": ...}}: Parley's own ({@link ApiException}), a
 * service's refusal ({@link IllegalArgumentException}: 400, {@link IllegalStateException}: 409, their messages are
 * written to be shown), Jersey's (unknown path, wrong method or media type) with a message of Parley's, and anything
 * else as a 500 whose details (stack trace included) go to the log only, under a reference the answer gives.
 */
@Component(service = jakarta.ws.rs.ext.ExceptionMapper.class)
@JakartarsExtension
@JakartarsName(Whiteboard.ERRORS)
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
public final class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof ApiException api) {
            LOG.debug("{}: {}", api.code().code(), api.getMessage());
            Response.ResponseBuilder response = answer(api.code(), api.getMessage());
            if (api.challenge() != null) {
                response.header(HttpHeaders.WWW_AUTHENTICATE, api.challenge());
            }
            return response.build();
        }
        if (failure instanceof WebApplicationException web) {
            return fromJersey(web);
        }
        if (failure instanceof IllegalArgumentException) {
            LOG.debug("invalid_request: {}", failure.getMessage());
            return answer(ErrorCode.INVALID_REQUEST, failure.getMessage()).build();
        }
        if (failure instanceof IllegalStateException) {
            LOG.debug("conflict: {}", failure.getMessage());
            return answer(ErrorCode.CONFLICT, failure.getMessage()).build();
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("Request failed (reference {})", reference, failure);
        return answer(ErrorCode.INTERNAL_ERROR, "Parley could not answer this request; its log has the details under "
                + "reference " + reference).build();
    }

    private static Response fromJersey(WebApplicationException web) {
        int status = web.getResponse() == null ? 500 : web.getResponse().getStatus();
        ErrorCode code = ErrorCode.forStatus(status);
        String message = switch (code) {
            case NOT_FOUND -> "there is no such resource in this API";
            case METHOD_NOT_ALLOWED -> "this resource does not take that HTTP method";
            case NOT_ACCEPTABLE -> "this API answers application/json only";
            case UNSUPPORTED_MEDIA_TYPE -> "the request body must be application/json";
            case INTERNAL_ERROR -> "Parley could not answer this request";
            default -> "the request is not valid";
        };
        if (code == ErrorCode.INTERNAL_ERROR) {
            LOG.error("Request failed with status {}", status, web);
        } else {
            LOG.debug("{} ({}): {}", code.code(), status, web.getMessage());
        }
        Response.ResponseBuilder response = answer(code, message).status(status);
        Object allow = web.getResponse() == null ? null : web.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    static Response.ResponseBuilder answer(ErrorCode code, String message) {
        return Response.status(code.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Views.ErrorView(code.code(), message == null ? code.code() : message));
    }
}
