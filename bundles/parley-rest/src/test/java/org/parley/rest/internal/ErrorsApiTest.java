package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Every error is JSON with a stable code: Parley's own, the services', Jersey's, and the unexpected. */
class ErrorsApiTest extends ApiTestBase {

    @Test
    void anUnknownPathIsNotFoundInJson() {
        Http.Answer answer = get("/nothing/here", ADMIN);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.code()).isEqualTo("not_found");
        assertThat(answer.json().path("message").asText()).isEqualTo("there is no such resource in this API");
    }

    @Test
    void aWrongMethodIsMethodNotAllowedWithWhatIsAllowed() {
        Http.Answer answer = Http.send("PUT", api.uri("/channels"), ADMIN, "{}");

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.code()).isEqualTo("method_not_allowed");
        assertThat(answer.header("Allow")).contains("GET");
    }

    @Test
    void aBodyThatIsNotJsonIsRefused() {
        Http.Answer notJson = post("/contacts/Contacts/c-ana/tags", ADMIN, "{\"tag\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.code()).isEqualTo("invalid_request");
        assertThat(notJson.json().path("message").asText()).startsWith("the request body is not valid JSON");

        Http.Answer unknownField = post("/contacts/Contacts/c-ana/tags", ADMIN, "{\"tag\":\"x\",\"colour\":\"red\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().path("message").asText()).isEqualTo("unknown field 'colour'; the fields are tag");

        Http.Answer wrongType = post("/contacts/Contacts/c-ana/tags", ADMIN, "{\"tag\":[1,2]}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().path("message").asText()).isEqualTo("field 'tag' has the wrong JSON type");

        Http.Answer array = post("/contacts/Contacts/c-ana/tags", ADMIN, "[]");
        assertThat(array.status()).isEqualTo(400);

        Http.Answer nothing = post("/contacts/Contacts/c-ana/tags", ADMIN, "");
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.code()).isEqualTo("invalid_request");

        Http.Answer trailing = post("/contacts/Contacts/c-ana/tags", ADMIN, "{\"tag\":\"x\"} {\"tag\":\"y\"}");
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(fakes.personTags.get("Contacts/c-ana")).extracting(t -> t.name()).containsExactly("vip");
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIsUnsupported() {
        Http.Answer answer = Http.send("POST", api.uri("/contacts/Contacts/c-ana/tags"), ADMIN, "tag=x",
                "application/x-www-form-urlencoded");

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.code()).isEqualTo("unsupported_media_type");
    }

    @Test
    void aBodyOverTheLimitIsRefusedUnread() {
        String huge = "{\"text\":\"" + "a".repeat(ApiJson.MAX_BODY_BYTES) + "\"}";

        Http.Answer answer = post("/interactions/mastodon/m1/replies", ADMIN, huge);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.code()).isEqualTo("payload_too_large");
        assertThat(fakes.replies).hasSize(4);
    }

    @Test
    void anUnexpectedFailureIsA500WithAReferenceAndNothingOfItsInsides() {
        fakes.failure = new IllegalMonitorStateException("jdbc:postgresql://db:5432/parley password=hunter2");

        Http.Answer answer = get("/channels", ADMIN);

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.code()).isEqualTo("internal_error");
        assertThat(answer.json().path("message").asText())
                .matches("Parley could not answer this request; its log has the details under reference [0-9a-f]{8}");
        assertThat(answer.body()).doesNotContain("hunter2").doesNotContain("jdbc").doesNotContain("at org.");
    }

    @Test
    void onlyJsonIsAnswered() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.uri("/channels"))
                .header("Authorization", ADMIN.header()).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(response.body()).contains("\"code\":\"not_acceptable\"").doesNotContain("<html");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (Http.Answer answer : new Http.Answer[] {get("/channels", ADMIN), get("/channels", Http.Auth.NONE),
                get("/nothing", ADMIN)}) {
            assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
            assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
    }

    @Test
    void anUnknownAuthorizationSchemeOrGarbledBasicIs401() {
        Http.Answer digest = get("/channels", new Http.Auth("Digest username=admin"));
        assertThat(digest.status()).isEqualTo(401);
        assertThat(digest.json().path("message").asText()).contains("must be 'Basic ...'");

        Http.Answer garbled = get("/channels", new Http.Auth("Basic %%%"));
        assertThat(garbled.status()).isEqualTo(401);
        assertThat(garbled.code()).isEqualTo("unauthenticated");

        Http.Answer noColon = get("/channels", new Http.Auth("Basic " + java.util.Base64.getEncoder()
                .encodeToString("admin".getBytes())));
        assertThat(noColon.status()).isEqualTo(401);

        Http.Answer huge = get("/channels", new Http.Auth("Basic " + "A".repeat(5000)));
        assertThat(huge.status()).isEqualTo(401);
        assertThat(huge.json().path("message").asText()).isEqualTo("the Authorization header is too long");
    }

    @Test
    void withoutATabSecretNoTabTokenIsAccepted() {
        try (ApiServer closed = new ApiServer(fakes, new RestSettings(null, ApiServer.LIFETIME, java.util.List.of(),
                TestRealm.NAME))) {
            Http.Answer answer = Http.get(closed.uri("/contacts/Contacts/c-ana"), ALICE_FOR_ANA);

            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.json().path("message").asText()).contains("tabSecret is not set");
            assertThat(Http.get(closed.uri("/contacts/Contacts/c-ana"), VIEWER).status()).isEqualTo(200);
        }
    }

    @Test
    void aRealmThatCannotBeFoundLetsNobodyIn() {
        try (ApiServer misconfigured = new ApiServer(fakes, new RestSettings(null, ApiServer.LIFETIME, java.util.List.of(),
                "no-such-realm"))) {
            Http.Answer answer = Http.get(misconfigured.uri("/channels"), ADMIN);

            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.code()).isEqualTo("unauthenticated");
        }
    }
}
