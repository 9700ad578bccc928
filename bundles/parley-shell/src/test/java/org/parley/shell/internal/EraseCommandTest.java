package org.parley.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.shell.internal.TestSupport.NOW;
import static org.parley.shell.internal.TestSupport.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.ContactRef;
import org.parley.api.PersonErasure;

class EraseCommandTest {

    @TempDir
    Path data;

    @TempDir
    Path elsewhere;

    private final EraseCommand command = new EraseCommand();
    private final FakeErasure erasure = new FakeErasure();

    @BeforeEach
    void wire() {
        command.dataDirectory = data;
        command.erasure = erasure;
    }

    @Test
    void erasesEachRecordGivenAndPrintsOneRowPerErasure() {
        command.records = List.of("Contacts/c1", "Leads/l-2", "c3");
        command.reference = "  TICKET-1  ";

        String out = run(command);

        assertThat(erasure.calls).extracting(Call::record).containsExactly("Contacts/c1", "Leads/l-2", "Contacts/c3");
        assertThat(erasure.calls).extracting(Call::reference).containsOnly("TICKET-1");
        assertThat(out).contains("Audit id", "Record", "Identities", "Interactions", "Replies", "Tags",
                "CRM removals queued", "Status");
        assertThat(cells(out, "Contacts/c1")).containsExactly("1", "Contacts/c1", "2", "5", "1", "3", "5",
                "CRM_PENDING");
        assertThat(cells(out, "Contacts/c3")).containsExactly("3", "Contacts/c3", "0", "0", "0", "0", "0", "COMPLETE");
        assertThat(out.strip()).endsWith(EraseCommand.AUDIT_NOTE);
    }

    @Test
    void theRequesterIsTheShellUser() {
        command.records = List.of("Contacts/c1");
        command.session = session("ana");

        run(command);

        assertThat(erasure.calls).extracting(Call::requestedBy).containsExactly("karaf:ana");
    }

    @Test
    void aBlankReferenceIsNone() {
        command.records = List.of("Contacts/c1");
        command.reference = "   ";

        run(command);

        assertThat(erasure.calls.get(0).reference()).isNull();
    }

    @Test
    void readsTheRecordsOfAFileUnderTheDataDirectoryWithTheArguments() throws Exception {
        Files.createDirectories(data.resolve("erasures"));
        Files.writeString(data.resolve("erasures/t1.txt"), "\uFEFF# ticket 1\r\nContacts/c1\r\n\r\n  Leads/l2  \n"
                + "   # indented comment\nc3\n", StandardCharsets.UTF_8);
        command.records = List.of("Contacts/c0");
        command.file = "erasures/t1.txt";

        run(command);

        assertThat(erasure.calls).extracting(Call::record)
                .containsExactly("Contacts/c0", "Contacts/c1", "Leads/l2", "Contacts/c3");
    }

    @Test
    void aWrongLineIsNamedByItsNumberAndNothingIsErased() throws Exception {
        Files.writeString(data.resolve("list.txt"), "Contacts/c1\n# fine\nAccounts/a1\nLeads/l2\n");
        command.records = List.of("Contacts/c0");
        command.file = "list.txt";

        assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("Accounts/a1")
                .hasMessageContaining("Contacts or Leads")
                .hasMessageContaining("Nothing was erased");
        assertThat(erasure.calls).isEmpty();
    }

    @Test
    void aWrongArgumentIsNamedAndNothingIsErased() {
        command.records = List.of("Contacts/c1", "Contacts/not an id");

        assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 2").hasMessageContaining("not a CRM record id");
        assertThat(erasure.calls).isEmpty();
    }

    @Test
    void aRecordGivenTwiceIsErasedOnce() throws Exception {
        Files.writeString(data.resolve("list.txt"), "Contacts/c1\nc1\nLeads/l2\nLeads/l2\n");
        command.records = List.of("c1", "Leads/l2", "Contacts/c9");
        command.file = "list.txt";

        String out = run(command);

        assertThat(erasure.calls).extracting(Call::record).containsExactly("Contacts/c1", "Leads/l2", "Contacts/c9");
        assertThat(out.lines().filter(l -> l.contains("Contacts/c1"))).hasSize(1);
    }

    @Test
    void refusesFilesOutsideTheDataDirectoryBeforeErasingAnything() throws Exception {
        Path outside = elsewhere.resolve("list.txt");
        Files.writeString(outside, "Contacts/c1\n");
        command.records = List.of("Contacts/c0");
        for (String path : List.of(outside.toString(), "../list.txt", "a/../../list.txt", "/etc/passwd", ".")) {
            command.file = path;
            assertThatThrownBy(() -> run(command)).as(path).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only under Karaf's data directory");
        }
        assertThat(erasure.calls).isEmpty();
    }

    @Test
    void refusesALinkThatLeadsOutOfTheDataDirectory() throws Exception {
        Files.writeString(elsewhere.resolve("list.txt"), "Contacts/c1\n");
        Files.createSymbolicLink(data.resolve("out"), elsewhere);
        Files.createSymbolicLink(data.resolve("list.txt"), elsewhere.resolve("list.txt"));
        for (String through : List.of("out/list.txt", "list.txt")) {
            command.file = through;
            assertThatThrownBy(() -> run(command)).as(through).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("through a link");
        }
        assertThat(erasure.calls).isEmpty();
    }

