package org.parley.suitecrm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.parley.rest.TabToken;

/**
 * The Social panel's HTML, settings and layout change, from the package's PHP (without SuiteCRM): the iframe carries a
 * token Parley accepts for this contact and user only, every value is escaped, and the secret is never in the page.
 */
class SocialPanelTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-parley-tab-secret";
    private static final long NOW = Instant.now().getEpochSecond();
    private static final Pattern IFRAME = Pattern.compile(
            "<iframe class=\"parley-social\" src=\"([^\"]*)\" title=\"([^\"]*)\" sandbox=\"([^\"]*)\"[^>]*></iframe>");

    @Test
    void printsAnIframeOfTheTabWithATokenParleyAccepts() {
        String html = render(config("https://parley.example.com/", SECRET, 300), "Contacts",
                "6f1e8a2c-3b4d-4e5f-9a0b-1c2d3e4f5a6b", "anna");

        Matcher iframe = IFRAME.matcher(html);
        assertThat(iframe.matches()).as(html).isTrue();
        assertThat(iframe.group(3))
                .isEqualTo("allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-forms");
        String prefix = "https://parley.example.com/parley/tab#token=";
        assertThat(iframe.group(1)).startsWith(prefix);
        TabToken token = TabToken.verify(iframe.group(1).substring(prefix.length()),
                SECRET.getBytes(StandardCharsets.UTF_8), Instant.ofEpochSecond(NOW), Duration.ofMinutes(15));
        assertThat(token).isEqualTo(new TabToken("Contacts", "6f1e8a2c-3b4d-4e5f-9a0b-1c2d3e4f5a6b", "anna",
                Instant.ofEpochSecond(NOW + 300)));
        assertThat(html).doesNotContain(SECRET).doesNotContain("0123456789abcdef");
    }

    @Test
    void escapesEveryValueItPrints() {
        ObjectNode request = renderRequest(config("https://parley.example.com:8443/crm", SECRET, 60), "Contacts",
                "id-1", "o'brien<b>&\"");
        request.put("title", "Social \"<script>alert(1)</script>' & more");
        JsonNode out = Php.script("panel.php", request.toString(), Php.packageSources().toString());
        String html = out.get("result").asText();

        assertThat(html).doesNotContain("<script").doesNotContain("<b>");
        Matcher iframe = IFRAME.matcher(html);
        assertThat(iframe.matches()).as(html).isTrue();
        assertThat(iframe.group(2)).isEqualTo("Social &quot;&lt;script&gt;alert(1)&lt;/script&gt;&apos; &amp; more");
        String token = iframe.group(1).substring("https://parley.example.com:8443/crm/parley/tab#token=".length());
        assertThat(TabToken.verify(token, SECRET.getBytes(StandardCharsets.UTF_8), Instant.ofEpochSecond(NOW),
                Duration.ofMinutes(15)).crmUser()).isEqualTo("o'brien<b>&\"");
    }

    @Test
    void aTokenIsForItsOwnContact() {
        String prefix = "https://parley.example.com/parley/tab#token=";
        String a = tokenIn(render(config("https://parley.example.com", SECRET, 300), "Contacts", "contact-a", "anna"),
                prefix);
        String b = tokenIn(render(config("https://parley.example.com", SECRET, 300), "Contacts", "contact-b", "anna"),
                prefix);
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        Instant at = Instant.ofEpochSecond(NOW);
        assertThat(TabToken.verify(a, secret, at, Duration.ofMinutes(15)).contactId()).isEqualTo("contact-a");
        assertThat(TabToken.verify(b, secret, at, Duration.ofMinutes(15)).contactId()).isEqualTo("contact-b");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void refusesAUserNameTheTokenCannotCarry() {
        JsonNode out = Php.script("panel.php",
                renderRequest(config("https://parley.example.com", SECRET, 300), "Contacts", "id-1", "a|b").toString(),
                Php.packageSources().toString());
        assertThat(out.has("result")).isFalse();
        assertThat(out.get("error").asText()).contains("crmUser");
    }

    @Test
    void settingsAreCheckedAndTheSecretIsNeverInAMessage() {
        assertThat(settings(Map.of()).get("result").isNull()).isTrue();
        assertThat(settings(Map.of("parley", Map.of("url", "https://p.example.com"))).get("result").isNull()).isTrue();

        JsonNode ok = settings(Map.of("parley", Map.of("url", " https://p.example.com/ ", "secret", SECRET)));
        assertThat(ok.get("result").get("url").asText()).isEqualTo("https://p.example.com");
        assertThat(ok.get("result").get("token_lifetime").asInt()).isEqualTo(300);

        String shortSecret = "too-short-but-secret";
        assertThat(error(Map.of("url", "https://p.example.com", "secret", shortSecret)))
                .contains("at least 32 bytes").doesNotContain(shortSecret);
        for (String url : List.of("javascript:alert(1)//https://x", "ftp://p.example.com", "https://u:pw@p.example.com",
                "https://p.example.com/?a=b", "https://p.example.com/\"onload=\"x", "https://p.example.com/#frag",
                "p.example.com")) {
            assertThat(error(Map.of("url", url, "secret", SECRET))).as(url).startsWith("Parley's URL");
        }
        assertThat(error(Map.of("url", "https://p.example.com", "secret", SECRET, "token_lifetime", 901)))
                .contains("1 to 900 seconds");
        assertThat(error(Map.of("url", "https://p.example.com", "secret", SECRET, "token_lifetime", "0")))
                .contains("1 to 900 seconds");
    }

    @Test
    void putsTheSocialPanelOnTheDetailViewOnceAndTakesItOffAgain() throws Exception {
        JsonNode original = Php.JSON.readTree("""
                {"Contacts": {"DetailView": {
                  "templateMeta": {"maxColumns": "2", "useTabs": true,
                                   "tabDefs": {"LBL_CONTACT_INFORMATION": {"newTab": true, "panelDefault": "expanded"}}},
                  "panels": {"lbl_contact_information": [["first_name", "last_name"], ["email1", ""]]}}}}
                """);
        JsonNode once = layout("withSocialPanel", original).get("result");
        JsonNode twice = layout("withSocialPanel", once).get("result");
        assertThat(twice).isEqualTo(once);

        JsonNode view = once.get("Contacts").get("DetailView");
        assertThat(view.get("panels").get("lbl_contact_information")).isEqualTo(
                original.get("Contacts").get("DetailView").get("panels").get("lbl_contact_information"));
        JsonNode panel = view.get("panels").get("lbl_parley_social_panel");
        assertThat(panel).hasSize(1);
        assertThat(panel.get(0).get(0).get("name").asText()).isEqualTo("parley_social");
        assertThat(panel.get(0).get(0).get("colspan").asInt()).isEqualTo(2);
        assertThat(view.get("templateMeta").get("tabDefs").get("LBL_PARLEY_SOCIAL_PANEL").get("newTab").asBoolean())
                .isTrue();

        assertThat(layout("withoutSocialPanel", once).get("result")).isEqualTo(original);
    }

    private static Map<String, Object> config(String url, String secret, int lifetime) {
        return Map.of("parley", Map.of("url", url, "secret", secret, "token_lifetime", lifetime));
    }

    private static ObjectNode renderRequest(Map<String, Object> config, String type, String id, String user) {
        ObjectNode request = Php.JSON.createObjectNode();
        request.put("op", "render").put("contactType", type).put("contactId", id).put("crmUser", user)
                .put("now", NOW).put("title", "Social");
        request.set("config", Php.JSON.valueToTree(config));
        return request;
    }

    private static String render(Map<String, Object> config, String type, String id, String user) {
        JsonNode out = Php.script("panel.php", renderRequest(config, type, id, user).toString(),
                Php.packageSources().toString());
        assertThat(out.has("error")).as("%s", out).isFalse();
        return out.get("result").asText();
    }

    private static String tokenIn(String html, String prefix) {
        Matcher iframe = IFRAME.matcher(html);
        assertThat(iframe.matches()).as(html).isTrue();
        assertThat(iframe.group(1)).startsWith(prefix);
        return iframe.group(1).substring(prefix.length());
    }

    private static JsonNode settings(Map<String, ?> config) {
        ObjectNode request = Php.JSON.createObjectNode().put("op", "settings");
        request.set("config", Php.JSON.valueToTree(config));
        return Php.script("panel.php", request.toString(), Php.packageSources().toString());
    }

    private static String error(Map<String, ?> parley) {
        JsonNode out = settings(Map.of("parley", parley));
        assertThat(out.has("error")).as("%s gives %s", parley, out).isTrue();
        return out.get("error").asText();
    }

    private static JsonNode layout(String op, JsonNode viewdefs) {
        ObjectNode request = Php.JSON.createObjectNode().put("op", op).put("module", "Contacts");
        request.set("viewdefs", viewdefs);
        return Php.script("panel.php", request.toString(), Php.packageSources().toString());
    }
}
