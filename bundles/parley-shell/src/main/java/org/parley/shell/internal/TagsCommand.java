package org.parley.shell.internal;

import org.parley.api.PersonScores;
import org.parley.api.InteractionTags;
import org.parley.api.InteractionKey;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;
import org.parley.api.ContactRef;
import org.parley.api.PersonTags;
import org.parley.api.Tag;

/**
 * {@code parley:tags}: a person's tags (adding or removing one is mirrored to the CRM's list for it) and scores, or an
 * interaction's tags. A rule's tag that a person removes stays removed: the rule does not put it back.
 */
@Service
@Command(scope = "parley", name = "tags", description = "Lists, adds or removes a person's tags (mirrored to SuiteCRM target lists 'Social: <tag>') or an interaction's")
public class TagsCommand extends ParleyAction {

    @Argument(index = 0, name = "action", required = true, description = "list, add or remove")
    @Completion(TagsActionCompleter.class)
    String action;

    @Argument(index = 1, name = "record", required = true, description = "The CRM record: Contacts/ID, Leads/ID, or an ID (a contact); or an interaction: CHANNEL:ID")
    String record;

    @Argument(index = 2, name = "tag", description = "add, remove: the tag")
    String tag;

    @Reference
    PersonTags tags;

    @Reference
    InteractionTags interactionTags;

    @Reference
    PersonScores scores;

    @Reference(optional = true)
    Session session;

    @Override
    public Object execute() {
        if (record.indexOf(':') > 0 && record.indexOf('/') < 0) {
            interaction(InteractionKey.parse(record));
            return null;
        }
        ContactRef ref = ResyncCommand.parse(record);
        switch (action) {
            case "list" -> list(ref);
            case "add" -> out().println(tags.add(ref, required(), user())
                    ? "Tagged " + name(ref) + " '" + ShellText.line(tag) + "'; the CRM list follows."
                    : name(ref) + " already has '" + ShellText.line(tag) + "'.");
            case "remove" -> out().println(tags.remove(ref, required(), user())
                    ? "Removed '" + ShellText.line(tag) + "' from " + name(ref) + "; the CRM list follows, and rules will not put it back."
                    : name(ref) + " has no tag '" + ShellText.line(tag) + "'.");
            default -> throw new IllegalArgumentException("Unknown action '" + ShellText.line(action) + "': use list, add or remove");
        }
        return null;
    }

    private void interaction(InteractionKey key) {
        String name = ShellText.line(key.toString());
        switch (action) {
            case "list" -> print(interactionTags.tagsOf(key), name);
            case "add" -> out().println(interactionTags.add(key, required(), user())
                    ? "Tagged " + name + " '" + ShellText.line(tag) + "'."
                    : name + " already has '" + ShellText.line(tag) + "'.");
            case "remove" -> out().println(interactionTags.remove(key, required(), user())
                    ? "Removed '" + ShellText.line(tag) + "' from " + name + "; rules will not put it back."
                    : name + " has no tag '" + ShellText.line(tag) + "'.");
            default -> throw new IllegalArgumentException("Unknown action '" + ShellText.line(action) + "': use list, add or remove");
        }
    }

    private void list(ContactRef ref) {
        print(tags.tagsOf(ref), name(ref));
        scores.of(ref).ifPresent(s -> out().printf(java.util.Locale.ROOT,
                "Engagement %.1f of 100, sentiment trend %+.2f: %d interactions on %d channels, the last %s%s%n",
                s.engagement(), s.sentiment(), s.interactions(), s.channels(), ShellText.when(s.lastContact(), clock.instant()),
                s.written() ? "" : " (not yet written to the CRM)"));
    }

    private void print(List<Tag> found, String name) {
        ShellTable table = new ShellTable();
        table.column("Tag");
        table.column("Source");
        table.column("Since");
        table.emptyTableText(name + " has no tags");
        for (Tag t : found) {
            table.addRow().addContent(ShellText.cell(t.name(), 64), ShellText.cell(t.source(), 48), ShellText.when(t.at(), clock.instant()));
        }
        table.print(out());
    }

    private String required() {
        if (tag == null || tag.isBlank()) {
            throw new IllegalArgumentException("Give the tag: parley:tags " + action + " " + record + " TAG");
        }
        return tag;
    }

    private static String name(ContactRef ref) {
        return ref.type() + "/" + ref.id();
    }

    private String user() {
        Object user = session == null ? null : session.get("USER");
        return "user:" + (user == null ? "shell" : user);
    }
}
