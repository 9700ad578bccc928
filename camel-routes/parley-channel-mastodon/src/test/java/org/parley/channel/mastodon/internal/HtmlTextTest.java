package org.parley.channel.mastodon.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void paragraphsBecomeBlankLinesAndBreaksLineBreaks() {
        assertThat(HtmlText.toText("<p>First line<br />second line<br>third</p><p>New paragraph</p>"))
                .isEqualTo("First line\nsecond line\nthird\n\nNew paragraph");
    }

    @Test
    void entitiesAreDecodedOnceSoTypedMarkupStaysInertText() {
        String html = "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;lt;b&amp;gt; &quot;q&quot; &#x1F600; caf&eacute; &#0; &#xZZ;</p>";

        assertThat(HtmlText.toText(html))
                .isEqualTo("<script>alert('x')</script> &lt;b&gt; \"q\" \uD83D\uDE00 café &#0; &#xZZ;");
    }

    @Test
    void realMarkupIsDroppedAndItsTextKept() {
        String html = "<p><span class=\"h-card\"><a href=\"https://social.example/@brand\" class=\"u-url mention\">"
                + "@<span>brand</span></a></span> <strong>bold</strong> <script>alert(1)</script>"
                + "<img src=x onerror=\"alert('>')\">done</p>";

        assertThat(HtmlText.toText(html)).isEqualTo("@brand bold alert(1)done");
    }

    @Test
    void shortenedLinksComeOutWhole() {
        String html = "<p>See <a href=\"https://example.com/a/very/long/path\" rel=\"nofollow noopener\" target=\"_blank\">"
                + "<span class=\"invisible\">https://</span><span class=\"ellipsis\">example.com/a/very/lo</span>"
                + "<span class=\"invisible\">ng/path</span></a></p>";

        assertThat(HtmlText.toText(html)).isEqualTo("See https://example.com/a/very/long/path");
    }

    @Test
    void sourceLineBreaksAndRunsOfBlanksCollapse() {
        assertThat(HtmlText.toText("<p>a\n   b\t c</p>\n\n<p>  d  </p>")).isEqualTo("a b c\n\nd");
    }

    @Test
    void aLoneAngleBracketAndAnUnknownEntityAreText() {
        assertThat(HtmlText.toText("<p>1 < 2 & 3 > 2 &bogus; <</p>")).isEqualTo("1 < 2 & 3 > 2 &bogus; <");
    }

    @Test
    void commentsAndEmptyInputGiveNothing() {
        assertThat(HtmlText.toText("<!-- hidden --><p>shown</p><!-- unterminated")).isEqualTo("shown");
        assertThat(HtmlText.toText("")).isEmpty();
        assertThat(HtmlText.toText(null)).isEmpty();
    }

    @Test
    void listItemsAreLines() {
        assertThat(HtmlText.toText("<p>Options:</p><ul><li>one</li><li>two</li></ul>")).isEqualTo("Options:\n\none\ntwo");
    }

    @Test
    void preformattedTextKeepsItsLineBreaks() {
        assertThat(HtmlText.toText("<p>Log:</p><pre><code>line one\nline two</code></pre><p>end\nof post</p>"))
                .isEqualTo("Log:\n\nline one\nline two\n\nend of post");
    }
}
