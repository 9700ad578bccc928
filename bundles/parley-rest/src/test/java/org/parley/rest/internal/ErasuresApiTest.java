package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.parley.api.PersonErasure;
import org.parley.rest.internal.Http.Auth;

/** POST, GET /erasures and GET /erasures/{id}: a person's erasure and its audit records, admins only. */
class ErasuresApiTest extends ApiTestBase {

    private static final Set<String> AUDIT_FIELDS = Set.of("id", "requestedBy", "reference", "erasedAt", "identities",
            "interactions", "replies", "tags", "crmRemovals", "crmRemovalsLeft", "crmRemovalsFailed", "status",
            "completedAt");

    @Test
    void anAdminErasesEachRecordOnceAsItself() {
        Http.Answer answer = post("/erasures", ADMIN, "{\"records\":[\"Contacts/c-ana\",\"Leads/l-7\","
                + "\"Contacts/c-ana\"],\"reference\":\" TICKET-1 \"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(fakes.erasureCalls).extracting(c -> c.person().type(), c -> c.person().id(),
                Fakes.ErasureCall::requestedBy, Fakes.ErasureCall::reference).containsExactly(
                tuple("Contacts", "c-ana", "karaf:admin", "TICKET-1"),
                tuple("Leads", "l-7", "karaf:admin", "TICKET-1"));
        JsonNode erasures = answer.json().path("erasures");
        assertThat(erasures).hasSize(2);
        JsonNode ana = erasures.get(0);
        assertThat(TimelineApiTest.fieldNames(ana)).containsExactlyInAnyOrderElementsOf(
                union(AUDIT_FIELDS, Set.of("record")));
        assertThat(ana.path("record").asText()).isEqualTo("Contacts/c-ana");
        assertThat(ana.path("id").asLong()).isEqualTo(2);
        assertThat(ana.path("requestedBy").asText()).isEqualTo("karaf:admin");
        assertThat(ana.path("reference").asText()).isEqualTo("TICKET-1");
        assertThat(ana.path("erasedAt").asText()).isEqualTo(ApiServer.NOW.toString());
        assertThat(ana.path("identities").asInt()).isEqualTo(3);
        assertThat(ana.path("interactions").asInt()).isEqualTo(4);
        assertThat(ana.path("replies").asInt()).isEqualTo(3);
        assertThat(ana.path("tags").asInt()).isEqualTo(1);
        assertThat(ana.path("crmRemovals").asInt()).isEqualTo(4);
        assertThat(ana.path("crmRemovalsLeft").asInt()).isEqualTo(4);
        assertThat(ana.path("status").asText()).isEqualTo("CRM_PENDING");
        assertThat(ana.get("completedAt").isNull()).isTrue();
        JsonNode unknown = erasures.get(1);
        assertThat(unknown.path("record").asText()).isEqualTo("Leads/l-7");
        assertThat(unknown.path("interactions").asInt()).isZero();
        assertThat(unknown.path("status").asText()).isEqualTo("COMPLETE");

        assertThat(get("/contacts/Contacts/c-ana", ADMIN).json().path("identities")).as("Ana is gone").isEmpty();
    }

    @Test
    void karafsAdminRequestsUnderItsOwnName() {
        Http.Answer answer = post("/erasures", Auth.user("karaf"), "{\"records\":[\"Contacts/c-ben\"]}");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(fakes.erasureCalls).extracting(Fakes.ErasureCall::requestedBy, Fakes.ErasureCall::reference)
                .containsExactly(tuple("karaf:karaf", null));
        assertThat(answer.json().path("erasures").get(0).get("reference").isNull()).isTrue();
    }

