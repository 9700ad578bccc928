package org.parley.store.internal;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** The export contract on a real PostgreSQL server, each database a fresh schema ({@link PostgresSchemas}). */
class PostgresPersonExportTest extends PersonExportContractTest {

    private final PostgresSchemas schemas = new PostgresSchemas();

    @Override
    protected DataSource newDatabase(String name) throws SQLException {
        return schemas.create(name);
    }

    @AfterAll
    void dropSchemas() throws SQLException {
        schemas.dropAll();
    }
}
