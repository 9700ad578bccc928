package org.parley.shell.internal;

import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.parley.api.Replies;
import org.parley.api.Reply;
import org.parley.api.ReplyStore;

/** {@code parley:replies}: the replies queue: what was posted, what waits for approval, what failed and why. */
@Service
@Command(scope = "parley", name = "replies", description = "Lists replies, shows one, approves one (a second person) or retries a failed one")
public class RepliesCommand extends ParleyAction {

    static final int TEXT_CHARS = 40;

    @Argument(index = 0, name = "action", description = "list (default), show, approve or retry")
    @Completion(value = StringsCompleter.class, values = {"list", "show", "approve", "retry"})
    String action = "list";

    @Argument(index = 1, name = "id", description = "show, approve, retry: the reply's id")
    Long id;

    @Option(name = "--status", aliases = {"-s"}, description = "list: only AWAITING_APPROVAL, PENDING, SENT or FAILED")
    String status;

    @Option(name = "--limit", aliases = {"-n"}, description = "list: at most this many, newest first (default 50)")
    Integer limit;

    @Reference
    ReplyStore store;

    @Reference
    Replies replies;

    @Reference(optional = true)
    Session session;

    @Override
    public Object execute() {
        switch (action) {
            case "list" -> list();
            case "show" -> show(store.find(requiredId()).orElseThrow(() -> new IllegalArgumentException("There is no reply " + id)));
            case "approve" -> {
                Reply reply = replies.approve(requiredId(), ReplyCommand.user(session));
                out().println("Reply " + reply.id() + " approved; it is posted now.");
            }
            case "retry" -> {
                Reply reply = replies.retry(requiredId(), ReplyCommand.user(session));
                out().println("Reply " + reply.id() + " is queued again.");
            }
            default -> throw new IllegalArgumentException("Unknown action '" + ShellText.line(action) + "': use list, show, approve or retry");
        }
        return null;
    }

    private void list() {
        Reply.Status only = null;
        if (filter(status) != null) {
            try {
                only = Reply.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--status " + ShellText.line(status) + " is not one of AWAITING_APPROVAL, PENDING, SENT, FAILED");
            }
        }
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("To");
        table.column("Status");
        table.column("By");
        table.column("Asked");
        table.column("Text");
        table.column("Error / posted as");
        table.emptyTableText(only == null ? "No replies" : "No " + only + " replies");
        for (Reply r : store.list(only, checkLimit(limit, 50, 10_000))) {
            table.addRow().addContent(r.id(), ShellText.cell(r.inReplyTo().toString(), 40), r.status(),
                    ShellText.cell(r.requestedBy(), 24), ShellText.when(r.requestedAt(), clock.instant()),
                    ShellText.cell(r.text(), TEXT_CHARS),
                    r.status() == Reply.Status.SENT ? ShellText.cell(r.externalId(), 40) : ShellText.cell(r.error(), 60));
        }
        table.print(out());
    }

    private void show(Reply r) {
        out().println("Reply " + r.id() + " to " + ShellText.line(r.inReplyTo().toString())
                + (r.account() == null ? "" : " from account " + ShellText.line(r.account())));
        out().println("  Status:     " + r.status() + (r.attempts() > 0 ? " after " + r.attempts() + " attempt(s)" : ""));
        out().println("  Asked by:   " + ShellText.line(r.requestedBy()) + ", " + ShellText.when(r.requestedAt(), clock.instant()));
        if (r.approvedBy() != null) {
            out().println("  Approved:   " + ShellText.line(r.approvedBy()));
        }
        if (r.externalId() != null) {
            out().println("  Posted as:  " + ShellText.line(r.externalId()) + (r.url() == null ? "" : "  " + ShellText.line(r.url())));
        }
        if (r.error() != null) {
            out().println("  " + (r.status() == Reply.Status.FAILED ? "Failed:     " : "Last error: ") + ShellText.line(r.error()));
        }
        out().println("  Text:       " + ShellText.line(r.text()));
    }

    private long requiredId() {
        if (id == null) {
            throw new IllegalArgumentException("Give the reply's id: parley:replies " + action + " ID (see parley:replies list)");
        }
        return id;
    }
}
