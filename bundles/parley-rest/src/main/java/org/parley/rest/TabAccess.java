package org.parley.rest;

import java.util.List;

/**
 * The Social tab's access, as configured by {@code etc/org.parley.rest.cfg}: tab tokens are checked against its
 * {@code tabSecret} and {@code maxTokenLifetime}, and the tab may be framed by {@code allowedFrameAncestors}. A service
 * of the parley-rest bundle, for the bundle that serves the tab page.
 */
public interface TabAccess {

    /**
     * @return the token's claims, when it is well formed, signed with the configured secret, not expired and not
     *         longer-lived than allowed
     * @throws TabTokenException saying why not ({@link TabTokenException.Reason#NOT_ENABLED} without a tabSecret)
     */
    TabToken verify(String token);

    /** Whether a tabSecret is configured, so that tab tokens can be accepted at all. */
    boolean enabled();

    /**
     * The origins that may show the tab in a frame (CSP {@code frame-ancestors}), for example
     * {@code https://crm.example.com}; empty when none is configured.
     */
    List<String> allowedFrameAncestors();
}