    @Test
    void withoutCredentials401() {
        Http.Answer answer = post("/erasures", Auth.NONE, "{\"records\":[\"Contacts/c-ana\"]}");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.code()).isEqualTo("unauthenticated");
        assertThat(get("/erasures", Auth.NONE).status()).isEqualTo(401);
        assertThat(fakes.erasureCalls).isEmpty();
    }

    @Test
    void aViewerAndTheContactsOwnTabTokenAreRefused() {
        for (Auth refused : new Auth[] {VIEWER, ALICE_FOR_ANA}) {
            Http.Answer erase = post("/erasures", refused, "{\"records\":[\"Contacts/c-ana\"]}");
            assertThat(erase.status()).as(refused.toString()).isEqualTo(403);
            assertThat(erase.code()).isEqualTo("forbidden");
            assertThat(get("/erasures", refused).status()).isEqualTo(403);
            assertThat(get("/erasures/1", refused).status()).isEqualTo(403);
        }
        assertThat(fakes.erasureCalls).isEmpty();
    }

    @Test
    void badBodiesAre400AndEraseNothing() {
        String tooMany = IntStream.rangeClosed(1, ErasuresResource.MAX_RECORDS + 1).mapToObj(i -> "\"Leads/" + i + "\"")
                .collect(Collectors.joining(",", "{\"records\":[", "]}"));
        record Bad(String body, String message) {
        }
        for (Bad bad : new Bad[] {
                new Bad("{\"records\":[\"Contacts/c-ana\",\"Accounts/a1\"]}",
                        "records[1] 'Accounts/a1' must be \"Contacts/ID\" or \"Leads/ID\""),
                new Bad("{\"records\":[\"Contacts/c-ana\",\"c-ben\"]}", "records[1] 'c-ben' must be"),
                new Bad("{\"records\":[\"Contacts/c-ana\",\"Leads/\"]}", "records[1]: contact id must be 1 to 255"),
                new Bad("{\"records\":[\"Contacts/a|b\"]}", "records[0]: contact id must be"),
                new Bad("{\"records\":[\"Contacts/c-ana\",null]}", "records[1] is null"),
                new Bad("{\"records\":[]}", "'records' is required"),
                new Bad("{\"reference\":\"T-1\"}", "'records' is required"),
                new Bad(tooMany, "'records' has 1001 entries; at most 1000"),
                new Bad("{\"records\":[\"Contacts/c-ana\"],\"reference\":\"" + "T".repeat(256) + "\"}",
                        "'reference' is 256 characters long; at most 255"),
                new Bad("{\"records\":[\"Contacts/c-ana\"],\"reference\":\"T-1\\nJane Doe\"}",
                        "'reference' must be one line"),
                new Bad("{\"records\":[\"Contacts/c-ana\"],\"person\":\"Ana\"}", "unknown field 'person'"),
                new Bad("{\"records\":\"Contacts/c-ana\"}", "field 'records' has the wrong JSON type"),
                new Bad("{\"records\":[{\"a\":1}]}", "field 'records' has the wrong JSON type"),
                new Bad("{\"records\":[\"Contacts/c-ana\"", "not valid JSON"),
                new Bad("", "it is empty")}) {
            Http.Answer answer = post("/erasures", ADMIN, bad.body());
            assertThat(answer.status()).as(bad.message() + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.code()).isEqualTo("invalid_request");
            assertThat(answer.json().path("message").asText()).as(bad.body()).contains(bad.message());
        }
        assertThat(fakes.erasureCalls).isEmpty();
        assertThat(fakes.links).as("Ana is still there").containsValue(Fakes.ANA);
    }

    @Test
    void aStoreFailurePartWaySaysWhichRecordsWereErased() {
        fakes.erasureFailsOn = "c-ben";

        Http.Answer answer = post("/erasures", ADMIN,
                "{\"records\":[\"Contacts/c-ana\",\"Contacts/c-ben\",\"Leads/l-7\"]}");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.code()).isEqualTo("internal_error");
        assertThat(answer.json().path("message").asText()).contains("Contacts/c-ben could not be erased",
                "the 1 records before it were erased (audit records [2])", "the 2 from it on were not",
                "reference").doesNotContain("database");
        assertThat(fakes.erasureCalls).extracting(c -> c.person().id()).containsExactly("c-ana", "c-ben");
    }

    @Test
    void theListIsNewestFirstWithinTheLimit() {
        post("/erasures", ADMIN, "{\"records\":[\"Contacts/c-ana\",\"Contacts/c-ben\"],\"reference\":\"T-2\"}");

        Http.Answer all = get("/erasures", ADMIN);
        assertThat(all.status()).isEqualTo(200);
        JsonNode erasures = all.json().path("erasures");
        assertThat(erasures).extracting(e -> e.path("id").asLong()).containsExactly(3L, 2L, 1L);
        assertThat(TimelineApiTest.fieldNames(erasures.get(0))).containsExactlyInAnyOrderElementsOf(AUDIT_FIELDS);
        assertThat(all.body()).as("no record identifiers in the audit").doesNotContain("c-ana", "c-ben");
        JsonNode first = erasures.get(2);
        assertThat(first.path("status").asText()).isEqualTo("COMPLETE");
        assertThat(first.path("completedAt").asText()).isEqualTo(Fakes.T0.minusSeconds(86_000).toString());

        assertThat(get("/erasures?limit=2", ADMIN).json().path("erasures")).hasSize(2);
        assertThat(get("/erasures?limit=501", ADMIN).status()).isEqualTo(400);
        assertThat(get("/erasures?limit=0", ADMIN).status()).isEqualTo(400);
    }

    @Test
    void oneAuditRecordById() {
        Http.Answer answer = get("/erasures/1", ADMIN);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode one = answer.json();
        assertThat(TimelineApiTest.fieldNames(one)).containsExactlyInAnyOrderElementsOf(AUDIT_FIELDS);
        assertThat(one.path("reference").asText()).isEqualTo("GDPR-1");
        assertThat(one.path("requestedBy").asText()).isEqualTo("karaf:admin");
        assertThat(one.path("crmRemovals").asInt()).isEqualTo(2);
    }

    @Test
    void anUnknownErasureIs404AndANonNumberIs400() {
        Http.Answer unknown = get("/erasures/99", ADMIN);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("not_found");
        assertThat(unknown.json().path("message").asText()).isEqualTo("there is no erasure 99");

        assertThat(get("/erasures/abc", ADMIN).status()).isEqualTo(400);
    }

    @Test
    void theDocumentedAuditRecordHasTheFieldsOfTheApisRecord() throws IOException {
        JsonNode schema = new ObjectMapper(new YAMLFactory()).readTree(OpenApiResource.read())
                .path("components").path("schemas").path("Erasure");
        Set<String> properties = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> fields = Arrays.stream(PersonErasure.Erasure.class.getRecordComponents())
                .map(RecordComponent::getName).collect(Collectors.toCollection(TreeSet::new));
        fields.add("status");
        assertThat(properties).isEqualTo(fields).isEqualTo(new TreeSet<>(AUDIT_FIELDS));
        assertThat(schema.path("properties").path("status").path("enum")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(Arrays.stream(PersonErasure.Status.values()).map(Enum::name).toList());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
