package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.rest.internal.Http.Auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.parley.rest.TabToken;

/**
 * Every endpoint, called with no credentials, wrong ones, each role, and tab tokens for its own contact, another
 * contact, expired and forged: 401, 403 or through, exactly as its {@link Access} rule says. The table below must
 * name every operation the resources declare.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest {

    /**
     * One operation, with a request that succeeds for a caller who may make it (on Ana's data), and what it needs.
     *
     * @param template the operation as the resources declare it
     * @param path     a concrete path on Ana's data
     * @param body     the JSON body, or null
     * @param success  the status of a permitted call
     */
    record Endpoint(String method, String template, String path, String body, int success, Access.Need need,
                    Access.TabScope tab) {
        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    static final String RULE_SET = "{\"rules\":[{\"name\":\"unhappy\",\"when\":\"sentiment < -0.3\","
            + "\"then\":\"tag person unhappy\"}]}";

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/contacts/{type}/{id}", "/contacts/Contacts/c-ana", null, 200,
                    Access.Need.READ, Access.TabScope.CONTACT),
            new Endpoint("GET", "/contacts/{type}/{id}/timeline", "/contacts/Contacts/c-ana/timeline?limit=2", null, 200,
                    Access.Need.READ, Access.TabScope.CONTACT),
            // A privacy operation: admins only, and no tab token, not even the contact's own.
            new Endpoint("GET", "/contacts/{type}/{id}/export", "/contacts/Contacts/c-ana/export", null, 200,
                    Access.Need.CHANGE, Access.TabScope.NONE),
            // Erasure: admins only, and no tab token; the list and the audit records too.
            new Endpoint("POST", "/erasures", "/erasures", "{\"records\":[\"Contacts/c-ana\"],\"reference\":\"T-1\"}",
                    201, Access.Need.CHANGE, Access.TabScope.NONE),
            new Endpoint("GET", "/erasures", "/erasures?limit=5", null, 200, Access.Need.CHANGE, Access.TabScope.NONE),
            new Endpoint("GET", "/erasures/{id}", "/erasures/1", null, 200, Access.Need.CHANGE, Access.TabScope.NONE),
            new Endpoint("POST", "/contacts/{type}/{id}/identities", "/contacts/Contacts/c-ana/identities",
                    "{\"channel\":\"bluesky\",\"handle\":\"ana.bsky.social\"}", 200, Access.Need.CHANGE,
                    Access.TabScope.NONE),
            new Endpoint("DELETE", "/contacts/{type}/{id}/identities",
                    "/contacts/Contacts/c-ana/identities?channel=telegram&handle=ana_t", null, 200, Access.Need.CHANGE,
                    Access.TabScope.NONE),
            new Endpoint("POST", "/contacts/{type}/{id}/tags", "/contacts/Contacts/c-ana/tags", "{\"tag\":\"prospect\"}",
                    200, Access.Need.CHANGE, Access.TabScope.CONTACT),
            new Endpoint("DELETE", "/contacts/{type}/{id}/tags/{tag}", "/contacts/Contacts/c-ana/tags/vip", null, 200,
                    Access.Need.CHANGE, Access.TabScope.CONTACT),
            new Endpoint("POST", "/interactions/{channel}/{externalId}/tags", "/interactions/mastodon/m1/tags",
                    "{\"tag\":\"praise\"}", 200, Access.Need.CHANGE, Access.TabScope.INTERACTION),
            new Endpoint("DELETE", "/interactions/{channel}/{externalId}/tags/{tag}",
                    "/interactions/mastodon/m1/tags/complaint", null, 200, Access.Need.CHANGE,
                    Access.TabScope.INTERACTION),
            new Endpoint("POST", "/interactions/{channel}/{externalId}/replies", "/interactions/mastodon/m2/replies",
                    "{\"text\":\"Thank you, Ana!\"}", 202, Access.Need.CHANGE, Access.TabScope.INTERACTION),
            new Endpoint("GET", "/replies/{id}", "/replies/1", null, 200, Access.Need.READ, Access.TabScope.REPLY),
            new Endpoint("POST", "/replies/{id}/approve", "/replies/2/approve", null, 200, Access.Need.CHANGE,
                    Access.TabScope.REPLY),
            new Endpoint("POST", "/replies/{id}/retry", "/replies/3/retry", null, 200, Access.Need.CHANGE,
                    Access.TabScope.NONE),
            new Endpoint("GET", "/channels", "/channels", null, 200, Access.Need.READ, Access.TabScope.NONE),
            new Endpoint("GET", "/deadletters", "/deadletters?status=all", null, 200, Access.Need.READ,
                    Access.TabScope.NONE),
            new Endpoint("POST", "/deadletters/{id}/replay", "/deadletters/1/replay", null, 200, Access.Need.CHANGE,
                    Access.TabScope.NONE),
            new Endpoint("GET", "/rules", "/rules", null, 200, Access.Need.READ, Access.TabScope.NONE),
            new Endpoint("GET", "/rules/{set}", "/rules/service", null, 200, Access.Need.READ, Access.TabScope.NONE),
            new Endpoint("PUT", "/rules/{set}", "/rules/service", RULE_SET, 200, Access.Need.CHANGE,
                    Access.TabScope.NONE),
            new Endpoint("DELETE", "/rules/{set}", "/rules/service", null, 204, Access.Need.CHANGE,
                    Access.TabScope.NONE),
            new Endpoint("POST", "/rules/{set}/check", "/rules/service/check", RULE_SET, 200, Access.Need.READ,
                    Access.TabScope.NONE),
            new Endpoint("POST", "/rules/{set}/{rule}/dry-run", "/rules/service/unhappy/dry-run", null, 200,
                    Access.Need.READ, Access.TabScope.NONE),
            new Endpoint("GET", "/openapi.yaml", "/openapi.yaml", null, 200, Access.Need.READ, Access.TabScope.NONE),
            new Endpoint("GET", "/metrics", "/metrics", null, 200, Access.Need.READ, Access.TabScope.NONE),
            new Endpoint("GET", "/health/live", "/health/live", null, 200, Access.Need.READ, Access.TabScope.NONE),
            // The seeded world is not ready (its telegram account has failed for days): a permitted caller gets 503.
            new Endpoint("GET", "/health/ready", "/health/ready", null, 503, Access.Need.READ,
                    Access.TabScope.NONE));

    static final String ANA_TOKEN = ApiServer.tabToken("Contacts", "c-ana", "alice");
    static final String BEN_TOKEN = ApiServer.tabToken("Contacts", "c-ben", "alice");

    private final Fakes fakes = new Fakes();
    private ApiServer api;

    @BeforeAll
    void start() {
        api = new ApiServer(fakes);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    static Stream<Endpoint> endpoints() {
        return ENDPOINTS.stream();
    }

    @Test
    void theTableNamesEveryOperationWithItsDeclaredRule() {
        Set<String> declared = ResourceMethods.all().stream()
                .map(op -> op.id() + " " + op.access().value() + " " + op.access().tab())
                .collect(Collectors.toSet());
        Set<String> tested = ENDPOINTS.stream().map(e -> e.method() + " " + e.template() + " " + e.need() + " " + e.tab())
                .collect(Collectors.toSet());
        assertThat(tested).isEqualTo(declared);
    }

    @Test
    void everyResourceMethodDeclaresWhoMayCallIt() {
        assertThat(ResourceMethods.all()).allSatisfy(op -> assertThat(op.access()).as(op.id()).isNotNull());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void withoutCredentials401(Endpoint e) {
        Http.Answer answer = call(e, Auth.NONE);
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.code()).isEqualTo("unauthenticated");
        assertThat(answer.header("WWW-Authenticate")).startsWith(e.tab() == Access.TabScope.NONE ? "Basic" : "Bearer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void withAWrongPassword401(Endpoint e) {
        Http.Answer answer = call(e, Auth.basic("admin", "not-the-password"));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.code()).isEqualTo("unauthenticated");
        assertThat(answer.json().path("message").asText()).isEqualTo("the user name or password is wrong");
        assertThat(answer.header("WWW-Authenticate")).startsWith("Basic");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aKarafUserWithoutAParleyRole403(Endpoint e) {
        Http.Answer answer = call(e, Auth.user("clerk"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
        assertThat(answer.code()).isEqualTo("forbidden");
        assertThat(answer.json().path("message").asText()).contains("needs role");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aViewerMayReadButNotChange(Endpoint e) {
        Http.Answer answer = call(e, Auth.user("viewer"));
        if (e.need() == Access.Need.READ) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(e.success());
        } else {
            assertThat(answer.status()).as(answer.body()).isEqualTo(403);
            assertThat(answer.code()).isEqualTo("forbidden");
            assertThat(answer.json().path("message").asText()).contains(Roles.ADMIN);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aParleyAdminMayCallIt(Endpoint e) {
        Http.Answer answer = call(e, Auth.user("admin"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(e.success());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void karafsOwnAdminCountsAsParleyAdmin(Endpoint e) {
        Http.Answer answer = call(e, Auth.user("karaf"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(e.success());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aTabTokenForTheContactIsAcceptedOnlyWhereTheRuleSays(Endpoint e) {
        Http.Answer answer = call(e, Auth.bearer(ANA_TOKEN));
        if (e.tab() == Access.TabScope.NONE) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(403);
            assertThat(answer.json().path("message").asText()).contains("a tab token does not give access");
        } else {
            assertThat(answer.status()).as(answer.body()).isEqualTo(e.success());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aTabTokenForAnotherContact403(Endpoint e) {
        Http.Answer answer = call(e, Auth.bearer(BEN_TOKEN));
        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
        assertThat(answer.code()).isEqualTo("forbidden");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void anExpiredTabToken401TokenExpired(Endpoint e) {
        String expired = new TabToken("Contacts", "c-ana", "alice", ApiServer.NOW.minusSeconds(1))
                .sign(ApiServer.SECRET.getBytes(StandardCharsets.UTF_8));
        Http.Answer answer = call(e, Auth.bearer(expired));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.code()).isEqualTo("token_expired");
        assertThat(answer.header("WWW-Authenticate")).contains("invalid_token");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aForgedTabToken401(Endpoint e) {
        String forged = new TabToken("Contacts", "c-ana", "alice", ApiServer.NOW.plus(Duration.ofMinutes(5)))
                .sign("another-secret-that-is-long-enough-0123456789".getBytes(StandardCharsets.UTF_8));
        Http.Answer answer = call(e, Auth.bearer(forged));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.code()).isEqualTo("unauthenticated");
        assertThat(answer.body()).doesNotContain(forged);
    }

    /** Each call starts from the same world, so that changes made by one caller do not decide the next. */
    private Http.Answer call(Endpoint e, Auth auth) {
        fakes.seed();
        return Http.send(e.method(), api.uri(e.path()), auth, e.body());
    }
}
