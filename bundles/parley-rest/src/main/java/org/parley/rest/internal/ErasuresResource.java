package org.parley.rest.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.api.ContactRef;
import org.parley.api.PersonErasure;
import org.parley.rest.internal.Access.Need;
import org.parley.rest.internal.Views.ErasureResultView;
import org.parley.rest.internal.Views.ErasureView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's right to erasure ({@code docs/person-erasure.md}): erases contacts and leads from Parley and queues the
 * removal of the history Parley wrote into the CRM; lists the audit records. A privacy operation: admins only, never a
 * tab token, whoever the token's contact is.
 */
@Component(service = ErasuresResource.class)
@JakartarsResource
@JakartarsName("parley-erasures")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("erasures")
@Produces(MediaType.APPLICATION_JSON)
public final class ErasuresResource {

    private static final Logger LOG = LoggerFactory.getLogger(ErasuresResource.class);

    static final int MAX_RECORDS = 1000;
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 500;

    private final PersonErasure erasure;

    @Activate
    public ErasuresResource(@Reference PersonErasure erasure) {
        this.erasure = erasure;
    }

    /**
     * Erases each record (a record given twice once), as the caller. Every entry is checked first: one wrong entry is
     * a 400 that names it, and nothing is erased.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Need.CHANGE)
    public Response erase(Views.ErasureRequest request, @Context SecurityContext security) {
        String requestedBy = CallerSecurityContext.callerOf(security).getName();
        if (request == null) {
            throw ApiException.invalid("a JSON body {\"records\": [\"Contacts/ID\", ...]} is required");
        }
        String reference = reference(request.reference());
        Map<String, ContactRef> records = records(request.records());
        List<ErasureResultView> done = new ArrayList<>();
        for (Map.Entry<String, ContactRef> record : records.entrySet()) {
            try {
                done.add(ErasureResultView.of(record.getKey(), erasure.erase(record.getValue(), requestedBy,
                        reference)));
            } catch (RuntimeException e) {
                if (done.isEmpty()) {
                    throw e;
                }
                throw partlyDone(record.getKey(), done, records.size(), e);
            }
        }
        return Response.status(Response.Status.CREATED).entity(new Views.ErasureResultsView(done)).build();
    }

    /** The newest audit records, newest first. */
    @GET
    @Access(Need.CHANGE)
    public Views.ErasuresView recent(@QueryParam("limit") String limit) {
        return new Views.ErasuresView(erasure.recent(Params.limit(limit, DEFAULT_LIMIT, MAX_LIMIT)).stream()
                .map(ErasureView::of).toList());
    }

    @GET
    @Path("{id}")
    @Access(Need.CHANGE)
    public ErasureView one(@PathParam("id") String id) {
        long erasureId = Params.id("erasure", id);
        return erasure.find(erasureId).map(ErasureView::of)
                .orElseThrow(() -> ApiException.notFound("there is no erasure " + erasureId));
    }

    /** The records by {@code Type/ID}, in the order given, each once. */
    private static Map<String, ContactRef> records(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw ApiException.invalid("'records' is required: a list of 1 to " + MAX_RECORDS
                    + " records such as \"Contacts/ID\" or \"Leads/ID\"");
        }
        if (given.size() > MAX_RECORDS) {
            throw ApiException.invalid("'records' has " + given.size() + " entries; at most " + MAX_RECORDS
                    + " are erased in one request. Nothing was erased");
        }
        Map<String, ContactRef> records = new LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) {
            ContactRef ref = record(i, given.get(i));
            records.putIfAbsent(ref.type() + "/" + ref.id(), ref);
        }
        return records;
    }

    private static ContactRef record(int index, String value) {
        String entry = "records[" + index + "]";
        if (value == null) {
            throw ApiException.invalid(entry + " is null; it must be \"Contacts/ID\" or \"Leads/ID\"."
                    + " Nothing was erased");
        }
        int slash = value.indexOf('/');
        String type = slash < 0 ? null : value.substring(0, slash);
        if (!"Contacts".equals(type) && !"Leads".equals(type)) {
            throw ApiException.invalid(entry + " '" + Params.shown(value) + "' must be \"Contacts/ID\" or \"Leads/ID\""
                    + " (a CRM contact or lead). Nothing was erased");
        }
        try {
            return Params.contact(type, value.substring(slash + 1));
        } catch (ApiException e) {
            throw ApiException.invalid(entry + ": " + e.getMessage() + ". Nothing was erased");
        }
    }

    /** The reference as the audit record keeps it ({@link PersonErasure#reference}): null when absent or blank. */
    private static String reference(String given) {
        try {
            return PersonErasure.reference(given);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("'reference' " + e.getMessage() + ". Nothing was erased");
        }
    }

    /**
     * A failure after some records were erased: the caller must learn which were (their audit records) and which were
     * not, rather than a bare 500 that hides the erasures already made. The details go to the log only.
     */
    private static ApiException partlyDone(String failed, List<ErasureResultView> done, int total, RuntimeException e) {
        String logReference = UUID.randomUUID().toString().substring(0, 8);
        List<Long> audits = done.stream().map(ErasureResultView::id).toList();
        LOG.error("Erasure request failed after audit records {} (reference {}); {} of {} records not erased", audits,
                logReference, total - done.size(), total, e);
        return new ApiException(ErrorCode.INTERNAL_ERROR, failed + " could not be erased; the " + done.size()
                + " records before it were erased (audit records " + audits + ") and the " + (total - done.size())
                + " from it on were not: send those again once the cause is fixed. The log has the details under"
                + " reference " + logReference);
    }
}
