package org.parley.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.rules.RuleSetFiles.RuleSetRefusedException;
import org.parley.rules.RuleSetFiles.RuleText;

/** Rule sets saved through the API become the same files admins write by hand, or nothing at all. */
class EtcRuleSetFilesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path etc;

    private EtcRuleSetFiles files() {
        return new EtcRuleSetFiles(etc, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static final List<RuleText> SERVICE = List.of(
            new RuleText("unhappy", "sentiment < -0.3 and text has any of \"refund\", \"退款\", \"reembolso\"",
                    "tag person unhappy; flag for reply", true),
            new RuleText("prospect", "text matches /\\bprices?\\b/", "tag interaction pricing; make lead", false));

    @Test
    void aValidSetBecomesTheFileKarafReadsAndReadsBackAsTheSameRules() throws IOException {
        boolean created = files().write("service", true, SERVICE, "padmin");

        assertThat(created).isTrue();
        Path file = etc.resolve("org.parley.rules-service.cfg");
        Properties written = load(file);
        assertThat(written).containsEntry("enabled", "true")
                .containsEntry("unhappy.when", "sentiment < -0.3 and text has any of \"refund\", \"退款\", \"reembolso\"")
                .containsEntry("unhappy.then", "tag person unhappy; flag for reply")
                .containsEntry("prospect.when", "text matches /\\bprices?\\b/")
                .containsEntry("prospect.enabled", "false");
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("by padmin at 2026-11-23T12:00:00Z").contains("\\u9000\\u6B3E");
        assertThat(text.indexOf("unhappy.when")).as("rules in the order given").isLessThan(text.indexOf("prospect.when"));
        assertThat(etc).isDirectoryNotContaining("glob:**.tmp");

        Map<String, Object> properties = new HashMap<>();
        written.forEach((k, v) -> properties.put((String) k, v));
        RuleSet read = RuleSetReader.read("org.parley.rules-service", "service", "true", properties, NOW);
        assertThat(read.problems()).isEmpty();
        assertThat(read.rules()).extracting(r -> r.id).containsExactlyInAnyOrder("service/unhappy", "service/prospect");
    }

    @Test
    void savingAgainReplacesTheFileWhole() throws IOException {
        files().write("service", true, SERVICE, "padmin");

        boolean created = files().write("service", false, List.of(SERVICE.get(0)), "kadmin");

        assertThat(created).isFalse();
        Properties written = load(etc.resolve("org.parley.rules-service.cfg"));
        assertThat(written).containsEntry("enabled", "false").doesNotContainKey("prospect.when");
    }

    @Test
    void aSetWithAnErrorIsRefusedWithTheRuleTheColumnAndTheReasonAndNothingIsWritten() {
        List<RuleText> broken = List.of(new RuleText("bad", "sentiment < ", "flag for reply", true));

        assertThatThrownBy(() -> files().write("service", true, broken, "padmin"))
                .isInstanceOfSatisfying(RuleSetRefusedException.class, e -> assertThat(e.problems())
                        .singleElement().asString().startsWith("org.parley.rules-service: bad.when, column"));
        assertThat(etc).isEmptyDirectory();
    }

    @Test
    void karafPlaceholdersTwiceGivenRulesAndBadSetNamesAreRefused() {
        assertThat(files().check("service", true, List.of(new RuleText("r", "text has \"${karaf.home}\"",
                "flag for reply", true)))).anySatisfy(p -> assertThat(p).contains("r.when: '${' is not allowed"));
        assertThat(files().check("service", true, List.of(SERVICE.get(0), SERVICE.get(0))))
                .anySatisfy(p -> assertThat(p).contains("rule 'unhappy' is given twice"));
        assertThat(files().check("../../etc/passwd", true, SERVICE))
                .singleElement().asString().contains("is not a rule set name");
        assertThat(files().delete("../x")).isFalse();
    }

    @Test
    void deletingRemovesTheFileOnce() {
        files().write("service", true, SERVICE, "padmin");

        assertThat(files().delete("service")).isTrue();
        assertThat(files().delete("service")).isFalse();
        assertThat(etc).isEmptyDirectory();
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }
}
