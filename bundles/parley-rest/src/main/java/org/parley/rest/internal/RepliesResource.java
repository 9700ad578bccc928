package org.parley.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.api.Replies;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;
import org.parley.rest.internal.Access.Need;
import org.parley.rest.internal.Access.TabScope;
import org.parley.rest.internal.Views.ReplyView;

/** A reply Parley was asked to post: where it stands, its approval by a second person, and a retry after a failure. */
@Component(service = RepliesResource.class)
@JakartarsResource
@JakartarsName("parley-replies")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("replies/{id}")
@Produces(MediaType.APPLICATION_JSON)
public final class RepliesResource {

    private final ReplyStore store;
    private final Replies replies;

    @Activate
    public RepliesResource(@Reference ReplyStore store, @Reference Replies replies) {
        this.store = store;
        this.replies = replies;
    }

    @GET
    @Access(value = Need.READ, tab = TabScope.REPLY)
    public ReplyView reply(@PathParam("id") String id) {
        return ReplyView.of(find(id));
    }

    /** A second person approves a reply awaiting approval; its author cannot (409). */
    @POST
    @Path("approve")
    @Access(value = Need.CHANGE, tab = TabScope.REPLY)
    public ReplyView approve(@PathParam("id") String id, @Context SecurityContext security) {
        Reply reply = find(id);
        return ReplyView.of(replies.approve(reply.id(), CallerSecurityContext.callerOf(security).getName()));
    }

    /** Puts a FAILED reply back in the queue (admins only). */
    @POST
    @Path("retry")
    @Access(Need.CHANGE)
    public ReplyView retry(@PathParam("id") String id, @Context SecurityContext security) {
        Reply reply = find(id);
        return ReplyView.of(replies.retry(reply.id(), CallerSecurityContext.callerOf(security).getName()));
    }

    private Reply find(String id) {
        long replyId = Params.id("reply", id);
        return store.find(replyId).orElseThrow(() -> ApiException.notFound("there is no reply " + replyId));
    }
}
