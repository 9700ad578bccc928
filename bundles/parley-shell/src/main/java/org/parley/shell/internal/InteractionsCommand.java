package org.parley.shell.internal;

import org.parley.api.Tag;
import org.parley.api.InteractionTags;
import org.parley.api.InteractionKey;
import java.util.Map;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.parley.api.Interaction;
import org.parley.api.InteractionQuery;
import org.parley.api.InteractionStore;

/** {@code parley:interactions}: the latest stored interactions, newest first. */
@Service
@Command(scope = "parley", name = "interactions", description = "Lists the latest stored interactions, newest first")
public class InteractionsCommand extends ParleyAction {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;
    static final int TEXT_CHARS = 60;
    static final int KEY_CHARS = 48;
    static final int TAG_CHARS = 32;

    @Option(name = "--channel", aliases = {"-c"}, description = "Only this channel")
    @Completion(ChannelCompleter.class)
    String channel;

    @Option(name = "--account", aliases = {"-a"}, description = "Only this account")
    String account;

    @Option(name = "--author", description = "Only this author handle")
    String author;

    @Option(name = "--limit", aliases = {"-n"}, description = "At most this many, 1 to 1000 (default 20)")
    Integer limit;

    @Reference
    InteractionStore interactions;

    @Reference
    InteractionTags tags;

    @Override
    public Object execute() {
        int max = checkLimit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        List<Interaction> found = interactions.find(
                new InteractionQuery(filter(channel), filter(account), filter(author), max));

        List<InteractionKey> keys = found.stream().map(Interaction::key).toList();
        Map<InteractionKey, Double> sentiment = interactions.sentiments(keys);
        Map<InteractionKey, List<Tag>> tagged = tags.tagsOf(keys);

        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("Key");
        table.column("Kind");
        table.column("Author");
        table.column("Lang");
        table.column("Sentiment").alignRight();
        table.column("Tags");
        table.column("Text");
        table.emptyTableText("No interaction matches");
        for (Interaction i : found) {
            Double score = sentiment.get(i.key());
            List<Tag> its = tagged.getOrDefault(i.key(), List.of());
            table.addRow().addContent(
                    ShellText.iso(i.occurredAt()),
                    ShellText.shortenMiddle(ShellText.line(i.channel() + ":" + i.externalId()), KEY_CHARS),
                    i.kind() == null ? ShellText.NONE : i.kind().name(),
                    i.author() == null ? ShellText.NONE : ShellText.cell(i.author().handle(), 32),
                    i.language() == null ? ShellText.NONE : ShellText.cell(i.language(), 8),
                    score == null ? ShellText.NONE : String.format(java.util.Locale.ROOT, "%+.2f", score),
                    its.isEmpty() ? ShellText.NONE
                            : ShellText.cell(String.join(",", its.stream().map(Tag::name).toList()), TAG_CHARS),
                    text(i));
        }
        table.print(out());
        return null;
    }

    private static String text(Interaction i) {
        String text = ShellText.line(i.text());
        if (text.isEmpty()) {
            return i.media().isEmpty() ? ShellText.NONE : "(" + i.media().size() + " media)";
        }
        return ShellText.shorten(text, TEXT_CHARS);
    }
}
