package org.parley.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;

/** A fresh embedded H2 file database behind HikariCP, configured as Parley's default datasource is. */
final class BenchDatabase implements AutoCloseable {

    final HikariDataSource dataSource;

    BenchDatabase(Path dir, String name, String urlOptions) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:" + dir.resolve(name).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE" + urlOptions);
        config.setUsername("parley");
        config.setPassword("parley");
        config.setMaximumPoolSize(8);
        config.setPoolName(name);
        dataSource = new HikariDataSource(config);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
