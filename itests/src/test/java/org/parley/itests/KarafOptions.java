package org.parley.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/** A stock Karaf 4.4 that installs Parley from its feature repository, the way an admin would. */
final class KarafOptions {

    private KarafOptions() {
    }

    static Option[] stockKarafWithParley() {
        String localRepo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        String target = System.getProperty("project.build.directory", "target");
        return options(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.apache.karaf", "apache-karaf").type("tar.gz").versionAsInProject())
                        .unpackDirectory(new File(target, "exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                // Parley's own artifacts come from the local repository the build filled; the rest from Maven Central
                // as the build reaches it.
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories",
                        "https://repo.maven.apache.org/maven2@id=central"),
                // The probe serves test feeds with the JDK's HTTP server.
                editConfigurationFileExtend("etc/config.properties", "org.osgi.framework.system.packages.extra", "com.sun.net.httpserver"),
                // The feature brings the public webhook ingress: a free loopback port, not 8183.
                editConfigurationFilePut("etc/org.parley.ingress.cfg", "port", Integer.toString(freeLoopbackPort())),
                // ... and the API's whiteboard: a free port, not 8182, set before the feature installs.
                composite(whiteboardOnFreePort()),
                systemProperty("pax.exam.osgi.unresolved.fail").value("true"),
                features(maven("org.parley", "parley-features").classifier("features").type("xml").versionAsInProject(), "parley"),
                mavenBundle("org.hamcrest", "hamcrest").versionAsInProject(),
                mavenBundle("org.awaitility", "awaitility").versionAsInProject());
    }

    /**
     * The Jakarta REST whiteboard's configuration, written before the feature that would write 8182 installs (a
     * change while it runs fails in osgitech 1.2.2); the tests read the port back from the JakartarsServiceRuntime.
     */
    static Option[] whiteboardOnFreePort() {
        String cfg = "etc/JakartarsWhiteboardComponent.cfg";
        return options(
                editConfigurationFilePut(cfg, "jersey.port", Integer.toString(freeLoopbackPort())),
                editConfigurationFilePut(cfg, "jersey.context.path", "/"),
                editConfigurationFilePut(cfg, "jersey.host", "localhost"),
                editConfigurationFilePut(cfg, "jersey.jakartars.whiteboard.name", "parley"));
    }

    static int freeLoopbackPort() {
        try {
            return ParleyDistribution.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
