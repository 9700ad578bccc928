package org.parley.rules.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.parley.rules.RuleSetFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RuleSetFiles} in Karaf's {@code etc/} directory ({@code karaf.etc}). A file is written to a hidden temporary
 * name and moved into place, so Karaf's configuration poll never reads half of one.
 */
@Component(service = RuleSetFiles.class)
public final class EtcRuleSetFiles implements RuleSetFiles {

    private static final Logger LOG = LoggerFactory.getLogger(EtcRuleSetFiles.class);
    private static final Pattern SET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path etc;
    private final Clock clock;

    @Activate
    public EtcRuleSetFiles() {
        this(etcDirectory(), Clock.systemUTC());
    }

    EtcRuleSetFiles(Path etc, Clock clock) {
        this.etc = etc;
        this.clock = clock;
    }

    private static Path etcDirectory() {
        String etc = System.getProperty("karaf.etc");
        if (etc == null || etc.isBlank()) {
            throw new IllegalStateException("karaf.etc is not set: rule set files can only be written inside Karaf");
        }
        return Path.of(etc);
    }

    @Override
    public List<String> check(String set, boolean enabled, List<RuleText> rules) {
        String source = RuleSetConfig.PID + "-" + set;
        if (set == null || !SET_NAME.matcher(set).matches()) {
            return List.of(source + ": '" + set + "' is not a rule set name: 1 to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        List<String> problems = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (RuleText rule : rules) {
            if (rule.name() != null && !names.add(rule.name())) {
                problems.add(source + ": rule '" + rule.name() + "' is given twice");
            }
        }
        Map<String, String> properties = properties(enabled, rules);
        properties.forEach((key, value) -> {
            // Karaf interpolates ${...} in configuration values: a rule could read another setting or a system property.
            if (value.contains("${")) {
                problems.add(source + ": " + key + ": '${' is not allowed (Karaf would replace it)");
            }
        });
        problems.addAll(RuleSetReader.read(source, set, Boolean.toString(enabled), properties, clock.instant())
                .problems());
        return problems;
    }

    @Override
    public boolean write(String set, boolean enabled, List<RuleText> rules, String author) {
        List<String> problems = check(set, enabled, rules);
        if (!problems.isEmpty()) {
            throw new RuleSetRefusedException(problems);
        }
        Path file = file(set);
        Path temporary = etc.resolve("." + file.getFileName() + ".tmp");
        boolean created = !Files.exists(file);
        try {
            Files.write(temporary, content(enabled, rules, author));
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        LOG.info("Rule set {} {} by {} ({} rules)", set, created ? "created" : "replaced", author, rules.size());
        return created;
    }

    @Override
    public boolean delete(String set) {
        if (set == null || !SET_NAME.matcher(set).matches()) {
            return false;
        }
        try {
            boolean deleted = Files.deleteIfExists(file(set));
            if (deleted) {
                LOG.info("Rule set {} deleted", set);
            }
            return deleted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file(set) + ": " + e.getMessage(), e);
        }
    }

    Path file(String set) {
        return etc.resolve(RuleSetConfig.PID + "-" + set + ".cfg");
    }

    private static Map<String, String> properties(boolean enabled, List<RuleText> rules) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("enabled", Boolean.toString(enabled));
        for (RuleText rule : rules) {
            String name = rule.name() == null ? "" : rule.name();
            properties.put(name + ".when", rule.when() == null ? "" : rule.when());
            properties.put(name + ".then", rule.then() == null ? "" : rule.then());
            properties.put(name + ".enabled", Boolean.toString(rule.enabled()));
        }
        return properties;
    }

    /** Java properties as Karaf reads them: ISO-8859-1 with \\u escapes, in the order the rules were given. */
    private byte[] content(boolean enabled, List<RuleText> rules, String author) throws IOException {
        Map<String, String> properties = properties(enabled, rules);
        Properties ordered = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public Set<Map.Entry<Object, Object>> entrySet() {
                List<Map.Entry<Object, Object>> entries = new ArrayList<>(super.entrySet());
                List<String> order = new ArrayList<>(properties.keySet());
                entries.sort(Comparator.comparingInt(e -> order.indexOf((String) e.getKey())));
                return Collections.unmodifiableSet(new LinkedHashSet<>(entries));
            }
        };
        ordered.putAll(properties);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ordered.store(out, "Written through Parley's API by " + oneLine(author) + " at " + clock.instant()
                + "\nEdit it here or through the API: the next save through the API replaces it whole.");
        // Properties.store adds the current date as a second comment: the header above already says when.
        String text = out.toString(StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(text.lines().toList());
        lines.remove(2);
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String oneLine(String text) {
        return text == null ? "(unknown)" : text.replaceAll("[\\p{Cntrl}]", " ");
    }
}
