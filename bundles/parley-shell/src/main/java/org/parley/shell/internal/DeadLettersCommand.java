package org.parley.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.parley.api.DeadLetter;
import org.parley.api.DeadLetterReplayer;
import org.parley.api.DeadLetterReplayer.Outcome;
import org.parley.api.DeadLetterStore;

/**
 * {@code parley:deadletters [list|show|replay] [id]}: payloads that could not be stored, listed, shown in full,
 * and replayed once their cause is fixed.
 */
@Service
@Command(scope = "parley", name = "deadletters",
        description = "Lists, shows and replays dead letters: payloads Parley could not store",
        detailedDescription = "parley:deadletters [list] [--channel c] [--all] [--limit n]\n"
                + "parley:deadletters show <id>\n"
                + "parley:deadletters replay <id>\n"
                + "parley:deadletters replay --all-pending [--channel c] [--limit n]")
public class DeadLettersCommand extends ParleyAction {

    static final List<String> ACTIONS = List.of("list", "show", "replay");
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;
    static final int REASON_CHARS = 60;
    /** Longest payload {@code show} prints; the admin's terminal is no place for a megabyte of JSON. */
    static final int MAX_PAYLOAD_CHARS = 10_000;

    @Argument(index = 0, name = "action", description = "list (the default), show or replay")
    @Completion(DeadLetterActionCompleter.class)
    String action = "list";

    @Argument(index = 1, name = "id", description = "The dead letter's id, for show and replay")
    @Completion(DeadLetterIdCompleter.class)
    String id;

    @Option(name = "--channel", aliases = {"-c"}, description = "Only this channel (list, replay --all-pending)")
    @Completion(ChannelCompleter.class)
    String channel;

    @Option(name = "--all", description = "list: include dead letters already replayed")
    boolean all;

    @Option(name = "--all-pending", description = "replay: replay every pending dead letter, oldest first")
    boolean allPending;

    @Option(name = "--limit", aliases = {"-n"}, description = "At most this many, 1 to 1000 (list: default 20; replay --all-pending: default 1000)")
    Integer limit;

    @Reference
    DeadLetterStore deadLetters;

    /** Provided by the Camel side of Parley; list and show work without it. */
    @Reference(optional = true)
    DeadLetterReplayer replayer;

    @Override
    public Object execute() {
        String verb = action == null ? "list" : action.trim().toLowerCase(Locale.ROOT);
        switch (verb) {
            case "list" -> list();
            case "show" -> show();
            case "replay" -> replay();
            default -> throw new IllegalArgumentException("Unknown action '" + ShellText.shorten(ShellText.line(action), 40)
                    + "': use list, show or replay");
        }
        return null;
    }

    private void list() {
        onlyFor(id != null, "an id", "show and replay (to see one dead letter: parley:deadletters show <id>)");
        onlyFor(allPending, "--all-pending", "replay");
        int max = checkLimit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        String only = filter(channel);
        Instant now = clock.instant();

        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Channel");
        table.column("Account");
        table.column("Created");
        table.column("Attempts").alignRight();
        table.column("State");
        table.column("Reason");
        table.emptyTableText((all ? "No dead letters" : "No pending dead letters")
                + (only == null ? "" : " on channel '" + ShellText.line(only) + "'"));
        for (DeadLetter d : deadLetters.list(only, all, max)) {
            table.addRow().addContent(
                    d.id(),
                    ShellText.cell(d.channel(), 32),
                    ShellText.cell(d.account(), 40),
                    ShellText.when(d.createdAt(), now),
                    d.attempts(),
                    d.pending() ? "pending" : "replayed " + ShellText.relative(d.replayedAt(), now),
                    ShellText.cell(d.reason(), REASON_CHARS));
        }
        PrintStream out = out();
        table.print(out);
        out.println("Pending dead letters (all channels): " + deadLetters.countPending());
    }

    private void show() {
        onlyFor(all, "--all", "list");
        onlyFor(allPending, "--all-pending", "replay");
        onlyFor(channel != null, "--channel", "list and replay --all-pending");
        onlyFor(limit != null, "--limit", "list and replay --all-pending");
        if (id == null) {
            throw new IllegalArgumentException("show needs a dead-letter id: parley:deadletters show <id>");
        }
        DeadLetter d = existing(parseId(id));
        Instant now = clock.instant();
        PrintStream out = out();
        out.println("Id:          " + d.id());
        out.println("Channel:     " + ShellText.cell(d.channel(), Integer.MAX_VALUE));
        out.println("Account:     " + ShellText.cell(d.account(), Integer.MAX_VALUE));
        out.println("State:       " + (d.pending() ? "pending" : "replayed " + ShellText.when(d.replayedAt(), now)));
        out.println("Created:     " + ShellText.when(d.createdAt(), now));
        out.println("Attempts:    " + d.attempts());
        out.println("Replay URI:  " + ShellText.cell(d.replayUri(), Integer.MAX_VALUE));
        out.println("Reason:");
        out.println(ShellText.block(d.reason()));
        String payload = ShellText.block(d.payload());
        out.println("Payload (" + payload.length() + " characters):");
        if (payload.length() > MAX_PAYLOAD_CHARS) {
            out.println(ShellText.shorten(payload, MAX_PAYLOAD_CHARS + ShellText.ELLIPSIS.length()));
            out.println("[truncated: the first " + MAX_PAYLOAD_CHARS + " of " + payload.length()
                    + " characters are shown]");
        } else {
            out.println(payload);
        }
    }

