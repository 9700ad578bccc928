package org.parley.shell.internal;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.parley.api.ContactRef;
import org.parley.api.CrmOutbox;
import org.parley.api.IdentityLinks;
import org.parley.api.SocialIdentity;

/**
 * {@code parley:resync RECORD}: writes a person's history into the CRM again. Safe to repeat: every write looks its
 * interaction key up first, so entries already in the CRM are found, not doubled.
 */
@Service
@Command(scope = "parley", name = "resync", description = "Rewrites the CRM history of a contact or lead from every interaction of its linked social identities (idempotent)")
public class ResyncCommand extends ParleyAction {

    @Argument(index = 0, name = "record", required = true,
            description = "The CRM record: Contacts/ID, Leads/ID, or an ID (a contact)")
    String record;

    @Reference
    IdentityLinks links;

    @Reference
    CrmOutbox outbox;

    @Override
    public Object execute() {
        ContactRef ref = parse(record);
        List<SocialIdentity> identities = links.identitiesOf(ref);
        if (identities.isEmpty()) {
            throw new IllegalArgumentException("No social identity is linked to " + ref.type() + "/" + ref.id()
                    + "; see parley:links for identities waiting to be linked");
        }
        int requeued = outbox.requeue(identities);
        out().println("Requeued " + requeued + " history entries of " + identities.size() + " identities ("
                + identities.stream().map(i -> ShellText.line(i.channel() + ":" + i.handle())).collect(Collectors.joining(", "))
                + ") for " + ref.type() + "/" + ref.id() + "; parley:crm shows the progress.");
        return null;
    }

    static ContactRef parse(String text) {
        String value = text == null ? "" : text.trim();
        int slash = value.indexOf('/');
        String type = slash < 0 ? "Contacts" : value.substring(0, slash);
        String id = slash < 0 ? value : value.substring(slash + 1);
        if (!type.equals("Contacts") && !type.equals("Leads")) {
            throw new IllegalArgumentException("'" + ShellText.line(value) + "': the record type must be Contacts or Leads");
        }
        if (id.isBlank() || !id.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("'" + ShellText.line(value) + "' is not a CRM record id such as Contacts/8f2a…");
        }
        return new ContactRef(type, id, ContactRef.Method.MANUAL, 1.0);
    }
}
