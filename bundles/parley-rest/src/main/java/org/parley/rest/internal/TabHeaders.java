package org.parley.rest.internal;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.parley.rest.TabAccess;

/**
 * The tab page's headers. Its Content-Security-Policy lets it run only its own scripts and styles (no inline script,
 * no eval, no plugins, no {@code <base>}), talk only to its own origin (the API), and be framed only by itself and
 * the CRM origins of {@code allowedFrameAncestors}; there is no X-Frame-Options, which could not name the CRM.
 */
@Component(service = ContainerResponseFilter.class)
@JakartarsExtension
@JakartarsName(Whiteboard.TAB_HEADERS)
@JakartarsApplicationSelect(Whiteboard.SELECT_TAB)
public final class TabHeaders implements ContainerResponseFilter {

    private final String policy;

    @Activate
    public TabHeaders(@Reference TabAccess access) {
        this.policy = policy(access.allowedFrameAncestors());
    }

    /** The page's policy; the origins were checked by {@link RestSettings} (scheme://host[:port] and nothing else). */
    static String policy(List<String> frameAncestors) {
        StringBuilder ancestors = new StringBuilder("'self'");
        frameAncestors.forEach(origin -> ancestors.append(' ').append(origin));
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; "
                + "frame-ancestors " + ancestors;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", policy);
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "no-referrer");
        headers.putSingle("Cross-Origin-Resource-Policy", "same-origin");
        // The page holds no data (that comes from the API with the token); revalidated so an upgrade shows at once.
        headers.putSingle("Cache-Control", "no-cache");
        headers.remove("X-Frame-Options");
    }
}
