package org.parley.store.internal;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The export contract on H2 2.x, the embedded default: a file database in a fresh directory. */
class H2PersonExportTest extends PersonExportContractTest {

    @TempDir
    static Path directory;

    @Override
    protected DataSource newDatabase(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + directory.resolve(name).toAbsolutePath());
        dataSource.setUser("sa");
        dataSource.setPassword("");
        return dataSource;
    }
}
