package org.parley.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.parley.rules.RuleSetFiles.RuleText;

/** The admins' rules through the API: as they are in force, written as files, checked, dry-run. */
class RulesApiTest extends ApiTestBase {

    @Test
    void everySetWithItsRulesOrWhyItIsRefused() {
        JsonNode sets = get("/rules", VIEWER).json().path("sets");

        assertThat(sets).hasSize(2);
        JsonNode broken = sets.get(0);
        assertThat(broken.path("name").asText()).isEqualTo("broken");
        assertThat(broken.path("refused").asBoolean()).isTrue();
        assertThat(broken.path("problems").get(0).asText()).contains("x.when, column 5");
        JsonNode unhappy = sets.get(1).path("rules").get(0);
        assertThat(unhappy.path("id").asText()).isEqualTo("service/unhappy");
        assertThat(unhappy.path("active").asBoolean()).isTrue();
        assertThat(unhappy.path("then").asText()).isEqualTo("tag person unhappy; flag for reply");
        assertThat(get("/rules/service", VIEWER).json().path("rules")).hasSize(1);
        assertThat(get("/rules/nope", VIEWER).status()).isEqualTo(404);
    }

    @Test
    void aWrittenSetBecomesItsFileCreatedThenReplaced() {
        String body = "{\"enabled\":true,\"rules\":[{\"name\":\"fan\",\"when\":\"sentiment > 0.5\","
                + "\"then\":\"tag person fan\",\"enabled\":false},{\"name\":\"lead\",\"when\":\"text has \\\"price\\\"\","
                + "\"then\":\"make lead\"}]}";

        Http.Answer created = put("/rules/marketing", ADMIN, body);
        Http.Answer replaced = put("/rules/marketing", ADMIN, body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("file").asText()).isEqualTo("etc/org.parley.rules-marketing.cfg");
        assertThat(created.json().path("rules").asInt()).isEqualTo(2);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(fakes.ruleFiles.get("marketing")).containsExactly(
                new RuleText("fan", "sentiment > 0.5", "tag person fan", false),
                new RuleText("lead", "text has \"price\"", "make lead", true));
    }

    @Test
    void aSetWithAProblemIsRefusedWithItAndNothingIsWritten() {
        String body = "{\"rules\":[{\"name\":\"bad\",\"when\":\" \",\"then\":\"make lead\"}]}";

        Http.Answer refused = put("/rules/marketing", ADMIN, body);
        Http.Answer checked = post("/rules/marketing/check", VIEWER, body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("invalid_request");
        assertThat(refused.json().path("message").asText()).isEqualTo("rule set 'marketing' refused, nothing was "
                + "written: org.parley.rules-marketing: bad.when: the condition is empty");
        assertThat(fakes.ruleFiles).doesNotContainKey("marketing");
        assertThat(checked.status()).isEqualTo(200);
        assertThat(checked.json().path("valid").asBoolean()).isFalse();
        assertThat(checked.json().path("problems").get(0).asText()).endsWith("bad.when: the condition is empty");
        assertThat(put("/rules/marketing", ADMIN, "{\"enabled\":true}").status()).isEqualTo(400);
    }

    @Test
    void deletingASetRemovesItsFileOnce() {
        assertThat(delete("/rules/service", ADMIN).status()).isEqualTo(204);
        assertThat(fakes.ruleFiles).doesNotContainKey("service");
        Http.Answer again = delete("/rules/service", ADMIN);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().path("message").asText()).contains("etc/org.parley.rules-service.cfg");
    }

    @Test
    void aDryRunSaysWhatTheRuleWouldHaveMatchedAndDone() {
        Http.Answer answer = post("/rules/service/unhappy/dry-run?examples=1", VIEWER, null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode run = answer.json();
        assertThat(run.path("ruleId").asText()).isEqualTo("service/unhappy");
        assertThat(run.path("scanned").asLong()).isEqualTo(fakes.interactions.size());
        assertThat(run.path("matched").asLong()).isPositive();
        assertThat(run.path("examples")).hasSize(1);
        assertThat(run.path("examples").get(0).path("key").asText()).isEqualTo("mastodon:m1");
        assertThat(run.path("actions").path("FLAG_FOR_REPLY").asLong()).isEqualTo(run.path("matched").asLong());
        assertThat(post("/rules/service/nope/dry-run", VIEWER, null).status()).isEqualTo(404);
        assertThat(post("/rules/service/unhappy/dry-run?limit=5000", VIEWER, null).status()).isEqualTo(400);
    }
}
