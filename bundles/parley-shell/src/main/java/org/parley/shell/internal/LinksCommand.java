package org.parley.shell.internal;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;
import org.parley.api.ContactRef;
import org.parley.api.CrmOutbox;
import org.parley.api.IdentityLinks;

/**
 * {@code parley:links}: the review queue of identities that matched more than one CRM record. Parley never guesses
 * between them: a person links one ({@code link ID N}) or rejects them all ({@code reject ID}). Any identity can also
 * be linked by hand ({@code assign CHANNEL:HANDLE RECORD}); its waiting CRM writes then go to that record.
 */
@Service
@Command(scope = "parley", name = "links", description = "Lists identities waiting for a person to choose their CRM record; link or reject")
public class LinksCommand extends ParleyAction {

    static final int DEFAULT_LIMIT = 50;

    @Argument(index = 0, name = "action", description = "list (default), link, reject, or assign")
    @Completion(LinksActionCompleter.class)
    String action;

    @Argument(index = 1, name = "review", description = "link, reject: the review id; assign: the identity, CHANNEL:HANDLE")
    @Completion(ReviewIdCompleter.class)
    String target;

    @Argument(index = 2, name = "candidate", description = "link: the candidate's number in the list, or its CRM id; assign: the record, Contacts/ID or Leads/ID")
    String candidate;

    @Option(name = "--limit", aliases = {"-n"}, description = "list: at most this many, 1 to 1000 (default 50)")
    Integer limit;

    @Reference
    IdentityLinks links;

    @Reference
    CrmOutbox outbox;

    @Reference(optional = true)
    Session session;

    @Override
    public Object execute() {
        String what = action == null ? "list" : action;
        switch (what) {
            case "list" -> list();
            case "link" -> link();
            case "reject" -> reject();
            case "assign" -> assign();
            default -> throw new IllegalArgumentException("Unknown action '" + ShellText.line(what) + "': use list, link, reject or assign");
        }
        return null;
    }

    private void list() {
        List<IdentityLinks.Review> reviews = links.openReviews(checkLimit(limit, DEFAULT_LIMIT, 1000));
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Identity");
        table.column("Name");
        table.column("Candidates");
        table.column("Waiting since");
        table.emptyTableText("No identity is waiting for a person");
        for (IdentityLinks.Review r : reviews) {
            table.addRow().addContent(r.id(),
                    ShellText.cell(r.identity().channel() + ":" + r.identity().handle(), 48),
                    ShellText.cell(r.identity().displayName(), 32),
                    candidates(r.candidates()),
                    ShellText.when(r.queuedAt(), clock.instant()));
        }
        table.print(out());
    }

    private void link() {
        IdentityLinks.Review review = openReview();
        if (candidate == null || candidate.isBlank()) {
            throw new IllegalArgumentException("Say which candidate: parley:links link " + review.id() + " N (1.."
                    + review.candidates().size() + ") or a CRM id");
        }
        ContactRef chosen = choose(review, candidate.trim());
        links.resolveReview(review.id(), chosen, user());
        out().println("Linked " + ShellText.line(review.identity().channel() + ":" + review.identity().handle())
                + " to " + chosen.type() + "/" + chosen.id() + "; its waiting history is written next.");
    }

    private void reject() {
        IdentityLinks.Review review = openReview();
        links.resolveReview(review.id(), null, user());
        out().println("Rejected every candidate of " + ShellText.line(review.identity().channel() + ":" + review.identity().handle())
                + "; it stays unlinked and follows the lead policy.");
    }

    private void assign() {
        int colon = target == null ? -1 : target.indexOf(':');
        if (colon <= 0 || colon == target.length() - 1 || candidate == null) {
            throw new IllegalArgumentException("Say which identity and which record: parley:links assign CHANNEL:HANDLE Contacts/ID");
        }
        String channel = target.substring(0, colon);
        String handle = target.substring(colon + 1);
        ContactRef record = ResyncCommand.parse(candidate);
        links.link(channel, handle, new ContactRef(record.type(), record.id(), ContactRef.Method.MANUAL, 1.0), user());
        int woken = outbox.wake(channel, handle);
        out().println("Linked " + ShellText.line(target) + " to " + record.type() + "/" + record.id() + " by hand; "
                + woken + " waiting history entries are written next.");
    }

    private IdentityLinks.Review openReview() {
        Long reviewId = reviewId();
        return links.review(reviewId)
                .filter(r -> r.status() == IdentityLinks.ReviewStatus.OPEN)
                .orElseThrow(() -> new IllegalArgumentException("There is no open review " + target + " (see parley:links)"));
    }

    private Long reviewId() {
        if (target == null || !target.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("Give the review id: parley:links " + action + " ID (see parley:links)");
        }
        return Long.valueOf(target);
    }

    static ContactRef choose(IdentityLinks.Review review, String wanted) {
        List<ContactRef> candidates = review.candidates();
        if (wanted.matches("\\d{1,3}")) {
            int n = Integer.parseInt(wanted);
            if (n >= 1 && n <= candidates.size()) {
                return candidates.get(n - 1);
            }
        }
        return candidates.stream().filter(c -> c.id().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + ShellText.line(wanted) + "' is neither a candidate number (1.."
                        + candidates.size() + ") nor the id of one of review " + review.id() + "'s candidates"));
    }

    private static String candidates(List<ContactRef> candidates) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < candidates.size(); i++) {
            ContactRef c = candidates.get(i);
            out.append(i == 0 ? "" : ", ").append(i + 1).append(") ").append(c.type()).append('/').append(ShellText.line(c.id()))
                    .append(" by ").append(c.method().name().toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }

    private String user() {
        Object user = session == null ? null : session.get("USER");
        return user == null ? "shell" : "user:" + user;
    }
}
