package org.parley.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterReplayer;
import org.parley.api.DeadLetterStore;
import org.parley.rest.internal.Access.Need;

/** Payloads that could not be stored, newest first, and their replay once the cause is fixed. For admins. */
@Component(service = DeadLettersResource.class)
@JakartarsResource
@JakartarsName("parley-deadletters")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("deadletters")
@Produces(MediaType.APPLICATION_JSON)
public final class DeadLettersResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final DeadLetterStore store;
    private final DeadLetterReplayer replayer;

    @Activate
    public DeadLettersResource(@Reference DeadLetterStore store, @Reference DeadLetterReplayer replayer) {
        this.store = store;
        this.replayer = replayer;
    }

    /**
     * @param status {@code pending} (default), {@code replayed} or {@code all}
     * @param channel only this channel; absent for all
     */
    @GET
    @Access(Need.READ)
    public Views.DeadLettersView list(@QueryParam("status") String status, @QueryParam("channel") String channel,
                                      @QueryParam("limit") String limit) {
        String which = status == null || status.isEmpty() ? "pending" : status.toLowerCase(Locale.ROOT);
        if (!which.equals("pending") && !which.equals("replayed") && !which.equals("all")) {
            throw ApiException.invalid("status '" + Params.shown(status) + "' must be pending, replayed or all");
        }
        String onChannel = channel == null || channel.isEmpty() ? null : Params.channel(channel);
        int max = Params.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        return new Views.DeadLettersView(store.list(onChannel, !which.equals("pending"), max).stream()
                .filter(d -> !which.equals("replayed") || !d.pending())
                .map(Views.DeadLetterView::of)
                .toList());
    }

    /** Sends the payload through its channel again: 200 with the outcome, refused again included; 409 if replayed. */
    @POST
    @Path("{id}/replay")
    @Access(Need.CHANGE)
    public Views.ReplayView replay(@PathParam("id") String id) {
        long letterId = Params.id("dead letter", id);
        DeadLetter letter = store.find(letterId)
                .orElseThrow(() -> ApiException.notFound("there is no dead letter " + letterId));
        if (!letter.pending()) {
            throw new ApiException(ErrorCode.CONFLICT, "dead letter " + letterId + " was replayed at "
                    + letter.replayedAt());
        }
        return Views.ReplayView.of(replayer.replay(letterId));
    }
}
