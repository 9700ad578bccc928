package org.parley.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.rest.internal.Access.Need;

/** The API's OpenAPI 3 document, written by hand next to the resources and kept in step by OpenApiContractTest. */
@Component(service = OpenApiResource.class)
@JakartarsResource
@JakartarsName("parley-openapi")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("openapi.yaml")
public final class OpenApiResource {

    static final String DOCUMENT = "openapi.yaml";
    static final String MEDIA_TYPE = "application/yaml";

    private final String document = read();

    @GET
    @Produces(MEDIA_TYPE + ";charset=utf-8")
    @Access(Need.READ)
    public String document() {
        return document;
    }

    static String read() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the parley-rest bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT + " from the parley-rest bundle", e);
        }
    }
}
