package org.parley.rest.internal;

import java.util.Set;

/**
 * The Karaf JAAS roles the API knows, in one place. A {@link #VIEWER} may read; an {@link #ADMIN} may read and change;
 * Karaf's own {@link #KARAF_ADMIN} counts as an admin.
 */
final class Roles {

    static final String VIEWER = "parley-viewer";
    static final String ADMIN = "parley-admin";
    static final String KARAF_ADMIN = "admin";

    /** The class of the principals Karaf's JAAS modules give roles as; compared by name, so no link to Karaf. */
    static final String ROLE_PRINCIPAL_CLASS = "org.apache.karaf.jaas.boot.principal.RolePrincipal";

    private Roles() {
    }

    static boolean mayRead(Set<String> roles) {
        return roles.contains(VIEWER) || mayChange(roles);
    }

    static boolean mayChange(Set<String> roles) {
        return roles.contains(ADMIN) || roles.contains(KARAF_ADMIN);
    }
}
