package org.parley.rest.internal;

import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import org.parley.rest.TabToken;

/**
 * Who is calling, as the authentication filter established it: a Karaf user with its JAAS roles, or a CRM user holding
 * a tab token for one contact. {@link #getName()} is how Parley records them ({@code karaf:<user>}, {@code crm:<user>}).
 */
record Caller(Kind kind, String user, Set<String> roles, TabToken tab) implements Principal {

    enum Kind { KARAF, TAB }

    Caller {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(user, "user");
        roles = Set.copyOf(roles);
    }

    static Caller karaf(String user, Set<String> roles) {
        return new Caller(Kind.KARAF, user, roles, null);
    }

    static Caller tab(TabToken token) {
        return new Caller(Kind.TAB, token.crmUser(), Set.of(), token);
    }

    @Override
    public String getName() {
        return (kind == Kind.KARAF ? "karaf:" : "crm:") + user;
    }

    /** How tags record who set them: {@code user:<name>}. */
    String tagSource() {
        return "user:" + getName();
    }

    @Override
    public String toString() {
        return kind == Kind.KARAF ? getName() + " " + roles
                : getName() + " for " + tab.contactType() + "/" + tab.contactId();
    }
}
