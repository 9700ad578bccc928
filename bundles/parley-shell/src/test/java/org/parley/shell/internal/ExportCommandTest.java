package org.parley.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.shell.internal.TestSupport.NOW;
import static org.parley.shell.internal.TestSupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.ContactRef;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.PersonExport;
import org.parley.api.SocialIdentity;
import org.parley.api.json.InteractionJson;

class ExportCommandTest {

    @TempDir
    Path data;

    @TempDir
    Path elsewhere;

    private final ExportCommand command = new ExportCommand();
    private final List<ContactRef> asked = new ArrayList<>();

    @BeforeEach
    void wire() {
        command.dataDirectory = data;
        command.export = person -> {
            asked.add(person);
            return export(person);
        };
    }

    @Test
    void printsThePersonsExportAsJson() throws Exception {
        command.record = "Leads/42ab";

        JsonNode printed = new InteractionJson().mapper().readTree(run(command));

        assertThat(asked).extracting(ContactRef::type, ContactRef::id).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Leads", "42ab"));
        assertThat(printed.path("person").path("type").asText()).isEqualTo("Leads");
        assertThat(printed.path("exportedAt").asText()).isEqualTo(NOW.toString());
        assertThat(printed.path("identities").get(0).path("handle").asText()).isEqualTo("ana_t");
        assertThat(printed.path("interactions").get(0).path("interaction").path("text").asText())
                .isEqualTo("hi " + TestSupport.HOSTILE + "\u009b31m there");
        assertThat(printed.path("interactions").get(0).path("interaction").path("raw").asText()).isEqualTo("{\"id\":1}");
        assertThat(printed.get("scores").isNull()).as("every part is present, null ones too").isTrue();
        assertThat(printed.path("identities").get(0).get("email").isNull()).isTrue();
    }

    @Test
    void controlCharactersInSocialTextReachTheTerminalEscaped() {
        command.record = "Contacts/c1";

        String out = run(command);

        assertThat(out).doesNotContain("\u001b", "\u0007", "\u009b")
                .contains("\\u001B[2J", "\\u009b31m");
    }

    @Test
    void writesANewFileUnderTheDataDirectory() throws Exception {
        command.record = "Contacts/c1";
        command.file = "exports/c1.json";

        String out = run(command);

        Path written = data.resolve("exports/c1.json");
        assertThat(out).contains("Exported Contacts/c1", "1 identities", "1 interactions", written.toString());
        JsonNode json = new InteractionJson().mapper().readTree(Files.readString(written, StandardCharsets.UTF_8));
        assertThat(json.path("person").path("id").asText()).isEqualTo("c1");
    }

    @Test
    void refusesPathsOutsideTheDataDirectoryBeforeExportingAnything() {
        command.record = "Contacts/c1";
        for (String outside : List.of(elsewhere.resolve("x.json").toString(), "../x.json", "exports/../../x.json",
                "/etc/parley.json", ".")) {
            command.file = outside;
            assertThatThrownBy(() -> run(command)).as(outside).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only under Karaf's data directory");
        }
        assertThat(asked).isEmpty();
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void refusesALinkThatLeadsOutOfTheDataDirectory() throws Exception {
        Files.createSymbolicLink(data.resolve("out"), elsewhere);
        command.record = "Contacts/c1";
        for (String through : List.of("out/x.json", "out/made/here/x.json")) {
            command.file = through;
            assertThatThrownBy(() -> run(command)).as(through).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("through a link");
        }
        assertThat(elsewhere).as("no file and no directory made there").isEmptyDirectory();
        assertThat(asked).isEmpty();
    }

    @Test
    void neverOverwritesAFile() throws Exception {
        Files.writeString(data.resolve("c1.json"), "keep me");
        command.record = "Contacts/c1";
        command.file = "c1.json";

        assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exists already");
        assertThat(Files.readString(data.resolve("c1.json"))).isEqualTo("keep me");
    }

    @Test
    void aRecordThatIsNotOneIsRefused() {
        command.record = "Accounts/1";

        assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Contacts or Leads");
        assertThat(asked).isEmpty();
    }

    private static PersonExport.Export export(ContactRef person) {
        Interaction said = Interaction.builder("telegram", "1").kind(InteractionKind.DIRECT_MESSAGE).account("brand")
                .author(SocialIdentity.of("telegram", "ana_t", "Ana"))
                .text("hi " + TestSupport.HOSTILE + "\u009b31m there").occurredAt(NOW.minusSeconds(60))
                .raw("{\"id\":1}").build();
        return new PersonExport.Export(new PersonExport.Person(person.type(), person.id()), NOW,
                List.of(new PersonExport.LinkedIdentity("telegram", "ana_t", "Ana", null, null, null,
                        NOW.minusSeconds(60), NOW.minusSeconds(60), ContactRef.Method.MANUAL, 1.0, "user:admin",
                        NOW.minusSeconds(30))),
                List.of(new PersonExport.StoredInteraction(said, 0.5, false, NOW.minusSeconds(59), List.of(),
                        List.of())),
                List.of(), List.of(), null, List.of(), List.of());
    }
}
