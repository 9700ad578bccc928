package org.parley.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Parley database: the DataSource, its dialect, and transactions on it. The three store components share
 * this one service, so the schema is migrated exactly once, when it activates (immediately, so that a failing
 * migration shows at bundle start rather than at the first poll); the stores only appear once it is migrated.
 * Registered under this bundle-private class, so only this bundle's components can use it.
 */
@Component(service = ParleyDatabase.class, immediate = true, configurationPid = ParleyDatabase.PID)
@Designate(ocd = StoreConfig.class)
public final class ParleyDatabase {

    static final String PID = "org.parley.store";

    /** Enough for several writers racing on the same keys: every lost race means another batch committed. */
    static final int MAX_ATTEMPTS = 5;

    /** First retry waits up to this long, doubling each time. */
    private static final long BACKOFF_MILLIS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(ParleyDatabase.class);

    private final DataSource dataSource;
    private final Clock clock;
    private final Dialect dialect;
    /** Taken around write transactions when {@link Dialect#singleWriter()}. */
    private final Lock writeLock = new ReentrantLock(true);

    @Activate
    public ParleyDatabase(@Reference(name = "dataSource", target = StoreConfig.DEFAULT_TARGET) DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /** For tests: a DataSource built by hand and a clock they control. Migrates like the component does. */
    ParleyDatabase(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.dialect = read("read the database metadata", Dialect::of);
        new SchemaMigrator().migrate(dataSource);
        LOG.info("Parley store ready on {}", dialect.product());
    }

    Clock clock() {
        return clock;
    }

    Dialect dialect() {
        return dialect;
    }

    /** Work on one connection that either commits all it did or nothing. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs read-only or single-statement work in auto-commit mode. */
    <T> T read(String what, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs read-only {@code work} in one REPEATABLE READ transaction, so that every statement sees the same snapshot
     * (PostgreSQL and H2 2.x both take the snapshot at the first statement) while writers go on; the transaction is
     * rolled back, since it wrote nothing. Neither database retries here: readers do not conflict.
     */
    <T> T readSnapshot(String what, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return work.run(connection);
            } finally {
                connection.rollback();
                // A pooled connection goes back the way it came.
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction. A transaction that lost a race to a concurrent writer (see
     * {@link Dialect#isConflict}) is rolled back and run again, up to {@link #MAX_ATTEMPTS} times, so
     * {@code work} must compute everything it writes from what it reads inside the transaction.
     */
    <T> T inTransaction(String what, SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (SQLException e) {
                if (attempt < MAX_ATTEMPTS && Dialect.isConflict(e)) {
                    LOG.debug("{}: lost a race to a concurrent writer (SQLState {}), attempt {} of {}",
                            what, e.getSQLState(), attempt, MAX_ATTEMPTS);
                    backOff(what, attempt, e);
                    continue;
                }
                throw failure(what, e);
            }
        }
    }

    /**
     * Waits a random while before running a lost transaction again, so that racing writers spread out rather than
     * colliding again; by then the winner has usually committed and its rows count as stored.
     */
    private static void backOff(String what, int attempt, SQLException cause) {
        long bound = BACKOFF_MILLIS << (attempt - 1);
        try {
            TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure(what + " (interrupted while waiting to retry)", cause);
        }
    }

    private <T> T once(SqlWork<T> work) throws SQLException {
        boolean serialize = dialect.singleWriter();
        if (serialize) {
            writeLock.lock();
        }
        try {
            return commitOrRollBack(work);
        } finally {
            if (serialize) {
                writeLock.unlock();
            }
        }
    }

    private <T> T commitOrRollBack(SqlWork<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                // A pooled connection goes back the way it came.
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static StoreException failure(String what, SQLException e) {
        return new StoreException("cannot " + what + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
    }
}
