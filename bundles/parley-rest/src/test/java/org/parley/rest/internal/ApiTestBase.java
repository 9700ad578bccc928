package org.parley.rest.internal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.parley.rest.internal.Http.Auth;

/** One embedded API per test class over one fake world, back to its seed before each test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiTestBase {

    static final Auth ADMIN = Auth.user("admin");
    static final Auth VIEWER = Auth.user("viewer");
    static final Auth ALICE_FOR_ANA = Auth.bearer(ApiServer.tabToken("Contacts", "c-ana", "alice"));

    final Fakes fakes = new Fakes();
    ApiServer api;

    @BeforeAll
    void start() {
        api = new ApiServer(fakes);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @BeforeEach
    void seed() {
        fakes.seed();
    }

    Http.Answer get(String path, Auth auth) {
        return Http.get(api.uri(path), auth);
    }

    Http.Answer post(String path, Auth auth, String json) {
        return Http.send("POST", api.uri(path), auth, json);
    }

    Http.Answer put(String path, Auth auth, String json) {
        return Http.send("PUT", api.uri(path), auth, json);
    }

    Http.Answer delete(String path, Auth auth) {
        return Http.send("DELETE", api.uri(path), auth, null);
    }
}
