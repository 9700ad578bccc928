package org.parley.rest.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionStore;
import org.parley.api.InteractionTags;
import org.parley.api.Replies;
import org.parley.api.Reply;
import org.parley.rest.internal.Access.Need;
import org.parley.rest.internal.Access.TabScope;
import org.parley.rest.internal.Views.TagView;

/**
 * One interaction, named by its channel and external id (see {@link InteractionRef} for ids that are not one path
 * segment): its tags, and the replies people ask Parley to post to it.
 */
@Component(service = InteractionsResource.class)
@JakartarsResource
@JakartarsName("parley-interactions")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("interactions/{channel}/{externalId}")
@Produces(MediaType.APPLICATION_JSON)
public final class InteractionsResource {

    /** Longer replies are refused before the channel's own limit is even asked. */
    static final int MAX_REPLY = 20_000;

    private final InteractionStore interactions;
    private final InteractionTags tags;
    private final Replies replies;

    @Activate
    public InteractionsResource(@Reference InteractionStore interactions, @Reference InteractionTags tags,
                                @Reference Replies replies) {
        this.interactions = interactions;
        this.tags = tags;
        this.replies = replies;
    }

    @POST
    @Path("tags")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(value = Need.CHANGE, tab = TabScope.INTERACTION)
    public Views.TagsView tag(@PathParam("channel") String channel, @PathParam("externalId") String externalId,
                              Views.TagRequest request, @Context SecurityContext security) {
        InteractionKey key = existing(channel, externalId);
        boolean changed = tags.add(key, Params.text("tag", request.tag(), 64),
                CallerSecurityContext.callerOf(security).tagSource());
        return new Views.TagsView(TagView.of(tags.tagsOf(key)), changed);
    }

    @DELETE
    @Path("tags/{tag}")
    @Access(value = Need.CHANGE, tab = TabScope.INTERACTION)
    public Views.TagsView untag(@PathParam("channel") String channel, @PathParam("externalId") String externalId,
                                @PathParam("tag") String tag, @Context SecurityContext security) {
        InteractionKey key = existing(channel, externalId);
        boolean changed = tags.remove(key, Params.text("tag", tag, 64),
                CallerSecurityContext.callerOf(security).tagSource());
        return new Views.TagsView(TagView.of(tags.tagsOf(key)), changed);
    }

    /**
     * Asks Parley to post a reply on the interaction's channel, from the account it arrived on, as the caller: 202 with
     * the stored reply (PENDING, or AWAITING_APPROVAL where the channel account requires a second person).
     */
    @POST
    @Path("replies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(value = Need.CHANGE, tab = TabScope.INTERACTION)
    public Response reply(@PathParam("channel") String channel, @PathParam("externalId") String externalId,
                          Views.ReplyRequest request, @Context SecurityContext security, @Context UriInfo uri) {
        InteractionKey key = existing(channel, externalId);
        String text = Params.text("text", request.text(), MAX_REPLY);
        Reply reply = replies.request(key, text, CallerSecurityContext.callerOf(security).getName());
        return Response.accepted(Views.ReplyView.of(reply))
                .location(uri.getBaseUriBuilder().path("replies").path(Long.toString(reply.id())).build())
                .build();
    }

    private InteractionKey existing(String channel, String externalId) {
        InteractionKey key = InteractionRef.key(channel, externalId);
        if (interactions.existing(java.util.List.of(key)).isEmpty()) {
            throw ApiException.notFound("there is no interaction " + key.channel() + ":"
                    + Params.shown(key.externalId()));
        }
        return key;
    }
}
