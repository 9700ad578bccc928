package org.parley.rest.internal;

/**
 * How Parley is registered with the Jakarta REST Whiteboard: the API and the Social tab's page, each one application
 * with its resources and extensions.
 */
final class Whiteboard {

    /** The application's name ({@code osgi.jakartars.name}). */
    static final String APP_NAME = "parley-api";
    /** Where the API is served, below the whiteboard's context path. */
    static final String APP_BASE = "/parley/api/v1";
    /** Selects Parley's application, for its resources and extensions. */
    static final String SELECT_APP = "(osgi.jakartars.name=" + APP_NAME + ")";

    /** The extensions without which the API must not answer at all: the application waits for them. */
    static final String AUTHENTICATION = "parley-authentication";
    static final String ACCESS_CONTROL = "parley-access-control";
    static final String ERRORS = "parley-errors";
    static final String JSON = "parley-json";

    /** The Social tab's page and its scripts: an application of its own, with its own headers (a page, not data). */
    static final String TAB_NAME = "parley-tab";
    static final String TAB_BASE = "/parley/tab";
    static final String SELECT_TAB = "(osgi.jakartars.name=" + TAB_NAME + ")";
    static final String TAB_HEADERS = "parley-tab-headers";

    private Whiteboard() {
    }
}
