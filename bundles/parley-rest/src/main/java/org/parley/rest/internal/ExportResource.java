package org.parley.rest.internal;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.api.PersonExport;
import org.parley.rest.internal.Access.Need;

/**
 * Everything Parley holds about a person, as one JSON document ({@code docs/person-export.md}), for a subject access
 * request. A privacy operation: admins only, never a tab token, whoever the token's contact is.
 */
@Component(service = ExportResource.class)
@JakartarsResource
@JakartarsName("parley-export")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("contacts/{type}/{id}/export")
@Produces(MediaType.APPLICATION_JSON)
public final class ExportResource {

    private final PersonExport export;

    @Activate
    public ExportResource(@Reference PersonExport export) {
        this.export = export;
    }

    @GET
    @Access(Need.CHANGE)
    public ExportBody export(@PathParam("type") String type, @PathParam("id") String id) {
        return new ExportBody(export.export(Params.contact(type, id)));
    }

    /** The export as a response body, written as the document itself. */
    record ExportBody(@JsonValue PersonExport.Export export) implements ApiBody {
    }
}
