package org.parley.sentiment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.api.LanguageDetector;
import org.parley.api.SentimentAnalyzer;

/**
 * Checks the packaged bundle (failsafe, after {@code package}): Lingua and fastutil are inlined only in part, so a class
 * they need could be missing, which no unit test (they run on the whole jars) would notice.
 * <ol>
 * <li>jdeps lists what every class in the bundle and its embedded jars refers to. Of the classes reachable from
 * Parley's own, none may be missing from a package the bundle contains, and every other package they use must be in
 * Import-Package (optional or not). (The glob patterns also take in a few classes nothing reaches; they are never
 * loaded.)</li>
 * <li>The bundle's own classes, in a class loader that sees nothing else but Parley's API, slf4j and the JDK, load the
 * models and lexicons from the bundle, detect languages and score texts.</li>
 * </ol>
 */
class BundleClosureIT {

    @TempDir
    static Path dir;
    private static Path bundle;
    private static List<Path> embedded;
    private static String imports;

    @BeforeAll
    static void open() throws IOException {
        bundle = Path.of(System.getProperty("parley.bundle", "target/parley-sentiment.jar"));
        embedded = new ArrayList<>();
        try (JarFile jar = new JarFile(bundle.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Bundle-ClassPath");
            imports = jar.getManifest().getMainAttributes().getValue("Import-Package");
            for (String entry : classPath.split(",")) {
                if (entry.equals(".")) {
                    continue;
                }
                Path out = dir.resolve(entry);
                try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                embedded.add(out);
            }
        }
    }

    @Test
    void noClassReferredToIsMissing() throws IOException {
        Set<String> bundlePackages = new TreeSet<>();
        List<Path> all = new ArrayList<>(embedded);
        all.add(0, bundle);
        for (Path p : all) {
            try (JarFile jar = new JarFile(p.toFile())) {
                jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                        .forEach(n -> bundlePackages.add(n.substring(0, Math.max(0, n.lastIndexOf('/'))).replace('/', '.')));
            }
        }
        List<String> args = new ArrayList<>(List.of("--multi-release", "17", "-verbose:class", "-filter:none"));
        all.forEach(p -> args.add(p.toString()));
        StringWriter out = new StringWriter();
        int rc = ToolProvider.findFirst("jdeps").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        assertThat(rc).as(out.toString()).isZero();

        // Every class reachable from Parley's code, through references to classes in the bundle's packages.
        java.util.Map<String, List<String>> edges = new java.util.HashMap<>();
        Set<String> notFound = new TreeSet<>();
        for (String line : out.toString().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->")) {
                edges.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[2]);
                if (line.trim().endsWith("not found")) {
                    notFound.add(f[2]);
                }
            }
        }
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        edges.keySet().stream().filter(c -> c.startsWith("org.parley.sentiment.")).forEach(todo::add);
        Set<String> reached = new java.util.HashSet<>(todo);
        Set<String> missingInBundle = new TreeSet<>();
        Set<String> notImported = new TreeSet<>();
        while (!todo.isEmpty()) {
            String from = todo.poll();
            for (String target : edges.getOrDefault(from, List.of())) {
                String pkg = target.substring(0, Math.max(0, target.lastIndexOf('.')));
                if (notFound.contains(target)) {
                    if (bundlePackages.contains(pkg)) {
                        missingInBundle.add(from + " -> " + target);
                    } else if (!imported(pkg)) {
                        notImported.add(pkg);
                    }
                } else if (bundlePackages.contains(pkg) && reached.add(target)) {
                    todo.add(target);
                }
            }
        }
        assertThat(reached).as("classes reached").hasSizeGreaterThan(500);
        assertThat(missingInBundle).as("classes missing from packages the bundle contains").isEmpty();
        assertThat(notImported).as("packages referred to but neither in the bundle nor imported").isEmpty();
    }

    private static boolean imported(String pkg) {
        for (String clause : imports.split(",(?=[a-z])")) {
            if (clause.split(";")[0].trim().equals(pkg)) {
                return true;
            }
        }
        return pkg.startsWith("java.");
    }

    @Test
    void theBundleAloneDetectsAndScores() throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(bundle.toUri().toURL());
        for (Path p : embedded) {
            urls.add(p.toUri().toURL());
        }
        ClassLoader test = getClass().getClassLoader();
        // What the framework would wire: Parley's API and slf4j; the JDK; nothing from the test class path.
        ClassLoader wired = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (name.startsWith("org.parley.api.") || name.startsWith("org.slf4j.")) {
                    return test.loadClass(name);
                }
                throw new ClassNotFoundException(name);
            }

            @Override
            protected URL findResource(String name) {
                return name.startsWith("org/slf4j/") || name.startsWith("META-INF/services/org.slf4j") ? test.getResource(name) : null;
            }
        };
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), wired)) {
            assertThat(loader.loadClass("com.github.pemistahl.lingua.api.Language").getClassLoader()).isSameAs(loader);
            Class<?> configType = loader.loadClass("org.parley.sentiment.internal.SentimentConfig");
            Object config = Proxy.newProxyInstance(loader, new Class<?>[] {configType}, (proxy, method, a) ->
                    method.getName().equals("annotationType") ? configType : method.getDefaultValue());
            Object languages = loader.loadClass("org.parley.sentiment.internal.LanguageService")
                    .getConstructor(configType).newInstance(config);
            LanguageDetector detector = (LanguageDetector) languages;
            SentimentAnalyzer analyzer = (SentimentAnalyzer) loader.loadClass("org.parley.sentiment.internal.SentimentService")
                    .getConstructor(LanguageDetector.class, configType).newInstance(detector, config);
            try {
                assertThat(detector.detect("Thanks for the quick reply, really appreciate it")).hasValue("en");
                assertThat(detector.detect("Bedankt voor de snelle reactie, echt fijn")).hasValue("nl");
                assertThat(detector.detect("Gracias por la respuesta tan rápida, de verdad")).hasValue("es");
                assertThat(detector.detect("Terima kasih atas responnya yang cepat, mantap")).hasValue("id");
                assertThat(detector.detect("谢谢你们这么快回复，问题都解决了")).hasValue("zh");
                assertThat(analyzer.score("Worst service ever, nobody answers", null)).isNegative();
                assertThat(analyzer.score("服务很好，非常满意", null)).isPositive();
                assertThat(analyzer.score("Pelayanannya mantap 👍", "id")).isPositive();
            } finally {
                languages.getClass().getMethod("deactivate").invoke(languages);
            }
        }
    }
}
