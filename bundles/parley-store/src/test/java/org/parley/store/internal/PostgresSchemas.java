package org.parley.store.internal;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Fresh schemas on a real PostgreSQL server, given by PARLEY_TEST_PG_URL, _USER and _PASSWORD (environment or system
 * properties; {@code scripts/test-postgres} makes a throwaway server), for the PostgreSQL runs of the store's
 * contract tests. Without a server the test is skipped, unless PARLEY_TEST_PG_REQUIRED=true (CI), where a missing
 * server fails. {@link #dropAll()} drops every schema made.
 */
final class PostgresSchemas {

    private final List<String> schemas = new ArrayList<>();

    DataSource create(String name) throws SQLException {
        String url = setting("PARLEY_TEST_PG_URL");
        if (url == null) {
            if (Boolean.parseBoolean(setting("PARLEY_TEST_PG_REQUIRED"))) {
                fail("PARLEY_TEST_PG_REQUIRED=true but PARLEY_TEST_PG_URL is not set: run scripts/test-postgres first");
            }
            assumeTrue(false, "no PostgreSQL configured (PARLEY_TEST_PG_URL): skipped");
        }
        String schema = "parley_test_" + name.replaceAll("[^a-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = dataSource(url, null).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        schemas.add(schema);
        return dataSource(url, schema);
    }

    void dropAll() throws SQLException {
        if (schemas.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource(setting("PARLEY_TEST_PG_URL"), null).getConnection();
             Statement statement = connection.createStatement()) {
            for (String schema : schemas) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
        schemas.clear();
    }

    private static PGSimpleDataSource dataSource(String url, String schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(setting("PARLEY_TEST_PG_USER"));
        dataSource.setPassword(setting("PARLEY_TEST_PG_PASSWORD"));
        if (schema != null) {
            dataSource.setCurrentSchema(schema);
        }
        return dataSource;
    }

    /** A system property (mvn -D...) wins over the environment; blank counts as unset. */
    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
