package org.parley.rest.internal;

import jakarta.ws.rs.core.SecurityContext;

/** The request's {@link SecurityContext}: the {@link Caller} and its roles. */
final class CallerSecurityContext implements SecurityContext {

    private final Caller caller;
    private final boolean secure;
    private final String scheme;

    CallerSecurityContext(Caller caller, boolean secure) {
        this.caller = caller;
        this.secure = secure;
        this.scheme = caller.kind() == Caller.Kind.KARAF ? BASIC_AUTH : "Bearer";
    }

    @Override
    public Caller getUserPrincipal() {
        return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
        return caller.roles().contains(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return scheme;
    }

    /** The caller of a request that passed the access filter (every resource method is behind it). */
    static Caller callerOf(SecurityContext context) {
        if (context != null && context.getUserPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw new ApiException(ErrorCode.UNAUTHENTICATED, "credentials are required");
    }
}
