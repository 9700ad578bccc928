package org.parley.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every {@code parley:*} command, run through Karaf's SSH console by a user with a wrong password, a user who may log
 * in but holds no Parley role ({@code pssh}), a {@code parley-viewer} ({@code pviewer}) and a {@code parley-admin}
 * ({@code padmin}), against the command ACL the feature ships. Reading commands are the viewer's; changing, replying,
 * replaying, resyncing, exporting and erasing are the admin's. A command the ACL lets through may still fail on its
 * arguments (an unknown id): what is checked is whether Karaf let the user run it at all.
 */
final class ShellAccessWalk {

    /** How Karaf's console says no: a command the user may not see at all, or may not run with these arguments. */
    private static final Pattern REFUSED = Pattern.compile("Command not found|Insufficient credentials");

    /** Reading commands: parley-viewer and parley-admin. */
    static final List<String> READS = List.of(
            "parley:status",
            "parley:check",
            "parley:interactions -n 1",
            "parley:crm",
            "parley:ingress",
            "parley:rules list",
            "parley:deadletters list",
            "parley:links list",
            "parley:tags list Contacts/c-walk",
            "parley:replies list");

    /** Changing commands: parley-admin only. Their arguments name nothing that exists, so an admin changes nothing. */
    static final List<String> CHANGES = List.of(
            "parley:deadletters replay 999999",
            "parley:links reject 999999",
            "parley:tags add Contacts/c-walk walked",
            "parley:replies retry 999999",
            "parley:reply feeds:no-such-item hello",
            "parley:resync Contacts/c-walk",
            "parley:export Contacts/c-walk",
            "parley:erase --reference walk Contacts/c-walk-erased",
            "parley:erase --list");

    private final ParleyDistribution parley;

    ShellAccessWalk(ParleyDistribution parley) {
        this.parley = parley;
    }

    /** Walks every command as every user; fails with the whole table of answers that were not as expected. */
    void walk() throws Exception {
        // Every command the shipped ACL names is walked (and CommandAclTest holds every command to an ACL entry).
        Set<String> walked = Stream.concat(READS.stream(), CHANGES.stream()).map(c -> c.split(" ")[0])
                .collect(Collectors.toSet());
        Set<String> inAcl = Files.readAllLines(parley.home.resolve("etc/org.apache.karaf.command.acl.parley.cfg"))
                .stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> "parley:" + l.split("[\\[= ]")[0]).collect(Collectors.toSet());
        assertThat(inAcl).as("commands in the shipped ACL").contains("parley:status", "parley:erase");
        assertThat(walked).containsAll(inAcl);

        List<String> wrong = new ArrayList<>();
        for (String command : READS) {
            expect(wrong, "pssh", command, false);
            expect(wrong, "pviewer", command, true);
            expect(wrong, "padmin", command, true);
        }
        for (String command : CHANGES) {
            expect(wrong, "pssh", command, false);
            expect(wrong, "pviewer", command, false);
            expect(wrong, "padmin", command, true);
        }
        assertThat(wrong).as("commands whose access was not as the ACL says").isEmpty();

        // No credentials that Karaf's realm accepts: no console at all.
        String refusedLogin = answer("pviewer", "wrong-password", "parley:status");
        assertThat(refusedLogin).doesNotContain("Stored interactions");
        // What the admin's erasure left: an audit record without the record's id.
        assertThat(answer("padmin", "padmin", "parley:erase --list")).contains("walk").doesNotContain("c-walk-erased");
    }

    private void expect(List<String> wrong, String user, String command, boolean allowed) throws Exception {
        String answer = answer(user, user, command);
        boolean refused = REFUSED.matcher(answer).find();
        if (refused == allowed) {
            wrong.add(user + " " + (allowed ? "was refused" : "could run") + " '" + command + "': "
                    + answer.strip().lines().limit(3).toList());
        }
    }

    /** What the console answered, success or not. */
    private String answer(String user, String password, String command) throws Exception {
        try {
            return parley.client(user, password, command);
        } catch (IOException failed) {
            return failed.getMessage();
        }
    }
}
