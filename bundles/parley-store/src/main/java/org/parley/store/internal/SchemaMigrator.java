package org.parley.store.internal;

import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Brings the schema up to date with the Liquibase changelog in this bundle. Liquibase is embedded and finds its
 * extensions through {@link java.util.ServiceLoader}, so it runs with this bundle's class loader as both its scope
 * class loader and the thread's context class loader: that works inside OSGi without spifly, and in plain tests.
 * Liquibase's lock table keeps two nodes from migrating at the same time.
 */
final class SchemaMigrator {

    /** Part of every applied changeset's identity in DATABASECHANGELOG: never move it. */
    static final String CHANGELOG = "org/parley/store/db/changelog.xml";

    private final String changelog;

    SchemaMigrator() {
        this(CHANGELOG);
    }

    /** For the upgrade test: a store made by an older changelog, a classpath resource beside {@link #CHANGELOG}. */
    SchemaMigrator(String changelog) {
        this.changelog = changelog;
    }

    void migrate(DataSource dataSource) {
        ClassLoader bundleLoader = SchemaMigrator.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(bundleLoader);
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Object> scope = Map.of(
                    Scope.Attr.classLoader.name(), bundleLoader,
                    Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(bundleLoader),
                    // Update summaries go to the log, not to the console of the Karaf that runs us.
                    Scope.Attr.ui.name(), new LoggerUIService(),
                    // No anonymous usage reports from a server that may not even reach the internet.
                    "liquibase.analytics.enabled", Boolean.FALSE);
            Scope.child(scope, () -> {
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                        .execute();
            });
        } catch (Exception e) {
            throw new StoreException("cannot migrate the Parley schema: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
