package org.parley.rest.internal;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.parley.api.IdentityLinks;
import org.parley.api.InteractionStore;
import org.parley.api.ReplyStore;

/**
 * Puts an {@link AccessFilter} in front of every resource method of the API, built from the method's {@link Access}.
 * A method without one gets a filter that refuses everyone: forgetting the annotation closes the endpoint.
 */
@Component(service = DynamicFeature.class)
@JakartarsExtension
@JakartarsName(Whiteboard.ACCESS_CONTROL)
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
public final class AccessControl implements DynamicFeature {

    private final TabScopes scopes;

    @Activate
    public AccessControl(@Reference InteractionStore interactions, @Reference IdentityLinks links,
                         @Reference ReplyStore replies) {
        this.scopes = new TabScopes(interactions, links, replies);
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Access access = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(Access.class);
        context.register(new AccessFilter(access, scopes), Priorities.AUTHORIZATION);
    }
}
