package org.parley.camel.runtime.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.TypeConverterLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel loads type converters once, at start, from the class path it knows. A bundle that arrives later (a channel
 * embedding camel-telegram, say) brings converters Camel would never see: this runs that bundle's
 * {@code META-INF/services/org/apache/camel/TypeConverterLoader} entries into the context's registry.
 */
final class TypeConverters {

    private static final Logger LOG = LoggerFactory.getLogger(TypeConverters.class);
    private static final String LOADERS = "META-INF/services/org/apache/camel/TypeConverterLoader";

    private TypeConverters() {
    }

    static void loadFrom(ClassLoader bundleLoader, String bundleName, CamelContext context) {
        try {
            for (URL url : Collections.list(bundleLoader.getResources(LOADERS))) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        String className = line.strip();
                        if (className.isEmpty() || className.startsWith("#")) {
                            continue;
                        }
                        Class<?> type = bundleLoader.loadClass(className);
                        TypeConverterLoader loader = (TypeConverterLoader) type.getDeclaredConstructor().newInstance();
                        loader.load(context.getTypeConverterRegistry());
                        LOG.debug("Loaded type converters {} from {}", className, bundleName);
                    }
                }
            }
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Could not load the Camel type converters of bundle {}: {}", bundleName, e.toString());
        }
    }
}
