package org.parley.camel.runtime.internal;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The CamelContext's application class loader: the runtime's own loader first, then the loaders of the bundles
 * that contributed routes. Camel finds components, languages and data formats by reading
 * {@code META-INF/services/org/apache/camel/...} through this loader only, so a component embedded in a channel
 * bundle resolves by its scheme once that bundle's loader is here.
 */
final class BundleClassLoaders extends ClassLoader {

    private final List<ClassLoader> contributed = new CopyOnWriteArrayList<>();

    BundleClassLoaders(ClassLoader own) {
        super(own);
    }

    void add(ClassLoader loader) {
        if (loader != null && loader != getParent() && !contributed.contains(loader)) {
            contributed.add(loader);
        }
    }

    void remove(ClassLoader loader) {
        contributed.remove(loader);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader loader : contributed) {
            try {
                return loader.loadClass(name);
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                // try the next bundle
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (ClassLoader loader : contributed) {
            URL url = loader.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        Set<URL> urls = new LinkedHashSet<>();
        for (ClassLoader loader : contributed) {
            urls.addAll(Collections.list(loader.getResources(name)));
        }
        return Collections.enumeration(new ArrayList<>(urls));
    }
}
