package org.parley.ingress.internal;

import java.io.PrintStream;
import java.time.Duration;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.parley.ingress.IngressStats;
import org.parley.ingress.Verdict;

/**
 * {@code parley:ingress}: where the public webhook ingress listens and, per channel account, what it accepted,
 * recognised as a retry, refused (unsigned, forged, stale, replayed) and still has to process.
 */
@Service
@Command(scope = "parley", name = "ingress", description = "Shows the public webhook ingress: its address and, per "
        + "channel account, accepted, duplicate and refused deliveries and the inbox's backlog")
public class IngressCommand implements Action {

    /** Present while the listener runs (it needs the store). */
    @Reference(optional = true)
    IngressStats stats;

    /** Where output goes; null means {@code System.out}, read when the command runs (Karaf binds it to the session). */
    PrintStream out;

    @Override
    public Object execute() {
        PrintStream out = this.out != null ? this.out : System.out;
        if (stats == null) {
            out.println("The webhook ingress is not listening: it starts with the parley-ingress feature once Parley's"
                    + " store is up; check etc/" + IngressConfig.PID + ".cfg and the log.");
            return null;
        }
        IngressStats.Snapshot s = stats.snapshot();
        out.println("Listening on " + s.listening() + "/parley/hooks/{channel}/{account}");
        out.println("Refused before reaching an account: " + s.tooLarge() + " too large (413), " + s.rateLimited()
                + " over the rate (429), " + s.notFound() + " unknown path or account (404); " + s.storeFailures()
                + " not acknowledged because the inbox could not commit them (503)");
        if (s.inboxError() != null) {
            out.println("Inbox figures unavailable: " + Text.line(s.inboxError(), 200));
        }
        ShellTable table = new ShellTable();
        table.column("Channel");
        table.column("Account");
        table.column("Endpoint");
        table.column("Accepted").alignRight();
        table.column("Duplicates").alignRight();
        table.column("Unsigned").alignRight();
        table.column("Forged").alignRight();
        table.column("Stale").alignRight();
        table.column("Replayed").alignRight();
        table.column("Pending").alignRight();
        table.column("Oldest pending").alignRight();
        table.column("Dead letters").alignRight();
        table.column("Last error");
        table.emptyTableText("No channel account has a webhook endpoint: configure a push channel (Telegram with "
                + "mode = webhook, Meta, WeChat)");
        for (IngressStats.Account a : s.accounts()) {
            table.addRow().addContent(
                    Text.line(a.channel(), 32),
                    Text.line(a.account(), 40),
                    a.registered() ? "open" : "gone",
                    a.accepted(),
                    a.duplicates(),
                    a.refused(Verdict.Outcome.UNSIGNED),
                    a.refused(Verdict.Outcome.FORGED),
                    a.refused(Verdict.Outcome.STALE),
                    a.refused(Verdict.Outcome.REPLAYED),
                    a.pending(),
                    age(a.oldestPending()),
                    a.failed(),
                    a.lastError() == null ? "-" : Text.line(a.lastError(), 60));
        }
        table.print(out);
        return null;
    }

    static String age(Duration age) {
        if (age == null || age.isZero() || age.isNegative()) {
            return "-";
        }
        long s = age.toSeconds();
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s < 172_800 ? s / 3600 + " h" : s / 86_400 + " d";
    }
}
