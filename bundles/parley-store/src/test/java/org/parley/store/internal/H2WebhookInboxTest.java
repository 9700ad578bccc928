package org.parley.store.internal;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The webhook inbox on H2 2.x, the embedded default: a file database in a fresh directory. */
class H2WebhookInboxTest extends WebhookInboxContractTest {

    @TempDir
    static Path directory;

    @Override
    protected DataSource newDatabase(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        // Kept open between connections, as the pooled DataSource in Karaf keeps it: no reopening per call.
        dataSource.setURL("jdbc:h2:file:" + directory.resolve(name).toAbsolutePath() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        return dataSource;
    }
}
