package org.parley.rest.internal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.parley.rest.TabTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Establishes who calls, before anything else runs: HTTP Basic credentials are checked against the configured JAAS
 * realm, a Bearer tab token against the tab secret. Wrong credentials end the request with 401 at once; a request
 * without any goes on anonymous, and {@link AccessFilter} refuses it wherever credentials are needed (everywhere).
 */
@Component(service = jakarta.ws.rs.container.ContainerRequestFilter.class)
@JakartarsExtension
@JakartarsName(Whiteboard.AUTHENTICATION)
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {

    static final String BASIC_CHALLENGE = "Basic realm=\"parley\", charset=\"UTF-8\"";
    static final String BEARER_CHALLENGE = "Bearer realm=\"parley\"";

    /** Longer Authorization headers are refused before decoding. */
    private static final int MAX_HEADER = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);

    private final RestSettingsService settings;
    private final JaasAuthenticator jaas;

    @Activate
    public AuthenticationFilter(@Reference RestSettingsService settings) {
        this(settings, new JaasAuthenticator(settings.realm(), null));
    }

    AuthenticationFilter(RestSettingsService settings, JaasAuthenticator jaas) {
        this.settings = settings;
        this.jaas = jaas;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return;
        }
        if (header.length() > MAX_HEADER) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "the Authorization header is too long", BASIC_CHALLENGE);
        }
        String scheme = header.contains(" ") ? header.substring(0, header.indexOf(' ')).toLowerCase(Locale.ROOT) : "";
        String credentials = header.substring(scheme.length()).strip();
        Caller caller = switch (scheme) {
            case "basic" -> basic(credentials);
            case "bearer" -> bearer(credentials);
            default -> throw new ApiException(ErrorCode.UNAUTHENTICATED,
                    "the Authorization header must be 'Basic ...' (a Karaf user) or 'Bearer ...' (a tab token)",
                    BASIC_CHALLENGE);
        };
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new CallerSecurityContext(caller, secure));
    }

    private Caller basic(String credentials) {
        char[] decoded = decodeBasic(credentials);
        try {
            int colon = indexOf(decoded, ':');
            if (colon <= 0) {
                throw new ApiException(ErrorCode.UNAUTHENTICATED,
                        "HTTP Basic credentials are base64(user:password)", BASIC_CHALLENGE);
            }
            String user = new String(decoded, 0, colon);
            char[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
            Optional<Caller> caller = jaas.login(user, password);
            return caller.orElseThrow(() -> new ApiException(ErrorCode.UNAUTHENTICATED,
                    "the user name or password is wrong", BASIC_CHALLENGE));
        } finally {
            Arrays.fill(decoded, '\0');
        }
    }

    private Caller bearer(String token) {
        try {
            return Caller.tab(settings.verify(token));
        } catch (TabTokenException e) {
            LOG.debug("Tab token refused: {} ({})", e.reason(), e.getMessage());
            if (e.reason() == TabTokenException.Reason.EXPIRED) {
                throw new ApiException(ErrorCode.TOKEN_EXPIRED, e.getMessage(),
                        BEARER_CHALLENGE + ", error=\"invalid_token\"");
            }
            throw new ApiException(ErrorCode.UNAUTHENTICATED, e.getMessage(),
                    BEARER_CHALLENGE + ", error=\"invalid_token\"");
        }
    }

    private static char[] decodeBasic(String credentials) {
        try {
            byte[] bytes = Base64.getDecoder().decode(credentials);
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            Arrays.fill(bytes, (byte) 0);
            char[] result = new char[chars.remaining()];
            chars.get(result);
            return result;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED,
                    "HTTP Basic credentials are base64 of UTF-8 user:password", BASIC_CHALLENGE);
        }
    }

    private static int indexOf(char[] chars, char c) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
