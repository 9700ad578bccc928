package org.parley.rest.internal;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import org.parley.rest.TabToken;

/**
 * Decides whether the caller may call one resource method (registered per method by {@link AccessControl}): no
 * credentials: 401; a Karaf user without the role the method needs, or a tab token where it is not accepted or for
 * another contact: 403.
 */
final class AccessFilter implements ContainerRequestFilter {

    /** Null: the method has no {@link Access} and nobody may call it. */
    private final Access access;
    private final TabScopes scopes;

    AccessFilter(Access access, TabScopes scopes) {
        this.access = access;
        this.scopes = scopes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (access == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, "this endpoint declares no access rule, so nobody may call it");
        }
        if (!(request.getSecurityContext().getUserPrincipal() instanceof Caller caller)) {
            boolean tab = access.tab() != Access.TabScope.NONE;
            throw new ApiException(ErrorCode.UNAUTHENTICATED, tab
                    ? "credentials are required: a tab token (Authorization: Bearer) or a Karaf user (HTTP Basic)"
                    : "credentials are required: a Karaf user with role " + roleFor(access.value()) + " (HTTP Basic)",
                    tab ? AuthenticationFilter.BEARER_CHALLENGE : AuthenticationFilter.BASIC_CHALLENGE);
        }
        if (caller.kind() == Caller.Kind.KARAF) {
            boolean allowed = access.value() == Access.Need.READ ? Roles.mayRead(caller.roles())
                    : Roles.mayChange(caller.roles());
            if (!allowed) {
                throw new ApiException(ErrorCode.FORBIDDEN, "user " + caller.user() + " needs role "
                        + roleFor(access.value()));
            }
            return;
        }
        if (!tabAllowed(caller.tab(), request.getUriInfo().getPathParameters())) {
            throw new ApiException(ErrorCode.FORBIDDEN, access.tab() == Access.TabScope.NONE
                    ? "a tab token does not give access to this endpoint: it needs a Karaf user with role "
                    + roleFor(access.value())
                    : "the tab token is for another contact");
        }
    }

    private boolean tabAllowed(TabToken token, MultivaluedMap<String, String> path) {
        return switch (access.tab()) {
            case NONE -> false;
            case CONTACT -> TabScopes.isContact(token, path.getFirst("type"), path.getFirst("id"));
            case INTERACTION -> scopes.interactionAllowed(token,
                    InteractionRef.key(path.getFirst("channel"), path.getFirst("externalId")));
            case REPLY -> scopes.replyAllowed(token, Params.id("reply", path.getFirst("id")));
        };
    }

    private static String roleFor(Access.Need need) {
        return need == Access.Need.READ ? Roles.VIEWER + " or " + Roles.ADMIN : Roles.ADMIN;
    }
}
