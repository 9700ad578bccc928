package org.parley.rest.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a resource method; every resource method has one ({@link AccessControl} refuses those without).
 * A Karaf user needs the role {@link #value()} asks for; a tab token is accepted only where {@link #tab()} says what
 * must belong to its contact.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Access {

    Need value();

    TabScope tab() default TabScope.NONE;

    /** What a Karaf user needs. */
    enum Need {
        /** parley-viewer, parley-admin or admin. */
        READ,
        /** parley-admin or admin. */
        CHANGE
    }

    /** What a tab token must be for, read from the path; NONE: tab tokens are refused. */
    enum TabScope {
        NONE,
        /** The contact of the path's {type} and {id}. */
        CONTACT,
        /** The interaction of the path's {channel} and {externalId}: its author is linked to the token's contact. */
        INTERACTION,
        /** The reply of the path's {id}: the interaction it answers is the token's contact's. */
        REPLY
    }
}
