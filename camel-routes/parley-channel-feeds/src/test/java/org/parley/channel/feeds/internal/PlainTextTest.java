package org.parley.channel.feeds.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void dropsTagsKeepsWordsAndDecodesEntities() {
        assertThat(PlainText.fromHtml("<p>Caf&eacute; &amp; thee &#8211; <b>prima</b>!</p><p>Tot&nbsp;ziens &#x1F600;</p>"))
                .isEqualTo("Café & thee – prima!\n\nTot ziens \uD83D\uDE00");
    }

    @Test
    void scriptIsInertTextAndNoTagSurvivesEvenAfterDecoding() {
        String text = PlainText.fromHtml("Good<script type=\"text/javascript\">steal(document.cookie)</script>"
                + "<img src=x onerror=\"alert('>')\"> &lt;script&gt;alert(1)&lt;/script&gt; I <3 it, 2 < 3");

        assertThat(text).isEqualTo("Goodsteal(document.cookie) alert(1) I <3 it, 2 < 3");
        assertThat(text).doesNotContainPattern("<[A-Za-z/!?]");
    }

    @Test
    void plainTextIsNotDecodedButTagsAreStillDropped() {
        assertThat(PlainText.fromText("Fish &amp; chips <script>x</script>")).isEqualTo("Fish &amp; chips x");
    }

    @Test
    void blocksBecomeLinesAndBlanksCollapse() {
        assertThat(PlainText.fromHtml("<ul><li>een</li><li>twee</li></ul>\n\n\n\n   drie  \t vier"))
                .isEqualTo("een\n\ntwee\n\ndrie vier");
    }
}
