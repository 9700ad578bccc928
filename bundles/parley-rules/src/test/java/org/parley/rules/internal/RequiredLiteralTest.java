package org.parley.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RequiredLiteralTest {

    @Test
    void theLongestCertainPlainTextIsFound() {
        assertThat(RequiredLiteral.of("\\border ?(no|nr|#)? ?\\d{5,}\\b", false)).isEqualTo("order");
        assertThat(RequiredLiteral.of("\\b[\\w.+-]+@[\\w-]+\\.[a-z]{2,}\\b", false)).isEqualTo("@");
        assertThat(RequiredLiteral.of("https?://\\S+", false)).isEqualTo("http");
        assertThat(RequiredLiteral.of("price(s)? list", false)).as("the first of the longest").isEqualTo("price");
        assertThat(RequiredLiteral.of("price(s)? lists", false)).isEqualTo(" lists");
        assertThat(RequiredLiteral.of("abc{2}de", false)).isEqualTo("ab");
        assertThat(RequiredLiteral.of("x\\.?yz", false)).isEqualTo("yz");
        assertThat(RequiredLiteral.of("10\\$ each", false)).isEqualTo("10$ each");
        assertThat(RequiredLiteral.of("[]a]bcd", false)).isEqualTo("bcd");
        assertThat(RequiredLiteral.of("(?:ab)cd", false)).isEqualTo("cd");
    }

    @Test
    void whateverIsUnclearGivesNone() {
        assertThat(RequiredLiteral.of("refund|money back", false)).as("alternatives").isNull();
        assertThat(RequiredLiteral.of("refund", true)).as("case-insensitive").isNull();
        assertThat(RequiredLiteral.of("(?i)refund", false)).as("inline flags").isNull();
        assertThat(RequiredLiteral.of("\\Qa.b\\E", false)).as("quoting").isNull();
        assertThat(RequiredLiteral.of("(.)\\1{4,}", false)).isNull();
        assertThat(RequiredLiteral.of("\\d+", false)).isNull();
        assertThat(RequiredLiteral.of("a?", false)).isNull();
        assertThat(RequiredLiteral.of("(ab", false)).as("not a valid pattern").isNull();
    }

    @Test
    void aTextWithoutTheLiteralNeverMatches() {
        List<String> patterns = List.of("ab+c", "a(b|c)d", "x\\.?y", "ab{2,3}?c", "(a|b)+cab", "[ab]c{1}d",
                "a.b\\.c", "^ab$", "ba*b", "(?=ab)abc", "c(?!a)b", "a\\sb", "ab|cd", "[a-c]{2}ab?", "(a)\\1b");
        SplittableRandom random = new SplittableRandom(1);
        for (String source : patterns) {
            Pattern p = Pattern.compile(source);
            String literal = RequiredLiteral.of(source, false);
            for (int t = 0; t < 3000; t++) {
                StringBuilder text = new StringBuilder();
                for (int k = random.nextInt(12); k > 0; k--) {
                    text.append("abcdxy. \n".charAt(random.nextInt(9)));
                }
                if (p.matcher(text).find()) {
                    assertThat(literal == null || text.toString().contains(literal))
                            .as(source + " matched '" + text + "' without '" + literal + "'").isTrue();
                }
            }
        }
    }
}
