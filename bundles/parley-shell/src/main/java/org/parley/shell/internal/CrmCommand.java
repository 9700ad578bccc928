package org.parley.shell.internal;

import java.time.Duration;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.parley.api.CrmStatus;

/** {@code parley:crm}: the CRM connector's state and how far the outbox is behind. */
@Service
@Command(scope = "parley", name = "crm", description = "Shows the CRM connector's state, the outbox depth, the oldest pending write and the last error")
public class CrmCommand extends ParleyAction {

    /** Present only while a CRM connector is configured and the outbox worker runs. */
    @Reference(optional = true)
    CrmStatus crm;

    @Override
    public Object execute() {
        if (crm == null) {
            out().println("No CRM connector is running: configure one in etc/org.parley.crm.suitecrm.cfg"
                    + " (stored interactions wait in the outbox until then).");
            return null;
        }
        CrmStatus.Snapshot s = crm.snapshot();
        ShellTable table = new ShellTable();
        table.column("Property");
        table.column("Value");
        table.addRow().addContent("Connector", ShellText.line(s.connector()));
        table.addRow().addContent("Circuit breaker", s.breakerState());
        table.addRow().addContent("Written", s.delivered());
        table.addRow().addContent("Failed calls", s.failures());
        table.addRow().addContent("Outbox pending", s.outbox().pending());
        table.addRow().addContent("Outbox waiting for a person or policy", s.outbox().waiting());
        table.addRow().addContent("Outbox failed (dead letters)", s.outbox().failed());
        table.addRow().addContent("Oldest pending", age(s.outbox().oldestPending()));
        table.addRow().addContent("Last error", s.lastError() == null ? ShellText.NONE
                : ShellText.cell(s.lastError(), 80) + (s.lastErrorAt() == null ? "" : " (" + ShellText.when(s.lastErrorAt(), clock.instant()) + ")"));
        table.print(out());
        return null;
    }

    private static String age(Duration age) {
        if (age == null || age.isZero()) {
            return ShellText.NONE;
        }
        long s = age.toSeconds();
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }
}
