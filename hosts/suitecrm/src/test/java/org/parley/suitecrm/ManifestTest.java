package org.parley.suitecrm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.crm.suitecrm.internal.SuiteCrmConfig;

/**
 * The manifest as the Module Loader reads it: the versions it accepts, and custom fields that are exactly those the
 * SuiteCRM connector reads and writes by default (read from {@link SuiteCrmConfig}'s defaults, so a renamed field
 * there fails here), plus a handle field for each of Parley's other handle channels.
 */
class ManifestTest {

    /** Channels with handles; e-mail is SuiteCRM's own field. Meta's one channel covers Facebook, Instagram, WhatsApp. */
    private static final List<String> HANDLE_CHANNELS = List.of("mastodon", "bluesky", "telegram", "meta", "wechat", "x");

    private static JsonNode manifest;
    private static JsonNode installdefs;

    @BeforeAll
    static void load() {
        JsonNode both = Php.script("dump-manifest.php", null, Php.packageSources().toString());
        manifest = both.get("manifest");
        installdefs = both.get("installdefs");
    }

    @Test
    void acceptsSuiteCrm7AndTheLegacyLoaderOf8() {
        // SuiteCRM 7 compares acceptable_sugar_versions with $sugar_version, 6.5.25 on 7.14.
        assertThat(matches(manifest.get("acceptable_sugar_versions"), "6.5.25")).isTrue();
        assertThat(matches(manifest.get("acceptable_sugar_versions"), "7.14.6")).isFalse();
        JsonNode suite = manifest.get("acceptable_suitecrm_versions");
        for (String accepted : List.of("7.10.0", "7.14.6", "8.8.0")) {
            assertThat(matches(suite, accepted)).as(accepted).isTrue();
        }
        for (String refused : List.of("7.9.9", "6.5.25", "9.0.0")) {
            assertThat(matches(suite, refused)).as(refused).isFalse();
        }
        assertThat(manifest.get("type").asText()).isEqualTo("module");
        assertThat(manifest.get("is_uninstallable").asBoolean()).isTrue();
        assertThat(installdefs.get("id").asText()).isEqualTo("parley");
    }

    @Test
    void createsTheFieldsTheConnectorUses() throws Exception {
        Map<String, Set<String>> fields = fieldsByModule();
        Set<String> connector = new TreeSet<>();
        for (String pair : defaultOf("handleFields").split(",")) {
            String field = pair.substring(pair.indexOf('=') + 1).trim();
            if (!field.isEmpty()) {
                connector.add(field);
            }
        }
        connector.add(defaultOf("engagementField"));
        connector.add(defaultOf("sentimentField"));
        assertThat(connector).contains("mastodon_handle_c", "parley_engagement_c", "parley_sentiment_c");

        Set<String> expected = new TreeSet<>(connector);
        HANDLE_CHANNELS.forEach(channel -> expected.add(channel + "_handle_c"));
        // The connector looks people up, creates Leads and writes scores in both modules.
        assertThat(fields.get("Contacts")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(fields.get("Leads")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(fields.get("Notes")).containsExactly(defaultOf("noteKeyField"));
        assertThat(fields.keySet()).containsExactlyInAnyOrder("Contacts", "Leads", "Notes");
    }

    @Test
    void scoreFieldsHoldTheScoresRange() {
        for (JsonNode field : installdefs.get("custom_fields")) {
            String name = field.get("name").asText();
            if (name.equals("parley_engagement_c")) {
                // decimal(7,4): 100.0000 fits.
                assertThat(field.get("type").asText()).isEqualTo("decimal");
                assertThat(field.get("max_size").asInt() - field.get("precision").asInt()).isGreaterThanOrEqualTo(3);
            } else if (name.equals("parley_sentiment_c")) {
                assertThat(field.get("type").asText()).isEqualTo("decimal");
                assertThat(field.get("max_size").asInt() - field.get("precision").asInt()).isGreaterThanOrEqualTo(1);
            }
            if (name.startsWith("parley_") && !name.equals("parley_key_c")) {
                // The connector writes four decimals.
                assertThat(field.get("precision").asInt()).as(name).isEqualTo(4);
            }
        }
    }

    @Test
    void everyLabelHasAnEnglishString() {
        Set<String> labels = new LinkedHashSet<>();
        installdefs.get("custom_fields").forEach(f -> labels.add(f.get("module").asText() + ":" + f.get("label").asText()));
        Map<String, String> languageFiles = new HashMap<>();
        installdefs.get("language").forEach(l -> languageFiles.put(l.get("to_module").asText(),
                l.get("from").asText().replace("<basepath>/", "")));
        for (String moduleLabel : labels) {
            String module = moduleLabel.substring(0, moduleLabel.indexOf(':'));
            String label = moduleLabel.substring(module.length() + 1);
            assertThat(languageFiles).as(module).containsKey(module);
            String text = readSource(languageFiles.get(module));
            assertThat(text).as("%s in %s", label, module).contains("$mod_strings['" + label + "']");
        }
        String contacts = readSource(languageFiles.get("Contacts"));
        for (String label : List.of("LBL_PARLEY_SOCIAL_PANEL", "LBL_PARLEY_SOCIAL", "LBL_PARLEY_NOT_CONFIGURED",
                "LBL_PARLEY_MISCONFIGURED", "LBL_PARLEY_UNAVAILABLE")) {
            assertThat(contacts).contains("$mod_strings['" + label + "']");
        }
    }

    private static String readSource(String relative) {
        try {
            return java.nio.file.Files.readString(Php.packageSources().resolve(relative));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Set<String>> fieldsByModule() {
        Map<String, Set<String>> byModule = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (JsonNode field : installdefs.get("custom_fields")) {
            String name = field.get("name").asText();
            names.add(field.get("module").asText() + "." + name);
            // Named with SuiteCRM's _c suffix, so a second install updates the field instead of adding another.
            assertThat(name).endsWith("_c");
            byModule.computeIfAbsent(field.get("module").asText(), m -> new TreeSet<>()).add(name);
        }
        assertThat(names).doesNotHaveDuplicates();
        return byModule;
    }

    private static String defaultOf(String attribute) throws NoSuchMethodException {
        return (String) SuiteCrmConfig.class.getMethod(attribute).getDefaultValue();
    }

    /** As SuiteCRM's PackageManager: an exact match, or any regex_matches pattern found in the version. */
    private static boolean matches(JsonNode versions, String version) {
        for (JsonNode exact : versions.path("exact_matches")) {
            if (exact.asText().equals(version)) {
                return true;
            }
        }
        for (JsonNode regex : versions.path("regex_matches")) {
            if (Pattern.compile(regex.asText()).matcher(version).find()) {
                return true;
            }
        }
        return false;
    }
}
