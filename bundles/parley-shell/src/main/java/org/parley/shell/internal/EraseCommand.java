package org.parley.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;
import org.parley.api.ContactRef;
import org.parley.api.PersonErasure;
import org.parley.api.PersonErasure.Erasure;

/**
 * {@code parley:erase}: a person's right to erasure. Removes what Parley holds about each record given and queues the
 * removal of the history Parley wrote into the CRM ({@code docs/person-erasure.md}); {@code --list} shows the audit
 * records. No confirmation prompt: admins script it, and the command ACL keeps it to admins.
 */
@Service
@Command(scope = "parley", name = "erase",
        description = "Erases contacts or leads from Parley (identities, interactions, replies, tags, scores) and"
                + " queues the removal of the history Parley wrote into the CRM; --list shows the audit records",
        detailedDescription = "parley:erase [--reference REF] [--file PATH] RECORD...\n"
                + "parley:erase --list [--limit n]\n"
                + "RECORD is Contacts/ID, Leads/ID or an ID (a contact). --file reads one record a line from a file"
                + " under Karaf's data directory (blank lines and lines starting with # are skipped). Every record is"
                + " checked before any is erased; a record given twice is erased once.")
public class EraseCommand extends ParleyAction {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;
    /** A list of CRM ids; anything larger is the wrong file. */
    static final long MAX_FILE_BYTES = 1024 * 1024;
    static final String AUDIT_NOTE = "Audit records keep counts only; see parley:erase --list";

    @Argument(index = 0, name = "records", multiValued = true,
            description = "The CRM records to erase: Contacts/ID, Leads/ID, or an ID (a contact)")
    List<String> records;

    @Option(name = "--reference", aliases = {"-r"},
            description = "The request's reference, kept in the audit record (a ticket number; never personal data),"
                    + " at most 255 characters")
    String reference;

    @Option(name = "--file", aliases = {"-f"},
            description = "Also erase the records listed in this file under Karaf's data directory (relative to it),"
                    + " one a line")
    String file;

    @Option(name = "--list", aliases = {"-l"}, description = "List the newest audit records instead of erasing")
    boolean list;

    @Option(name = "--limit", aliases = {"-n"}, description = "--list: at most this many, 1 to 1000 (default 20)")
    Integer limit;

    @Reference
    PersonErasure erasure;

    @Reference(optional = true)
    Session session;

    /** Karaf's data directory; null means the {@code karaf.data} system property. Set by tests. */
    Path dataDirectory;

    @Override
    public Object execute() throws IOException {
        if (list) {
            onlyForErasing(records != null && !records.isEmpty(), "records");
            onlyForErasing(file != null, "--file");
            onlyForErasing(reference != null, "--reference");
            list();
            return null;
        }
        if (limit != null) {
            throw new IllegalArgumentException("--limit goes with --list: parley:erase --list --limit " + limit);
        }
        String ref = reference();
        // Everything is read and checked before the first erasure: a typo on line 900 must not leave a half-done job.
        Map<String, ContactRef> wanted = new LinkedHashMap<>();
        if (records != null) {
            for (int i = 0; i < records.size(); i++) {
                add(wanted, records.get(i), "argument " + (i + 1));
            }
        }
        if (file != null) {
            readFile(wanted);
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException(file == null
                    ? "Give the records to erase: parley:erase [--reference REF] Contacts/ID... or --file PATH"
                    : "--file " + ShellText.line(file) + " lists no record (blank lines and # comments only);"
                    + " nothing was erased");
        }
        erase(wanted, ref);
        return null;
    }

    private void erase(Map<String, ContactRef> wanted, String ref) {
        String requestedBy = ReplyCommand.user(session);
        ShellTable table = new ShellTable();
        table.column("Audit id").alignRight();
        table.column("Record");
        table.column("Identities").alignRight();
        table.column("Interactions").alignRight();
        table.column("Replies").alignRight();
        table.column("Tags").alignRight();
        table.column("CRM removals queued").alignRight();
        table.column("Status");
        int done = 0;
        RuntimeException failure = null;
        String failedOn = null;
        for (Map.Entry<String, ContactRef> record : wanted.entrySet()) {
            try {
                Erasure e = erasure.erase(record.getValue(), requestedBy, ref);
                table.addRow().addContent(e.id(), record.getKey(), e.identities(), e.interactions(), e.replies(),
                        e.tags(), e.crmRemovals(), e.status().name());
                done++;
            } catch (RuntimeException e) {
                failure = e;
                failedOn = record.getKey();
                break;
            }
        }
        PrintStream out = out();
        if (done > 0) {
            table.print(out);
            out.println(AUDIT_NOTE);
        }
        if (failure != null) {
            int notTried = wanted.size() - done - 1;
            String cause = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
            throw new IllegalStateException("Erasing " + failedOn + " failed: " + ShellText.line(cause)
                    + (done == 0 ? "; nothing was erased" : "; the " + done + " above were erased")
                    + (notTried == 0 ? "" : ", the " + notTried + " after it were not tried") + ". Run it again for "
                    + failedOn + (notTried == 0 ? "" : " and those") + " once the cause is fixed.", failure);
        }
    }

    private void list() {
        int max = checkLimit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Erased at");
        table.column("Requested by");
        table.column("Reference");
        table.column("Identities").alignRight();
        table.column("Interactions").alignRight();
        table.column("Replies").alignRight();
        table.column("Tags").alignRight();
        table.column("CRM removals").alignRight();
        table.column("Left").alignRight();
        table.column("Failed").alignRight();
        table.column("Status");
        table.column("Completed at");
        table.emptyTableText("No erasures yet");
        for (Erasure e : erasure.recent(max)) {
            table.addRow().addContent(e.id(), ShellText.iso(e.erasedAt()), ShellText.cell(e.requestedBy(), 40),
                    ShellText.cell(e.reference(), 40), e.identities(), e.interactions(), e.replies(), e.tags(),
                    e.crmRemovals(), e.crmRemovalsLeft(), e.crmRemovalsFailed(), e.status().name(),
                    e.completedAt() == null ? ShellText.NONE : ShellText.iso(e.completedAt()));
        }
        table.print(out());
    }

    /** The reference as the audit record keeps it ({@link PersonErasure#reference}): null when absent or blank. */
    private String reference() {
        try {
            return PersonErasure.reference(reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--reference " + e.getMessage() + ". Nothing was erased.", e);
        }
    }

    private void readFile(Map<String, ContactRef> wanted) throws IOException {
        Path path = DataDirectory.of(dataDirectory).existingFile(file, "a list of records is read",
                "erasures/ticket-123.txt");
        if (Files.size(path) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException("--file " + ShellText.line(file) + ": " + path + " is over "
                    + MAX_FILE_BYTES / 1024 + " KiB; a list of records is far smaller: split it. Nothing was erased.");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("--file " + ShellText.line(file) + ": " + path
                    + " is not UTF-8 text. Nothing was erased.");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                add(wanted, line, "--file " + ShellText.line(file) + " line " + (i + 1));
            }
        }
    }

    /** Parses one record; a wrong one stops the command before anything is erased. */
    private static void add(Map<String, ContactRef> wanted, String text, String where) {
        ContactRef ref;
        try {
            ref = ResyncCommand.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage() + ". Nothing was erased.");
        }
        wanted.putIfAbsent(ref.type() + "/" + ref.id(), ref);
    }

    private static void onlyForErasing(boolean given, String what) {
        if (given) {
            throw new IllegalArgumentException("--list takes no " + what + ": parley:erase --list [--limit n]");
        }
    }
}
