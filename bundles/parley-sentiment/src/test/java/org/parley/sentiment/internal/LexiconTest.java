package org.parley.sentiment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.parley.sentiment.internal.Lexicon.Kind;

class LexiconTest {

    private static Lexicon parse(String text) throws IOException {
        return Lexicon.parse("test.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyShippedLexiconLoads() {
        for (String name : new String[] {"en", "nl", "es", "id", "zh", "emoji"}) {
            assertThat(Lexicon.load(name).size()).as(name).isGreaterThan(100);
        }
    }

    @Test
    void termsAreFoldedAndPhrasesAndSuffixesWork() throws IOException {
        Lexicon l = parse("@suffix s= isimo=o:1.3\n[words]\nPÉSIMO\t-3\nnot  bad\t1.5\nbueno\t2\n[negators]\nnot\t-0.74\n");
        assertThat(l.get("pesimo").value()).isEqualTo(-3);
        assertThat(l.get("not bad").kind()).isEqualTo(Kind.WORD);
        assertThat(l.get("not bad").negated()).as("starts with a negator").isTrue();
        assertThat(l.maxWords()).isEqualTo(2);
        assertThat(l.word("buenisimo").factor()).isEqualTo(1.3);
        assertThat(l.word("pesimos").entry().value()).isEqualTo(-3);
        assertThat(l.word("pesiiiimo").entry().value()).as("stretched").isEqualTo(-3);
    }

    @Test
    void aWordMayAlsoBeABooster() throws IOException {
        Lexicon l = parse("[words]\n好\t1.8\n[boosters]\n好\t1.3\n太\t1.5\n[excess]\n太\t-1\n");
        assertThat(l.get("好").value()).isEqualTo(1.8);
        assertThat(l.get("好").boost()).isEqualTo(1.3);
        assertThat(l.get("太").excess()).isEqualTo(-1);
    }

    @Test
    void mistakesAreReportedWithFileAndLine() {
        assertThatThrownBy(() -> parse("good\t2\n")).hasMessage("test.txt line 1: a term before any [section]");
        assertThatThrownBy(() -> parse("[words]\ngood 2\n")).hasMessageContaining("line 2: expected term TAB number");
        assertThatThrownBy(() -> parse("[words]\ngood\ttwo\n")).hasMessageContaining("'two' is not a number");
        assertThatThrownBy(() -> parse("[words]\ngood\t9\n")).hasMessageContaining("from -4 to 4");
        assertThatThrownBy(() -> parse("[words]\ngood\t2\nGood\t1\n")).hasMessageContaining("line 3: 'Good' is listed twice");
        assertThatThrownBy(() -> parse("[feelings]\n")).hasMessageContaining("unknown section [feelings]");
        assertThatThrownBy(() -> parse("[excess]\ntoo\t-1\n")).hasMessageContaining("must be listed in [boosters] first");
        assertThatThrownBy(() -> Lexicon.parse("bad.txt", new ByteArrayInputStream(new byte[] {'[', (byte) 0xC3, ']'})))
                .isInstanceOf(IOException.class);
    }

    @Test
    void collapseShortensStretchedLetters() {
        assertThat(Lexicon.collapse("goooood", 2)).isEqualTo("good");
        assertThat(Lexicon.collapse("goooood", 1)).isEqualTo("god");
        assertThat(Lexicon.collapse("good", 1)).isNull();
        assertThat(Lexicon.collapse("!!!!", 1)).isNull();
    }
}
