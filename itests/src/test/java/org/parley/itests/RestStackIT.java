package org.parley.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The stack, proven first: a stock Karaf installs the parley-rest feature (the OSGi Jakarta REST Whiteboard of
 * osgitech, Jersey and Jetty 11, and Parley's API bundle) and a resource, a DS component, answers JSON over HTTP,
 * behind Karaf's JAAS realm, with JSON errors.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestStackIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() {
        return RestKarafOptions.karafWithParleyRest();
    }

    @Test
    public void aWhiteboardResourceAnswersJsonOverHttpInKaraf() {
        String viewer = RestClient.basic(RestKarafOptions.VIEWER, RestKarafOptions.VIEWER_PASSWORD);
        AtomicReference<RestClient.Answer> channels = new AtomicReference<>();
        RestClient api = await().atMost(PATIENCE).until(() -> RestClient.find(bundleContext), c -> c != null);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            channels.set(api.get("/channels", viewer));
            return channels.get().status() == 200;
        });

        RestClient.Answer answer = channels.get();
        assertTrue(answer.header("Content-Type"), answer.header("Content-Type").startsWith("application/json"));
        JsonNode json = answer.json();
        assertTrue(answer.body(), json.path("channels").isArray());
        assertEquals("no-store", answer.header("Cache-Control"));

        RestClient.Answer anonymous = api.get("/channels", null);
        assertEquals(401, anonymous.status());
        assertEquals("unauthenticated", anonymous.code());
        assertNotNull(anonymous.header("WWW-Authenticate"));

        RestClient.Answer unknown = api.get("/no/such/thing", viewer);
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.code());

        RestClient.Answer document = api.get("/openapi.yaml", viewer);
        assertEquals(200, document.status());
        assertTrue(document.header("Content-Type"), document.header("Content-Type").startsWith("application/yaml"));
        assertTrue(document.body().startsWith("openapi: 3.0.3"));
    }
}
