package org.parley.rest.internal;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.parley.api.Rules;
import org.parley.rest.internal.Access.Need;
import org.parley.rules.RuleCatalog;
import org.parley.rules.RuleSetFiles;
import org.parley.rules.RuleSetFiles.RuleSetRefusedException;
import org.parley.rules.RuleSetFiles.RuleText;

/**
 * The admins' rules: every rule set as it is in force (or why it is refused), a set written or deleted as its file in
 * {@code etc/}, and any rule's dry run over stored history. Reading and dry runs for viewers; writing for admins.
 */
@Component(service = RulesResource.class)
@JakartarsResource
@JakartarsName("parley-rules")
@JakartarsApplicationSelect(Whiteboard.SELECT_APP)
@Path("rules")
@Produces(MediaType.APPLICATION_JSON)
public final class RulesResource {

    static final int DEFAULT_DRY_RUN_LIMIT = RuleCatalog.DRY_RUN_MAX_LIMIT;
    static final int DEFAULT_EXAMPLES = 10;
    /** A rule set larger than this is refused: the file is read on every change and every rule runs on every post. */
    static final int MAX_RULES = 500;

    private final RuleCatalog catalog;
    private final RuleSetFiles files;

    @Activate
    public RulesResource(@Reference RuleCatalog catalog, @Reference RuleSetFiles files) {
        this.catalog = catalog;
        this.files = files;
    }

    @GET
    @Access(Need.READ)
    public RuleSetsView sets() {
        return new RuleSetsView(catalog.sets().stream().map(RuleSetView::of).toList());
    }

    @GET
    @Path("{set}")
    @Access(Need.READ)
    public RuleSetView set(@PathParam("set") String set) {
        return RuleSetView.of(find(set));
    }

    /**
     * Writes the set's file whole ({@code etc/org.parley.rules-<set>.cfg}); 201 when new, 200 when replaced, 400 with
     * every problem (the rule, the key and the column) when it would be refused, in which case nothing is written.
     * Karaf applies it within its configuration poll; {@code GET} shows it then.
     */
    @PUT
    @Path("{set}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Need.CHANGE)
    public Response write(@PathParam("set") String set, RuleSetRequest request, @Context SecurityContext security) {
        if (request == null || request.rules() == null) {
            throw ApiException.invalid("the body must be {\"enabled\": true, \"rules\": [{\"name\", \"when\", \"then\", "
                    + "\"enabled\"}, ...]}");
        }
        if (request.rules().size() > MAX_RULES) {
            throw ApiException.invalid("a rule set has at most " + MAX_RULES + " rules; this one has "
                    + request.rules().size());
        }
        List<RuleText> rules = request.rules().stream()
                .map(r -> new RuleText(r.name(), r.when(), r.then(), r.enabled() == null || r.enabled()))
                .toList();
        boolean enabled = request.enabled() == null || request.enabled();
        boolean created;
        try {
            created = files.write(set, enabled, rules, CallerSecurityContext.callerOf(security).getName());
        } catch (RuleSetRefusedException e) {
            throw ApiException.invalid("rule set '" + Params.shown(set) + "' refused, nothing was written: "
                    + String.join("; ", e.problems()));
        }
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(new WrittenView(set, created, "etc/org.parley.rules-" + set + ".cfg", rules.size()))
                .build();
    }

    /** Checks a rule set as {@code PUT} would, writing nothing: always 200, with the problems (none when valid). */
    @POST
    @Path("{set}/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @Access(Need.READ)
    public CheckView check(@PathParam("set") String set, RuleSetRequest request) {
        if (request == null || request.rules() == null) {
            throw ApiException.invalid("the body must be {\"enabled\": true, \"rules\": [...]}");
        }
        List<String> problems = files.check(set, request.enabled() == null || request.enabled(),
                request.rules().stream()
                        .map(r -> new RuleText(r.name(), r.when(), r.then(), r.enabled() == null || r.enabled()))
                        .toList());
        return new CheckView(problems.isEmpty(), problems);
    }

    /** Deletes the set's file: its rules stop. 404 when there is none. */
    @DELETE
    @Path("{set}")
    @Access(Need.CHANGE)
    public Response delete(@PathParam("set") String set) {
        if (!files.delete(set)) {
            throw ApiException.notFound("there is no rule set file etc/org.parley.rules-" + Params.shown(set) + ".cfg");
        }
        return Response.noContent().build();
    }

    /**
     * Runs one rule, enabled or not, over the newest stored interactions and changes nothing: how many interactions
     * and people it would have matched, what it would have done, and examples.
     */
    @POST
    @Path("{set}/{rule}/dry-run")
    @Access(Need.READ)
    public DryRunView dryRun(@PathParam("set") String set, @PathParam("rule") String rule,
                             @QueryParam("limit") String limit, @QueryParam("examples") String examples) {
        String id = set + "/" + rule;
        if (catalog.rule(id).isEmpty()) {
            throw ApiException.notFound("there is no rule " + Params.shown(id) + " (GET /rules lists them)");
        }
        Rules.DryRun run = catalog.dryRun(id, Params.limit(limit, DEFAULT_DRY_RUN_LIMIT, RuleCatalog.DRY_RUN_MAX_LIMIT),
                Params.limit(examples, DEFAULT_EXAMPLES, RuleCatalog.DRY_RUN_MAX_EXAMPLES));
        return new DryRunView(run.ruleId(), run.scanned(), run.matched(), run.people(), run.actions(),
                run.examples().stream().map(in -> Views.EntryView.of(in, null, List.of(), List.of())).toList());
    }

    private RuleCatalog.RuleSetInfo find(String set) {
        return catalog.sets().stream().filter(s -> s.name().equals(set)).findFirst()
                .orElseThrow(() -> ApiException.notFound("there is no rule set " + Params.shown(set)));
    }

    // ---- bodies ----

    record RuleRequest(String name, String when, String then, Boolean enabled) {
    }

    record RuleSetRequest(Boolean enabled, List<RuleRequest> rules) implements ApiBody {
    }

    record RuleView(String id, boolean enabled, boolean active, String when, String then, String understood,
                    long stopped) {
        static RuleView of(RuleCatalog.RuleInfo r) {
            return new RuleView(r.id(), r.enabled(), r.active(), r.when(), r.then(), r.understood(), r.stopped());
        }
    }

    record RuleSetView(String name, boolean enabled, boolean refused, List<String> problems, Instant loadedAt,
                       List<RuleView> rules) implements ApiBody {
        static RuleSetView of(RuleCatalog.RuleSetInfo s) {
            return new RuleSetView(s.name(), s.enabled(), s.refused(), s.problems(), s.loadedAt(),
                    s.rules().stream().map(RuleView::of).toList());
        }
    }

    record RuleSetsView(List<RuleSetView> sets) implements ApiBody {
    }

    record WrittenView(String set, boolean created, String file, int rules) implements ApiBody {
    }

    record CheckView(boolean valid, List<String> problems) implements ApiBody {
    }

    record DryRunView(String ruleId, long scanned, long matched, long people, Map<String, Long> actions,
                      List<Views.EntryView> examples) implements ApiBody {
    }
}