    private void replay() {
        onlyFor(all, "--all", "list (did you mean --all-pending?)");
        if (replayer == null) {
            throw new IllegalStateException("No dead-letter replayer is running, so nothing can be replayed;"
                    + " it comes with Parley's Camel bundle (parley-camel)");
        }
        if (allPending) {
            if (id != null) {
                throw new IllegalArgumentException("Give either a dead-letter id or --all-pending, not both");
            }
            replayAllPending();
        } else {
            onlyFor(channel != null, "--channel", "list and replay --all-pending");
            onlyFor(limit != null, "--limit", "list and replay --all-pending");
            if (id == null) {
                throw new IllegalArgumentException("replay needs a dead-letter id (parley:deadletters replay <id>),"
                        + " or --all-pending to replay every pending one");
            }
            replayOne(parseId(id));
        }
    }

    private void replayOne(long deadLetterId) {
        DeadLetter d = existing(deadLetterId);
        if (!d.pending()) {
            throw new IllegalArgumentException("Dead letter " + deadLetterId + " was already replayed "
                    + ShellText.when(d.replayedAt(), clock.instant()) + "; there is nothing to replay");
        }
        Outcome outcome = replay(d);
        if (!outcome.succeeded()) {
            throw new IllegalStateException("Dead letter " + deadLetterId + " was refused again and stays pending"
                    + " (parley:deadletters show " + deadLetterId + " has the newest reason)");
        }
    }

    private void replayAllPending() {
        int max = checkLimit(limit, MAX_LIMIT, MAX_LIMIT);
        String only = filter(channel);
        List<DeadLetter> pending = new ArrayList<>(deadLetters.list(only, false, max));
        PrintStream out = out();
        if (pending.isEmpty()) {
            out.println("No pending dead letters" + (only == null ? "" : " on channel '" + ShellText.line(only) + "'")
                    + ": nothing to replay");
            return;
        }
        Collections.reverse(pending); // the store lists newest first; replay in the order they arrived
        int succeeded = 0;
        for (DeadLetter d : pending) {
            if (replay(d).succeeded()) {
                succeeded++;
            }
        }
        int refused = pending.size() - succeeded;
        out.println("Replayed " + succeeded + " of " + pending.size() + " pending dead letters"
                + (refused == 0 ? "" : "; " + refused + " refused again and still pending"));
        if (pending.size() == max) {
            out.println("Stopped at --limit " + max + "; pending dead letters now (all channels): "
                    + deadLetters.countPending());
        }
    }

    /** Replays one and prints its outcome; a replayer that throws is an outcome too. */
    private Outcome replay(DeadLetter d) {
        Outcome outcome;
        try {
            outcome = replayer.replay(d.id());
            if (outcome == null) {
                outcome = new Outcome(d.id(), false, "the replayer gave no outcome");
            }
        } catch (RuntimeException e) {
            outcome = new Outcome(d.id(), false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        String message = ShellText.line(outcome.message());
        out().println("#" + d.id() + " " + ShellText.cell(d.channel(), 32) + "/" + ShellText.cell(d.account(), 40) + ": "
                + (outcome.succeeded() ? "replayed" : "REFUSED AGAIN") + (message.isEmpty() ? "" : " - " + message));
        return outcome;
    }

    private DeadLetter existing(long deadLetterId) {
        return deadLetters.find(deadLetterId).orElseThrow(() -> new IllegalArgumentException(
                "There is no dead letter " + deadLetterId + " (parley:deadletters list --all shows them)"));
    }

    private static long parseId(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + ShellText.shorten(ShellText.line(text), 40)
                    + "' is not a dead-letter id: ids are numbers, as parley:deadletters list shows them");
        }
    }

    private void onlyFor(boolean given, String what, String appliesTo) {
        if (given) {
            String verb = action == null ? "list" : action.trim().toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException(what + " does not apply to '" + verb + "'; it is for " + appliesTo);
        }
    }
}
