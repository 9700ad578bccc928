package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.parley.api.ContactRef;
import org.parley.api.Interaction;
import org.parley.api.InteractionKey;
import org.parley.api.PersonExport;
import org.parley.api.Reply;
import org.parley.api.SocialIdentity;

/** GET /contacts/{type}/{id}/export: the person's whole export, admins only, in the documented shape. */
class ExportApiTest extends ApiTestBase {

    @Test
    void anAdminGetsEverythingAboutThePersonAsJson() {
        Http.Answer answer = get("/contacts/Contacts/c-ana/export", ADMIN);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode json = answer.json();
        assertThat(TimelineApiTest.fieldNames(json)).containsExactlyInAnyOrder("person", "exportedAt", "identities",
                "interactions", "replies", "tags", "scores", "linkReviews", "crmWrites");
        assertThat(json.path("person").path("id").asText()).isEqualTo("c-ana");
        assertThat(json.path("exportedAt").asText()).isEqualTo(ApiServer.NOW.toString());
        assertThat(json.path("identities")).extracting(i -> i.path("handle").asText())
                .containsExactlyInAnyOrder("ana@example.org", "ana@social.example", "ana_t");
        assertThat(json.path("identities")).extracting(i -> i.path("email").asText()).contains("ana@example.org");
        assertThat(json.path("interactions")).hasSize(4);
        JsonNode m1 = json.path("interactions").get(0);
        assertThat(m1.path("interaction").path("externalId").asText()).isEqualTo("m1");
        assertThat(m1.path("interaction").path("raw").asText()).isEqualTo("{\"id\":\"m1\"}");
        assertThat(m1.path("interaction").path("occurredAt").asText()).isEqualTo("2026-11-20T08:00:00Z");
        assertThat(m1.path("tags").get(0).path("name").asText()).isEqualTo("complaint");
        assertThat(json.path("replies")).extracting(r -> r.path("text").asText())
                .containsExactly("Sorry! Looking into it.", "Glad it arrived!", "您好！");
        assertThat(json.path("replies").get(0).path("inReplyTo").path("externalId").asText()).isEqualTo("m1");
        assertThat(json.path("scores").path("engagement").asDouble()).isEqualTo(62.5);
        assertThat(answer.body()).doesNotContain("ben@social.example", "Hi Ben");
    }

    @Test
    void aPersonParleyKnowsNothingAboutIsAnEmptyExportNotAnError() {
        JsonNode json = get("/contacts/Leads/nobody/export", ADMIN).json();

        assertThat(json.path("identities")).isEmpty();
        assertThat(json.path("interactions")).isEmpty();
        assertThat(json.get("scores").isNull()).isTrue();
    }

    @Test
    void aViewerAndTheContactsOwnTabTokenAreRefused() {
        assertThat(get("/contacts/Contacts/c-ana/export", VIEWER).status()).isEqualTo(403);
        Http.Answer tab = get("/contacts/Contacts/c-ana/export", ALICE_FOR_ANA);
        assertThat(tab.status()).isEqualTo(403);
        assertThat(tab.body()).doesNotContain("ana@social.example");
    }

    @Test
    void aBadRecordIs400() {
        Http.Answer answer = get("/contacts/Con%7Ctacts/c-ana/export", ADMIN);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo("invalid_request");
    }

    @Test
    void theDocumentedSchemasHaveTheFieldsOfTheExportsRecords() throws IOException {
        JsonNode schemas = new ObjectMapper(new YAMLFactory()).readTree(OpenApiResource.read())
                .path("components").path("schemas");
        Map<String, Class<?>> shapes = Map.ofEntries(
                Map.entry("PersonExport", PersonExport.Export.class),
                Map.entry("Contact", PersonExport.Person.class),
                Map.entry("ExportIdentity", PersonExport.LinkedIdentity.class),
                Map.entry("ExportTag", PersonExport.TagMark.class),
                Map.entry("ExportInteraction", PersonExport.StoredInteraction.class),
                Map.entry("ExportInteractionRecord", Interaction.class),
                Map.entry("ExportSocialIdentity", SocialIdentity.class),
                Map.entry("ExportRuleAction", PersonExport.RuleActionMark.class),
                Map.entry("InteractionKey", InteractionKey.class),
                Map.entry("ExportReply", Reply.class),
                Map.entry("ExportScores", PersonExport.Scores.class),
                Map.entry("ExportContactRef", ContactRef.class),
                Map.entry("ExportLinkReview", PersonExport.LinkReview.class),
                Map.entry("ExportCrmWrite", PersonExport.CrmWrite.class));
        shapes.forEach((name, record) -> {
            Set<String> fields = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> properties = new TreeSet<>();
            schemas.path(name).path("properties").fieldNames().forEachRemaining(properties::add);
            assertThat(properties).as(name).isEqualTo(fields);
        });
    }
}
