package org.parley.shell.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.parley.api.ChannelState;
import org.parley.api.ChannelStateStore;
import org.parley.api.DeadLetterStore;
import org.parley.api.InteractionStore;
import org.parley.api.WebhookRefusals;

/** {@code parley:status}: how each channel account is polling, and what is stored and waiting. */
@Service
@Command(scope = "parley", name = "status", description = "Shows each channel account's last poll, cursor and last error")
public class StatusCommand extends ParleyAction {

    static final int CURSOR_CHARS = 30;
    static final int ERROR_CHARS = 50;

    @Option(name = "--channel", aliases = {"-c"}, description = "Only this channel")
    @Completion(ChannelCompleter.class)
    String channel;

    @Reference
    ChannelStateStore channelStates;

    @Reference
    InteractionStore interactions;

    @Reference
    DeadLetterStore deadLetters;

    /** Present with the public webhook ingress. */
    @Reference(optional = true)
    WebhookRefusals webhooks;

    @Override
    public Object execute() {
        String only = filter(channel);
        Instant now = clock.instant();
        List<ChannelState> states = channelStates.states().stream()
                .filter(s -> only == null || only.equals(s.channel()))
                .sorted(Comparator.comparing(ChannelState::channel, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(ChannelState::account, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();

        Map<String, WebhookRefusals.Refused> refused = new TreeMap<>();
        if (webhooks != null) {
            webhooks.refused().stream()
                    .filter(r -> only == null || only.equals(r.channel()))
                    .forEach(r -> refused.put(r.channel() + "\n" + r.account(), r));
        }

        ShellTable table = new ShellTable();
        table.column("Channel");
        table.column("Account");
        table.column("Last poll");
        table.column("Cursor");
        table.column("Interactions").alignRight();
        table.column("Last error");
        // Only while some account has backfilled: the usual table stays narrow.
        boolean backfills = states.stream().anyMatch(s -> s.backfill() != null);
        if (backfills) {
            table.column("Backfill");
        }
        // Only while the ingress has refused something: requests that were unsigned, forged, stale or replayed.
        if (!refused.isEmpty()) {
            table.column("Refused webhooks");
        }
        table.emptyTableText(only == null ? "No channel account has polled yet"
                : "No channel account on channel '" + ShellText.line(only) + "'");
        for (ChannelState s : states) {
            var row = table.addRow();
            row.addContent(
                    ShellText.cell(s.channel(), 32),
                    ShellText.cell(s.account(), 40),
                    ShellText.when(s.lastPollAt(), now),
                    s.cursor() == null ? ShellText.NONE : ShellText.shortenMiddle(ShellText.line(s.cursor()), CURSOR_CHARS),
                    s.interactions(),
                    lastError(s, now));
            if (backfills) {
                row.addContent(ShellText.cell(s.backfill(), 60));
            }
            if (!refused.isEmpty()) {
                row.addContent(refusals(refused.remove(s.channel() + "\n" + s.account())));
            }
        }
        // Push accounts that have refused requests but have not stored anything yet.
        for (WebhookRefusals.Refused r : refused.values()) {
            var row = table.addRow();
            row.addContent(ShellText.cell(r.channel(), 32), ShellText.cell(r.account(), 40), ShellText.NONE,
                    ShellText.NONE, 0, ShellText.NONE);
            if (backfills) {
                row.addContent(ShellText.NONE);
            }
            row.addContent(refusals(r));
        }
        table.print(out());
        out().println("Stored interactions (all channels): " + interactions.count()
                + "    Pending dead letters (all channels): " + deadLetters.countPending());
        return null;
    }

    private static String refusals(WebhookRefusals.Refused r) {
        if (r == null) {
            return ShellText.NONE;
        }
        StringBuilder text = new StringBuilder();
        r.byReason().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(e.getValue()).append(' ').append(e.getKey());
        });
        return text.toString();
    }

    private static String lastError(ChannelState s, Instant now) {
        if (s.lastError() == null || s.lastError().isBlank()) {
            return ShellText.NONE;
        }
        String text = ShellText.cell(s.lastError(), ERROR_CHARS);
        if (s.lastErrorAt() == null) {
            return text;
        }
        boolean recovered = s.lastSuccessAt() != null && s.lastSuccessAt().isAfter(s.lastErrorAt());
        return text + " (" + ShellText.relative(s.lastErrorAt(), now) + (recovered ? ", recovered since" : "") + ")";
    }
}
