package org.parley.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * A stock Karaf 4.4 that installs Parley's REST API (feature parley-rest) from the feature repository, the way an admin
 * would, with the whiteboard on a free port and users of every role in Karaf's own realm (etc/users.properties).
 */
final class RestKarafOptions {

    /** The tab secret the tests sign their tokens with (etc/org.parley.rest.cfg). */
    static final String TAB_SECRET = "itest-tab-secret-0123456789-abcdefghijklmnop";

    static final String VIEWER = "viewer";
    static final String VIEWER_PASSWORD = "viewer-pw-it";
    static final String ADMIN = "padmin";
    static final String ADMIN_PASSWORD = "padmin-pw-it";
    static final String KARAF_ADMIN = "kadmin";
    static final String KARAF_ADMIN_PASSWORD = "kadmin-pw-it";
    static final String CLERK = "clerk";
    static final String CLERK_PASSWORD = "clerk-pw-it";

    private RestKarafOptions() {
    }

    static Option[] karafWithParleyRest() {
        String localRepo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        String target = System.getProperty("project.build.directory", "target");
        return options(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.apache.karaf", "apache-karaf").type("tar.gz").versionAsInProject())
                        .unpackDirectory(new File(target, "exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                        "https://repo.maven.apache.org/maven2@id=central"),
                // The whiteboard's port, chosen now; the tests read it back from the JakartarsServiceRuntime.
                composite(KarafOptions.whiteboardOnFreePort()),
                editConfigurationFilePut("etc/org.parley.rest.cfg", "tabSecret", TAB_SECRET),
                editConfigurationFilePut("etc/org.parley.rest.cfg", "maxTokenLifetime", "PT15M"),
                // Karaf's own realm (PropertiesLoginModule): one user per role the API knows, and one with none of them.
                editConfigurationFilePut("etc/users.properties", VIEWER, VIEWER_PASSWORD + ",parley-viewer"),
                editConfigurationFilePut("etc/users.properties", ADMIN, ADMIN_PASSWORD + ",parley-admin"),
                editConfigurationFilePut("etc/users.properties", KARAF_ADMIN, KARAF_ADMIN_PASSWORD + ",admin"),
                editConfigurationFilePut("etc/users.properties", CLERK, CLERK_PASSWORD + ",viewer"),
                systemProperty("pax.exam.osgi.unresolved.fail").value("true"),
                features(maven("org.parley", "parley-features").classifier("features").type("xml").versionAsInProject(),
                        "parley-rest"),
                mavenBundle("org.hamcrest", "hamcrest").versionAsInProject(),
                mavenBundle("org.awaitility", "awaitility").versionAsInProject());
    }
}
