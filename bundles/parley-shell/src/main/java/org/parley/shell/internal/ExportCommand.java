package org.parley.shell.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.parley.api.ContactRef;
import org.parley.api.PersonExport;
import org.parley.api.json.InteractionJson;

/**
 * {@code parley:export RECORD [--file PATH]}: everything Parley holds about a person, as one JSON document
 * ({@code docs/person-export.md}), printed or written to a new file under Karaf's {@code data/} directory. Only there:
 * the console user must not be able to write anywhere on the host with Karaf's rights.
 */
@Service
@Command(scope = "parley", name = "export", description = "Exports everything Parley holds about a contact or lead as JSON (identities, interactions, replies, tags, scores, link reviews, CRM writes)")
public class ExportCommand extends ParleyAction {

    @Argument(index = 0, name = "record", required = true,
            description = "The CRM record: Contacts/ID, Leads/ID, or an ID (a contact)")
    String record;

    @Option(name = "--file", aliases = {"-f"},
            description = "Write to this new file under Karaf's data directory (relative to it) instead of printing")
    String file;

    @Reference
    PersonExport export;

    /** Karaf's data directory; null means the {@code karaf.data} system property. Set by tests. */
    Path dataDirectory;

    @Override
    public Object execute() throws IOException {
        ContactRef ref = ResyncCommand.parse(record);
        Path target = file == null ? null
                : DataDirectory.of(dataDirectory).newFile(file, "an export is written", "exports/contact.json");
        PersonExport.Export document = export.export(ref);
        // Parley's mapper, every field written (null ones too), as the API writes the same document.
        ObjectWriter writer = new InteractionJson().mapper().copy()
                .setSerializationInclusion(JsonInclude.Include.ALWAYS).writerWithDefaultPrettyPrinter();
        if (target == null) {
            // Social text goes to an admin's terminal: control characters stay escaped in the JSON.
            out().println(writer.with(new InertEscapes()).writeValueAsString(document));
            return null;
        }
        try (OutputStream stream = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            writer.without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(stream, document);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("--file " + ShellText.line(file) + ": " + target
                    + " exists already; an export never overwrites a file, give a new name");
        }
        out().println("Exported " + ref.type() + "/" + ref.id() + " (" + document.identities().size() + " identities, "
                + document.interactions().size() + " interactions, " + document.replies().size() + " replies) to "
                + target);
        return null;
    }

    /**
     * JSON's own escapes cover C0 controls (ESC included); these add DEL and the C1 controls, which some terminals also
     * obey (0x9B starts a control sequence), so nothing in the printed document can steer the admin's terminal.
     */
    static final class InertEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();

        InertEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch >= 0x80 && ch <= 0x9f ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
