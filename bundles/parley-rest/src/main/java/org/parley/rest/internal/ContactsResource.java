package org.parley.rest.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.api.ContactRef;
import org.parley.api.IdentityLinks;
import org.parley.api.PersonScores;
import org.parley.api.PersonTags;
import org.parley.api.Timeline;
import org.parley.rest.internal.Access.Need;
import org.parley.rest.internal.Access.TabScope;
import org.parley.rest.internal.Views.ContactView;
import org.parley.rest.internal.Views.IdentitiesView;
import org.parley.rest.internal.Views.IdentityView;
import org.parley.rest.internal.Views.TagsView;
import org.parley.rest.internal.Views.TagView;

/** A CRM record as Parley knows it: its social identities (linked by an admin), its tags, scores and counts. */
@Component(service = ContactsResource.class)
@JakartarsResource
@JakartarsName("parley-contacts")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("contacts/{type}/{id}")
@Produces(MediaType.APPLICATION_JSON)
public final class ContactsResource {

    private final IdentityLinks links;
    private final PersonTags tags;
    private final PersonScores scores;
    private final Timeline timeline;

    @Activate
    public ContactsResource(@Reference IdentityLinks links, @Reference PersonTags tags, @Reference PersonScores scores,
                            @Reference Timeline timeline) {
        this.links = links;
        this.tags = tags;
        this.scores = scores;
        this.timeline = timeline;
    }

    @GET
    @Access(value = Need.READ, tab = TabScope.CONTACT)
    public Views.PersonView person(@PathParam("type") String type, @PathParam("id") String id) {
        ContactRef contact = Params.contact(type, id);
        return new Views.PersonView(ContactView.of(contact), identities(contact), TagView.of(tags.tagsOf(contact)),
                scores.of(contact).map(Views.ScoresView::of).orElse(null),
                Views.CountsView.of(timeline.countsByChannel(contact)));
    }

    /** Links a channel identity to this record by hand (method MANUAL), replacing any link it had. */
    @POST
    @Path("identities")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Need.CHANGE)
    public IdentitiesView link(@PathParam("type") String type, @PathParam("id") String id,
                               Views.IdentityRequest request, @Context SecurityContext security) {
        ContactRef contact = Params.contact(type, id);
        String channel = Params.channel(request.channel());
        String handle = Params.text("handle", request.handle(), 255);
        links.link(channel, handle, contact, CallerSecurityContext.callerOf(security).getName());
        return new IdentitiesView(ContactView.of(contact), identities(contact));
    }

    /** Unlinks a channel identity from this record; 404 when it is not linked to this record. */
    @DELETE
    @Path("identities")
    @Access(Need.CHANGE)
    public IdentitiesView unlink(@PathParam("type") String type, @PathParam("id") String id,
                                 @QueryParam("channel") String channel, @QueryParam("handle") String handle) {
        ContactRef contact = Params.contact(type, id);
        Params.channel(channel);
        Params.text("handle", handle, 255);
        boolean linkedHere = links.linkOf(channel, handle)
                .filter(ref -> ref.type().equals(contact.type()) && ref.id().equals(contact.id()))
                .isPresent();
        if (!linkedHere) {
            throw ApiException.notFound(channel + ":" + Params.shown(handle) + " is not linked to " + type + "/" + id);
        }
        links.unlink(channel, handle);
        return new IdentitiesView(ContactView.of(contact), identities(contact));
    }

    @POST
    @Path("tags")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(value = Need.CHANGE, tab = TabScope.CONTACT)
    public TagsView tag(@PathParam("type") String type, @PathParam("id") String id, Views.TagRequest request,
                        @Context SecurityContext security) {
        ContactRef contact = Params.contact(type, id);
        String tag = Params.text("tag", request.tag(), 64);
        boolean changed = tags.add(contact, tag, CallerSecurityContext.callerOf(security).tagSource());
        return new TagsView(TagView.of(tags.tagsOf(contact)), changed);
    }

    @DELETE
    @Path("tags/{tag}")
    @Access(value = Need.CHANGE, tab = TabScope.CONTACT)
    public TagsView untag(@PathParam("type") String type, @PathParam("id") String id, @PathParam("tag") String tag,
                          @Context SecurityContext security) {
        ContactRef contact = Params.contact(type, id);
        boolean changed = tags.remove(contact, Params.text("tag", tag, 64),
                CallerSecurityContext.callerOf(security).tagSource());
        return new TagsView(TagView.of(tags.tagsOf(contact)), changed);
    }

    private List<IdentityView> identities(ContactRef contact) {
        return links.identitiesOf(contact).stream().map(IdentityView::of).toList();
    }
}
