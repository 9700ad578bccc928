package org.parley.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ShellTextTest {

    private static final Instant NOW = TestSupport.NOW;

    @Test
    void lineRemovesScreenClearingAndWindowTitleSequences() {
        String text = "hello " + TestSupport.HOSTILE + "world";

        String line = ShellText.line(text);

        assertThat(line).isEqualTo("hello world").doesNotContain("\u001b", "\u0007", "pwned");
    }

    @Test
    void lineRemovesColourCursorAndOtherEscapeSequences() {
        String text = "\u001b[31mred\u001b[0m \u001b[1A\u001b[2Kup \u001bcreset \u001b(Bcharset \u001bP1$r\u001b\\dcs";

        assertThat(ShellText.line(text)).isEqualTo("red up reset charset dcs");
    }

    @Test
    void lineRemovesEightBitControlSequences() {
        String text = "a\u009b2Jb\u009d0;title\u009cc\u0085d";

        assertThat(ShellText.line(text)).isEqualTo("abcd");
    }

    @Test
    void unterminatedStringSequenceLosesItsIntroducerButNotTheRestOfTheText() {
        String line = ShellText.line("before \u001b]0;not a title and more text");

        assertThat(line).doesNotContain("\u001b").isEqualTo("before 0;not a title and more text");
    }

    @Test
    void lineRemovesControlCharactersAndBidiOverrides() {
        String text = "a\u0000b\u0008c\u007fd\u202eevil\u202c\u2066e\u2069";

        assertThat(ShellText.line(text)).isEqualTo("abcdevile");
    }

    @Test
    void lineTurnsLineBreaksAndTabsIntoSingleSpaces() {
        assertThat(ShellText.line("  one\r\ntwo\n\n\tthree\rfour\u2028five  ")).isEqualTo("one two three four five");
    }

    @Test
    void lineKeepsOrdinaryUnicode() {
        assertThat(ShellText.line("Grüße 👋 مرحبا 你好")).isEqualTo("Grüße 👋 مرحبا 你好");
    }

    @Test
    void blockKeepsLinesAndTabsButNotCarriageReturnsOrEscapes() {
        String text = "{\r\n\t\"a\": 1,\r\"b\": \"" + TestSupport.HOSTILE + "x\"\n}";

        assertThat(ShellText.block(text)).isEqualTo("{\n\t\"a\": 1,\n\"b\": \"x\"\n}");
    }

    @Test
    void nullAndEmptyGiveEmptyText() {
        assertThat(ShellText.line(null)).isEmpty();
        assertThat(ShellText.block(null)).isEmpty();
        assertThat(ShellText.cell(null, 10)).isEqualTo("-");
        assertThat(ShellText.cell(" \n\u001b[2J ", 10)).isEqualTo("-");
    }

    @Test
    void shortenCutsAtTheLimitWithAnEllipsis() {
        assertThat(ShellText.shorten("abcdefghij", 10)).isEqualTo("abcdefghij");
        assertThat(ShellText.shorten("abcdefghijk", 10)).isEqualTo("abcdefg...").hasSize(10);
        assertThat(ShellText.shorten("abcdef", 2)).isEqualTo("..");
    }

    @Test
    void shortenNeverSplitsASurrogatePair() {
        String shortened = ShellText.shorten("abcdef👋xyzxyz", 10); // the emoji's high surrogate is the 7th char

        assertThat(shortened).isEqualTo("abcdef...");
    }

    @Test
    void shortenMiddleKeepsBothEnds() {
        String cursor = "since_id=109876543210987654321098765";

        String shortened = ShellText.shortenMiddle(cursor, 20);

        assertThat(shortened).hasSize(20).startsWith("since_id").endsWith("98765").contains("...");
        assertThat(ShellText.shortenMiddle("short", 20)).isEqualTo("short");
    }

    @Test
    void cellSanitisesThenShortens() {
        assertThat(ShellText.cell("\u001b[31m" + "x".repeat(100), 20)).isEqualTo("x".repeat(17) + "...");
    }

    @Test
    void relativeTimeInTheUnitAnAdminReads() {
        assertThat(ShellText.relative(NOW.minusSeconds(3), NOW)).isEqualTo("just now");
        assertThat(ShellText.relative(NOW.minusSeconds(42), NOW)).isEqualTo("42 s ago");
        assertThat(ShellText.relative(NOW.minusSeconds(150), NOW)).isEqualTo("2 min ago");
        assertThat(ShellText.relative(NOW.minusSeconds(3 * 3600 + 59), NOW)).isEqualTo("3 h ago");
        assertThat(ShellText.relative(NOW.minusSeconds(47 * 3600), NOW)).isEqualTo("47 h ago");
        assertThat(ShellText.relative(NOW.minusSeconds(5 * 86_400), NOW)).isEqualTo("5 d ago");
        assertThat(ShellText.relative(NOW.plusSeconds(300), NOW)).isEqualTo("in 5 min");
        assertThat(ShellText.relative(null, NOW)).isEqualTo("never");
    }

    @Test
    void whenGivesRelativeAndIsoTimeToTheSecond() {
        assertThat(ShellText.when(Instant.parse("2025-06-01T11:57:59.987654Z"), NOW))
                .isEqualTo("2 min ago (2025-06-01T11:57:59Z)");
        assertThat(ShellText.when(null, NOW)).isEqualTo("never");
        assertThat(ShellText.iso(null)).isEqualTo("never");
    }
}
