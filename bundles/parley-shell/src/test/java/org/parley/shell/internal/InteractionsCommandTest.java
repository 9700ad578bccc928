package org.parley.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.shell.internal.TestSupport.NOW;
import static org.parley.shell.internal.TestSupport.run;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.api.Interaction;
import org.parley.api.InteractionKind;
import org.parley.api.InteractionQuery;
import org.parley.api.SocialIdentity;

class InteractionsCommandTest {

    private final InMemoryInteractionStore store = new InMemoryInteractionStore();
    private final InteractionsCommand command = new InteractionsCommand();

    private final java.util.Map<org.parley.api.InteractionKey, List<org.parley.api.Tag>> tagged = new java.util.HashMap<>();

    @BeforeEach
    void wire() {
        command.interactions = store;
        command.tags = new org.parley.api.InteractionTags() {
            public List<org.parley.api.Tag> tagsOf(org.parley.api.InteractionKey key) { return tagged.getOrDefault(key, List.of()); }
            public java.util.Map<org.parley.api.InteractionKey, List<org.parley.api.Tag>> tagsOf(
                    java.util.Collection<org.parley.api.InteractionKey> keys) { return tagged; }
            public boolean add(org.parley.api.InteractionKey key, String tag, String source) { throw new UnsupportedOperationException(); }
            public boolean remove(org.parley.api.InteractionKey key, String tag, String by) { throw new UnsupportedOperationException(); }
        };
    }

    @Test
    void eachInteractionShowsItsLanguageSentimentAndTags() {
        store.add(interaction("mastodon", "111", "alice", "where is my refund", 600));
        store.add(interaction("feeds", "2", "bob", "old review", 60));
        store.sentiment.put(new org.parley.api.InteractionKey("mastodon", "111"), -0.625);
        tagged.put(new org.parley.api.InteractionKey("mastodon", "111"), List.of(
                new org.parley.api.Tag("needs-reply", "rule:service/refunds", NOW),
                new org.parley.api.Tag("refund", "rule:service/refunds", NOW)));

        String out = run(command);

        assertThat(out).contains("Lang", "Sentiment", "Tags");
        assertThat(lineWith(out, "mastodon:111")).contains("-0.63", "needs-reply,refund");
        assertThat(lineWith(out, "feeds:2")).doesNotContain("refund");
    }

    @Test
    void listsNewestFirstWithTimeKeyKindAuthorAndText() {
        store.add(interaction("mastodon", "111", "alice", "first post", 600));
        store.add(interaction("feeds", "urn:uuid:42", "bob", "second post", 60));

        String out = run(command);

        assertThat(out).contains("Time", "Key", "Kind", "Author", "Text");
        assertThat(lineWith(out, "feeds:urn:uuid:42")).contains("2025-06-01T11:59:00Z", "MENTION", "bob", "second post");
        assertThat(lineWith(out, "mastodon:111")).contains("2025-06-01T11:50:00Z", "alice", "first post");
        assertThat(out.indexOf("feeds:urn:uuid:42")).as("newest first").isLessThan(out.indexOf("mastodon:111"));
    }

    @Test
    void textIsOneLineShortenedToSixtyCharacters() {
        String text = "line one\nline two\t" + "word ".repeat(40);
        store.add(interaction("feeds", "1", "alice", text, 0));

        String row = lineWith(run(command), "feeds:1");

        String expected = ShellText.shorten(ShellText.line(text), 60);
        assertThat(expected).hasSize(60).endsWith("...");
        assertThat(row).contains(expected).doesNotContain("word ".repeat(40));
        assertThat(run(command).lines().filter(l -> l.contains("line one")).count()).isEqualTo(1);
    }

    @Test
    void escapeSequencesInTextAndAuthorAreStripped() {
        store.add(interaction("feeds", "1", "mallory\u001b[8m", "look " + TestSupport.HOSTILE + "here\u001b[31m!", 0));

        String out = run(command);

        assertThat(out).doesNotContain("\u001b", "\u0007", "pwned", TestSupport.HOSTILE);
        assertThat(lineWith(out, "feeds:1")).contains("mallory", "look here!");
    }

    @Test
    void mediaOnlyInteractionSaysSo() {
        store.add(Interaction.builder("feeds", "1").kind(InteractionKind.POST).occurredAt(NOW)
                .author(SocialIdentity.of("feeds", "alice", null)).media(List.of("https://a/1.png", "https://a/2.png")).build());

        assertThat(lineWith(run(command), "feeds:1")).contains("(2 media)");
    }

    @Test
    void defaultLimitIsTwentyAndFiltersGoToTheQuery() {
        run(command);
        assertThat(store.lastQuery).isEqualTo(new InteractionQuery(null, null, null, 20));

        command.channel = "mastodon";
        command.account = "acme";
        command.author = "alice";
        command.limit = 5;
        run(command);
        assertThat(store.lastQuery).isEqualTo(new InteractionQuery("mastodon", "acme", "alice", 5));
    }

    @Test
    void limitIsApplied() {
        for (int i = 0; i < 30; i++) {
            store.add(interaction("feeds", "id" + i, "alice", "text " + i, i));
        }
        command.limit = 3;

        String out = run(command);

        assertThat(out.lines().filter(l -> l.contains("feeds:id"))).hasSize(3);
        assertThat(out).contains("feeds:id0 ", "feeds:id1 ", "feeds:id2 ").doesNotContain("feeds:id3 ");
    }

    @Test
    void limitOutsideOneToThousandIsRefusedWithAClearMessage() {
        command.limit = 0;
        assertThatThrownBy(() -> run(command)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--limit must be between 1 and 1000, was 0");

        command.limit = 1001;
        assertThatThrownBy(() -> run(command)).hasMessage("--limit must be between 1 and 1000, was 1001");
        assertThat(store.lastQuery).as("the store is not asked").isNull();
    }

    @Test
    void noMatchSaysSo() {
        command.channel = "nope";

        assertThat(run(command)).contains("No interaction matches");
    }

    private static Interaction interaction(String channel, String id, String author, String text, long secondsAgo) {
        return Interaction.builder(channel, id).kind(InteractionKind.MENTION).account("acme")
                .author(SocialIdentity.of(channel, author, author)).text(text)
                .occurredAt(NOW.minusSeconds(secondsAgo)).build();
    }

    private static String lineWith(String out, String text) {
        return out.lines().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + text + "' in:\n" + out));
    }
}
