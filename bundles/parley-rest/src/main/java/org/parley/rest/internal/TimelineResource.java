package org.parley.rest.internal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.api.ContactRef;
import org.parley.api.InteractionKey;
import org.parley.api.InteractionTags;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;
import org.parley.api.Tag;
import org.parley.api.Timeline;
import org.parley.rest.internal.Access.Need;
import org.parley.rest.internal.Access.TabScope;

/**
 * One person's timeline: every interaction of every identity linked to the record, newest first, each with its tags
 * and the replies Parley posted to it, paged by an opaque cursor.
 */
@Component(service = TimelineResource.class)
@JakartarsResource
@JakartarsName("parley-timeline")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("contacts/{type}/{id}/timeline")
@Produces(MediaType.APPLICATION_JSON)
public final class TimelineResource {

    static final int DEFAULT_LIMIT = 50;

    private final Timeline timeline;
    private final InteractionTags tags;
    private final ReplyStore replies;

    @Activate
    public TimelineResource(@Reference Timeline timeline, @Reference InteractionTags tags,
                            @Reference ReplyStore replies) {
        this.timeline = timeline;
        this.tags = tags;
        this.replies = replies;
    }

    @GET
    @Access(value = Need.READ, tab = TabScope.CONTACT)
    public Views.TimelineView timeline(@PathParam("type") String type, @PathParam("id") String id,
                                       @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        ContactRef contact = Params.contact(type, id);
        Timeline.Page page = timeline.page(contact, TimelineCursor.decode(cursor),
                Params.limit(limit, DEFAULT_LIMIT, Timeline.MAX_PAGE));
        List<InteractionKey> keys = page.entries().stream().map(e -> e.interaction().key()).toList();
        Map<InteractionKey, List<Tag>> tagsByKey = keys.isEmpty() ? Map.of() : tags.tagsOf(keys);
        Map<InteractionKey, List<Reply>> repliesByKey = new LinkedHashMap<>();
        if (!keys.isEmpty()) {
            for (Reply reply : replies.repliesTo(keys)) {
                repliesByKey.computeIfAbsent(reply.inReplyTo(), k -> new ArrayList<>()).add(reply);
            }
        }
        List<Views.EntryView> entries = page.entries().stream()
                .map(e -> Views.EntryView.of(e.interaction(), e.sentiment(),
                        tagsByKey.getOrDefault(e.interaction().key(), List.of()),
                        repliesByKey.getOrDefault(e.interaction().key(), List.of())))
                .toList();
        return new Views.TimelineView(Views.ContactView.of(contact), entries, TimelineCursor.encode(page.next()));
    }
}
