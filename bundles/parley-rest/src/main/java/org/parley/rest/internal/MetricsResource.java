package org.parley.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.metrics.ParleyMetrics;
import org.parley.rest.internal.Access.Need;

/**
 * Parley's metrics in the Prometheus text format 0.0.4, for a Prometheus server that scrapes with a parley-viewer's
 * HTTP Basic credentials ({@code basic_auth} in its scrape config). Read from the services at each scrape.
 */
@Component(service = MetricsResource.class)
@JakartarsResource
@JakartarsName("parley-metrics")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("metrics")
public final class MetricsResource {

    private final ParleyMetrics metrics;

    @Activate
    public MetricsResource(@Reference ParleyMetrics metrics) {
        this.metrics = metrics;
    }

    /** Written whole before it is sent, so that a failure gives an error answer, not half a scrape. */
    @GET
    @Produces(ParleyMetrics.CONTENT_TYPE)
    @Access(Need.READ)
    public Response scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            metrics.writePrometheus(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics", e);
        }
        // As a string, so that it goes out exactly as Prometheus documents it (a MediaType would reorder parameters).
        return Response.ok(out.toByteArray()).header(HttpHeaders.CONTENT_TYPE, ParleyMetrics.CONTENT_TYPE).build();
    }
}
