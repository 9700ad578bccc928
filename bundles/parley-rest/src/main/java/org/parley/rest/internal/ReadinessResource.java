package org.parley.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.metrics.ParleyHealth;
import org.parley.rest.internal.Access.Need;

/**
 * Readiness: 200 {@code {"status": "ready", "reasons": []}} or 503 {@code {"status": "not_ready", "reasons": [...]}}
 * with every reason (database down, CRM circuit breaker open, a channel account failing, an inbox backlog), checked at
 * each call. Needs a parley-viewer, like every API operation.
 */
@Component(service = ReadinessResource.class)
@JakartarsResource
@JakartarsName("parley-health-ready")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("health/ready")
@Produces(MediaType.APPLICATION_JSON)
public final class ReadinessResource {

    /** The answer of both health endpoints; {@code reasons} is empty unless not ready. */
    record HealthView(String status, List<String> reasons) implements ApiBody {
        HealthView {
            reasons = List.copyOf(reasons);
        }
    }

    private final ParleyHealth health;

    @Activate
    public ReadinessResource(@Reference ParleyHealth health) {
        this.health = health;
    }

    @GET
    @Access(Need.READ)
    public Response ready() {
        ParleyHealth.Readiness readiness = health.readiness();
        if (readiness.ready()) {
            return Response.ok(new HealthView("ready", List.of())).build();
        }
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .entity(new HealthView("not_ready", readiness.reasons())).build();
    }
}
