package org.parley.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * The Social tab: one HTML page and its scripts and styles, as they are in the bundle (plain JavaScript modules, no
 * build step). The CRM frames {@code /parley/tab#token=...}: the token stays in the fragment, so it reaches neither
 * this server's logs nor a Referer; the page reads it and calls the API with it. Only the files listed here are
 * served.
 */
@Component(service = TabPage.class)
@JakartarsResource
@JakartarsName("parley-tab-page")
@JakartarsApplicationSelect(Whiteboard.SELECT_TAB)
@Path("/")
public final class TabPage {

    /** Where the page and its files are in the bundle. */
    static final String FOLDER = "/org/parley/rest/tab/";
    static final String PAGE = "index.html";
    /** Stands in the page for the path of the assets, which depends on the whiteboard's context path. */
    static final String ASSETS_MARK = "{{assets}}";

    private static final String JS = "text/javascript;charset=utf-8";
    private static final Map<String, String> ASSETS = assets();

    private final String page = new String(read(PAGE), StandardCharsets.UTF_8);
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    public TabPage() {
        ASSETS.keySet().forEach(name -> files.put(name, read(name)));
    }

    private static Map<String, String> assets() {
        Map<String, String> assets = new LinkedHashMap<>();
        assets.put("tab.js", JS);
        assets.put("api.js", JS);
        assets.put("dom.js", JS);
        assets.put("chart.js", JS);
        assets.put("tab.css", "text/css;charset=utf-8");
        assets.put("icon.svg", "image/svg+xml");
        return Map.copyOf(assets);
    }

    @GET
    @Produces("text/html;charset=utf-8")
    public String page(@Context UriInfo uri) {
        // The base is this application's own path (ending in "/"), never anything the request chose beyond it.
        String assets = uri.getBaseUri().getRawPath() + "assets";
        return page.replace(ASSETS_MARK, html(assets));
    }

    @GET
    @Path("assets/{file}")
    public Response asset(@PathParam("file") String file) {
        byte[] content = files.get(file);
        if (content == null) {
            throw new NotFoundException();
        }
        return Response.ok(content, ASSETS.get(file)).build();
    }

    private static byte[] read(String name) {
        try (InputStream in = TabPage.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException(FOLDER + name + " is missing from the parley-rest bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FOLDER + name + " from the parley-rest bundle", e);
        }
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
