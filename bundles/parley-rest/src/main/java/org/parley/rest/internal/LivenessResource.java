package org.parley.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.rest.internal.Access.Need;

/**
 * Liveness: answers 200 whenever the API serves at all. It depends on nothing else (not on the store, nor on the
 * readiness check's configuration), so that a process that serves is never restarted for what restarting cannot fix.
 * Like every API operation it needs credentials: a parley-viewer (a load balancer sends HTTP Basic).
 */
@Component(service = LivenessResource.class)
@JakartarsResource
@JakartarsName("parley-health-live")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("health/live")
@Produces(MediaType.APPLICATION_JSON)
public final class LivenessResource {

    @GET
    @Access(Need.READ)
    public ReadinessResource.HealthView live() {
        return new ReadinessResource.HealthView("live", List.of());
    }
}
