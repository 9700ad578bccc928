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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hand-written OpenAPI document and the code must agree: the same operations (HTTP method and path) with the same
 * access rules, every error code, and every JSON shape with the same fields. Changing one without the other fails
 * here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private JsonNode document;

    @BeforeAll
    void read() throws IOException {
        document = new ObjectMapper(new YAMLFactory()).readTree(OpenApiResource.read());
    }

    @Test
    void itIsAnOpenApi3DocumentForTheApisBase() {
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.path("servers").get(0).path("url").asText()).isEqualTo(Whiteboard.APP_BASE);
    }

    @Test
    void theOperationsAreExactlyThoseOfTheResources() {
        Set<String> documented = operations().keySet();
        Set<String> declared = ResourceMethods.all().stream().map(ResourceMethods.Operation::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(declared);
    }

    @Test
    void eachOperationDocumentsTheAccessRuleItsResourceMethodHas() {
        Map<String, JsonNode> operations = operations();
        for (ResourceMethods.Operation op : ResourceMethods.all()) {
            JsonNode access = operations.get(op.id()).path("x-parley-access");
            assertThat(access.path("need").asText() + " " + access.path("tab").asText()).as(op.id())
                    .isEqualTo(op.access().value() + " " + op.access().tab());
            boolean tabScheme = operations.get(op.id()).path("security").findValues("tabToken").size() > 0;
            assertThat(tabScheme).as(op.id() + " lists the tab token as a security scheme exactly when a tab may call it")
                    .isEqualTo(op.access().tab() != Access.TabScope.NONE);
        }
    }

    @Test
    void everyOperationDocuments401And403() {
        operations().forEach((id, operation) -> {
            assertThat(operation.path("responses").has("401")).as(id).isTrue();
            assertThat(operation.path("responses").has("403")).as(id).isTrue();
        });
    }

    @Test
    void theErrorCodesAreExactlyThoseTheApiAnswers() {
        Set<String> documented = new TreeSet<>();
        document.path("components").path("schemas").path("Error").path("properties").path("code").path("enum")
                .forEach(code -> documented.add(code.asText()));
        Set<String> answered = Arrays.stream(ErrorCode.values()).map(ErrorCode::code)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(answered);
    }

    @Test
    void everyJsonShapeHasTheFieldsOfItsView() {
        JsonNode schemas = document.path("components").path("schemas");
        Set<String> checked = new TreeSet<>();
        for (Class<?> view : Views.class.getDeclaredClasses()) {
            if (!view.isRecord()) {
                continue;
            }
            String name = view.getSimpleName().endsWith("View")
                    ? view.getSimpleName().substring(0, view.getSimpleName().length() - "View".length())
                    : view.getSimpleName();
            JsonNode schema = schemas.path(name);
            assertThat(schema.isMissingNode()).as("schema " + name + " for " + view.getSimpleName()).isFalse();
            Set<String> fields = Arrays.stream(view.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> properties = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(properties::add);
            assertThat(properties).as(name).isEqualTo(fields);
            checked.add(name);
        }
        assertThat(checked).contains("Entry", "Timeline", "Person", "Reply", "Error", "TagRequest");
    }

    @Test
    void everyReferenceResolves() {
        Set<String> refs = new TreeSet<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            JsonNode target = document.at(ref.substring(1));
            assertThat(target.isMissingNode()).as(ref).isFalse();
        });
    }

    @Test
    void theServedDocumentIsThisDocument() {
        assertThat(new OpenApiResource().document()).isEqualTo(OpenApiResource.read()).contains("openapi: 3.0.3");
    }

    /** "METHOD /path" to the operation. */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (HTTP_METHODS.contains(op.getKey())) {
                operations.put(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), op.getValue());
            }
        }));
        return operations;
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
