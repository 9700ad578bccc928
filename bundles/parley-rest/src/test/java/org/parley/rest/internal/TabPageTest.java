package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Social tab's page as the whiteboard serves it (the same resource and headers filter, in an embedded Jersey):
 * a page framable by the CRM under a CSP without inline script, its own files and no others, and scripts that never
 * parse HTML. What the page does in a browser is tested in itests (TabBrowserIT, headless Chromium).
 */
class TabPageTest {

    private static HttpServer server;
    private static URI base;

    @BeforeAll
    static void serve() throws IOException {
        RestSettingsService settings = new RestSettingsService(new RestSettings(
                ApiServer.SECRET.getBytes(StandardCharsets.UTF_8), ApiServer.LIFETIME,
                List.of("https://crm.example.com", "http://127.0.0.1:8080"), "karaf"), Clock.systemUTC());
        ResourceConfig config = new ResourceConfig().register(new TabPage()).register(new TabHeaders(settings));
        JdkHttpHandlerContainer container = ContainerFactory.createContainer(JdkHttpHandlerContainer.class, config);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(Whiteboard.TAB_BASE, container);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + Whiteboard.TAB_BASE);
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void thePageMayBeFramedByTheCrmAndRunsOnlyItsOwnScripts() {
        Http.Answer page = Http.get(URI.create(base + "/"), Http.Auth.NONE);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
                "connect-src 'self'", "frame-ancestors 'self' https://crm.example.com http://127.0.0.1:8080");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(page.header("X-Frame-Options")).isNull();
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");

        String html = page.body();
        assertThat(html).contains("<script type=\"module\" src=\"/parley/tab/assets/tab.js\"></script>")
                .contains("href=\"/parley/tab/assets/tab.css\"").doesNotContain(TabPage.ASSETS_MARK);
        // No inline script and no inline handlers: the CSP would block them, and none are needed.
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find()).isFalse();
        assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
        assertThat(html).contains("<main", "role=\"status\"", "aria-live=\"polite\"", "role=\"alert\"", "<label for=");
    }

    @Test
    void everyModuleThePageImportsIsServedAndNothingElse() {
        String entry = Http.get(URI.create(base + "/assets/tab.js"), Http.Auth.NONE).body();
        Matcher imports = Pattern.compile("from '\\./([a-z]+\\.js)'").matcher(entry);
        int count = 0;
        while (imports.find()) {
            Http.Answer module = Http.get(URI.create(base + "/assets/" + imports.group(1)), Http.Auth.NONE);
            assertThat(module.status()).as(imports.group(1)).isEqualTo(200);
            assertThat(module.header("Content-Type")).startsWith("text/javascript");
            assertThat(module.header("Content-Security-Policy")).contains("script-src 'self'");
            count++;
        }
        assertThat(count).isEqualTo(3);
        assertThat(Http.get(URI.create(base + "/assets/tab.css"), Http.Auth.NONE).header("Content-Type"))
                .startsWith("text/css");

        for (String other : List.of("/assets/index.html", "/assets/nope.js", "/assets/..%2Finternal%2Fopenapi.yaml",
                "/assets/%2E%2E/%2E%2E/rest/internal/openapi.yaml", "/openapi.yaml")) {
            assertThat(Http.get(URI.create(base + other), Http.Auth.NONE).status()).as(other).isEqualTo(404);
        }
    }

    /** A source check, because it is the rule: data from channels is set with textContent, never parsed as HTML. */
    @Test
    void theScriptsNeverParseHtmlNorEvaluateStrings() throws IOException {
        for (String name : List.of("tab.js", "api.js", "dom.js", "chart.js")) {
            String source;
            try (InputStream in = TabPage.class.getResourceAsStream(TabPage.FOLDER + name)) {
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(source).as(name).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                    "document.write", "eval(", "new Function", "srcdoc", "DOMParser", "createContextualFragment");
        }
    }
}