    @Test
    void aMissingFileIsSaidSo() {
        command.file = "nowhere.txt";

        assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void aFileOfCommentsOnlyErasesNothing() throws Exception {
        Files.writeString(data.resolve("list.txt"), "# nothing yet\n\n");
        command.file = "list.txt";

        assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lists no record");
        assertThat(erasure.calls).isEmpty();
    }

    @Test
    void withoutRecordsItSaysWhatToGive() {
        assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Give the records to erase");
    }

    @Test
    void aLongReferenceIsRefusedBeforeErasing() {
        command.records = List.of("Contacts/c1");
        command.reference = "T".repeat(256);

        assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 255");
        assertThat(erasure.calls).isEmpty();
    }

    @Test
    void aFailureStopsTheRunAndSaysWhatWasDone() {
        command.records = List.of("Contacts/c1", "Contacts/boom", "Contacts/c3");
        TestSupport.Output output = new TestSupport.Output();
        command.out = output.stream;
        assertThatThrownBy(command::execute).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Erasing Contacts/boom failed: database is down")
                .hasMessageContaining("the 1 above were erased")
                .hasMessageContaining("the 1 after it were not tried");
        assertThat(erasure.calls).extracting(Call::record).containsExactly("Contacts/c1", "Contacts/boom");
        assertThat(output.text()).contains("Contacts/c1").doesNotContain("Contacts/c3");
    }

    @Test
    void listShowsTheNewestAuditRecordsWithoutAnyRecordIdentifier() {
        command.records = List.of("Contacts/c1", "Contacts/c3");
        command.reference = "GDPR-7";
        run(command);
        EraseCommand listing = new EraseCommand();
        listing.erasure = erasure;
        listing.list = true;

        String out = run(listing);

        assertThat(out).contains("Id", "Erased at", "Requested by", "Reference", "CRM removals", "Left", "Failed",
                "Status", "Completed at", "GDPR-7", "karaf:shell", NOW.toString(), "CRM_PENDING", "COMPLETE")
                .doesNotContain("c1", "c3");
        assertThat(out.indexOf("COMPLETE")).as("newest first").isLessThan(out.indexOf("CRM_PENDING"));
        assertThat(erasure.lastLimit).isEqualTo(EraseCommand.DEFAULT_LIMIT);
    }

    @Test
    void listPassesTheLimitAndPrintsHostileTextInertly() {
        erasure.audit.add(new PersonErasure.Erasure(9, "karaf:x" + TestSupport.HOSTILE, "T" + TestSupport.HOSTILE,
                NOW, 0, 0, 0, 0, 1, 0, 1, null));
        command.list = true;
        command.limit = 5;

        String out = run(command);

        assertThat(erasure.lastLimit).isEqualTo(5);
        assertThat(out).doesNotContain("\u001b", "\u0007").contains("CRM_FAILED");
    }

    @Test
    void listTakesNoRecordsAndLimitGoesWithList() {
        command.list = true;
        command.records = List.of("Contacts/c1");
        assertThatThrownBy(() -> run(command)).hasMessageContaining("--list takes no records");

        command.list = false;
        command.limit = 5;
        assertThatThrownBy(() -> run(command)).hasMessageContaining("--limit goes with --list");
        assertThat(erasure.calls).isEmpty();
    }

    @Test
    void anEmptyAuditSaysSo() {
        command.list = true;

        assertThat(run(command)).contains("No erasures yet");
    }

    /** The cells of the table row that names the record. */
    private static List<String> cells(String out, String record) {
        String row = out.lines().filter(l -> l.contains(record)).findFirst().orElseThrow();
        return java.util.Arrays.stream(row.split("\\|")).map(String::strip).toList();
    }

    private static Session session(String user) {
        return (Session) java.lang.reflect.Proxy.newProxyInstance(Session.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get") && "USER".equals(args[0])) {
                        return user;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    record Call(String record, String requestedBy, String reference) {
    }

    /**
     * Erases nothing real: counts from a table by record id (Contacts/c1 has history to remove; others have none),
     * an audit record per call, newest first. "boom" fails as a store that lost its database.
     */
    static final class FakeErasure implements PersonErasure {
        final List<Call> calls = new ArrayList<>();
        final List<Erasure> audit = new ArrayList<>();
        int lastLimit;

        private final Map<String, int[]> counts = Map.of("c1", new int[] {2, 5, 1, 3, 5});

        @Override
        public Erasure erase(ContactRef person, String requestedBy, String reference) {
            calls.add(new Call(person.type() + "/" + person.id(), requestedBy, reference));
            if (person.id().equals("boom")) {
                throw new IllegalStateException("database is down");
            }
            int[] c = counts.getOrDefault(person.id(), new int[5]);
            Erasure e = new Erasure(audit.size() + 1, requestedBy, reference, NOW, c[0], c[1], c[2], c[3], c[4],
                    c[4], 0, c[4] == 0 ? NOW : null);
            audit.add(0, e);
            return e;
        }

        @Override
        public Optional<Erasure> find(long id) {
            return audit.stream().filter(e -> e.id() == id).findFirst();
        }

        @Override
        public List<Erasure> recent(int limit) {
            lastLimit = limit;
            return audit.stream().limit(limit).toList();
        }
    }
}
