package org.parley.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.api.ChannelState;
import org.parley.api.ChannelStateStore;
import org.parley.rest.internal.Access.Need;

/** How each channel account stands: its last poll, its last success and error, its backfill. For admins. */
@Component(service = ChannelsResource.class)
@JakartarsResource
@JakartarsName("parley-channels")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("channels")
@Produces(MediaType.APPLICATION_JSON)
public final class ChannelsResource {

    private final ChannelStateStore states;

    @Activate
    public ChannelsResource(@Reference ChannelStateStore states) {
        this.states = states;
    }

    @GET
    @Access(Need.READ)
    public Views.ChannelsView channels() {
        return new Views.ChannelsView(states.states().stream()
                .sorted(Comparator.comparing(ChannelState::channel)
                        .thenComparing(s -> s.account() == null ? "" : s.account()))
                .map(Views.ChannelView::of)
                .toList());
    }
}
