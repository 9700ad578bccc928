package org.parley.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The API's configuration, {@code etc/org.parley.rest.cfg}. The defaults here are the only defaults: {@link RestSettings}
 * reads them from this annotation. Values are strings so that a wrong one is refused by {@link RestSettings} with a
 * message naming the key, instead of being coerced silently.
 */
@ObjectClassDefinition(name = "Parley REST API",
        description = "The API under /parley/api/v1 and the Social tab's access: Karaf users sign in with HTTP Basic "
                + "against a JAAS realm; the tab with a token the CRM signs with tabSecret")
public @interface RestConfig {

    String PID = "org.parley.rest";

    @AttributeDefinition(name = "Tab secret", type = AttributeType.PASSWORD, required = false,
            description = "The secret shared with the CRM package that signs the Social tab's tokens (HMAC-SHA256): at "
                    + "least 32 bytes, for example the output of 'openssl rand -hex 32'. Empty: no tab token is accepted. "
                    + "Never logged")
    String tabSecret() default "";

    @AttributeDefinition(name = "Longest token lifetime",
            description = "A tab token that expires further away than this is refused: ISO-8601 duration or seconds, "
                    + "from PT1M to PT12H")
    String maxTokenLifetime() default "PT15M";

    @AttributeDefinition(name = "Allowed frame ancestors", required = false,
            description = "The CRM origins that may show the Social tab in a frame (CSP frame-ancestors), comma "
                    + "separated, for example https://crm.example.com; empty: none")
    String allowedFrameAncestors() default "";

    @AttributeDefinition(name = "JAAS realm",
            description = "The Karaf JAAS realm that checks HTTP Basic credentials and gives the roles parley-viewer, "
                    + "parley-admin (or admin)")
    String realm() default "karaf";
}
