package org.parley.store.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Set;

/**
 * The few things that differ between the databases Parley runs on (H2, PostgreSQL), learnt from the driver's
 * metadata. All SQL elsewhere is portable; anything that has to branch per database belongs here.
 */
final class Dialect {

    /**
     * Unique violation (a concurrent writer stored the same key), serialization failure, deadlock: the
     * transaction lost a race and may simply be run again. Standard SQLStates, used by H2 and PostgreSQL alike.
     */
    private static final Set<String> CONFLICTS = Set.of("23505", "40001", "40P01");

    private final String product;
    private final boolean upperCaseIdentifiers;

    Dialect(String product, boolean upperCaseIdentifiers) {
        this.product = product;
        this.upperCaseIdentifiers = upperCaseIdentifiers;
    }

    static Dialect of(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        return new Dialect(metaData.getDatabaseProductName(), metaData.storesUpperCaseIdentifiers());
    }

    String product() {
        return product;
    }

    /**
     * Whether write transactions should take turns in this JVM. H2 fails an insert that clashes with another open
     * transaction's uncommitted row at once instead of waiting for it, so writers racing on the same keys keep
     * failing each other; an embedded H2 file has a single JVM writing it anyway. PostgreSQL makes the second writer
     * wait for the first and needs no such help.
     */
    boolean singleWriter() {
        return "H2".equalsIgnoreCase(product);
    }

    /**
     * Whether {@link #insertSkippingDuplicates} really skips: PostgreSQL's ON CONFLICT DO NOTHING waits for a
     * concurrent writer of the same key and then skips the row, so racing batches neither fail nor retry. Elsewhere
     * the insert fails with a unique violation and the transaction is run again.
     */
    boolean skipsDuplicatesOnInsert() {
        return "PostgreSQL".equalsIgnoreCase(product);
    }

    /** {@code insert}, made to skip rows whose {@code uniqueColumns} are taken, where the database can. */
    String insertSkippingDuplicates(String insert, String uniqueColumns) {
        return skipsDuplicatesOnInsert() ? insert + " ON CONFLICT (" + uniqueColumns + ") DO NOTHING" : insert;
    }

    /**
     * {@code select} (of due outbox rows or replies), made safe for several workers claiming at once. PostgreSQL: FOR UPDATE
     * SKIP LOCKED, so that each worker, on any node, locks rows no other claim holds and passes over the rest
     * instead of waiting; a row another claim has just committed is checked again and is no longer due. H2: as it
     * is, because claims are write transactions and {@link #singleWriter()} already runs those one at a time (an
     * embedded H2 is written by one JVM). Anything else: plain FOR UPDATE, correct though claims wait for each other.
     */
    String lockingDueRows(String select) {
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            return select + " FOR UPDATE SKIP LOCKED";
        }
        return singleWriter() ? select : select + " FOR UPDATE";
    }

    /**
     * Columns to return from an insert, in the case the database stores them. Named rather than
     * {@code RETURN_GENERATED_KEYS}, which makes PostgreSQL return every column (the whole JSON) of every row.
     */
    String[] returning(String... columns) {
        String[] names = columns.clone();
        for (int i = 0; i < names.length; i++) {
            names[i] = upperCaseIdentifiers ? names[i].toUpperCase(java.util.Locale.ROOT) : names[i];
        }
        return names;
    }

    String[] generatedId() {
        return returning("id");
    }

    /** Whether the failure, or any exception chained to it (batch failures chain the cause), is a lost race. */
    static boolean isConflict(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null && CONFLICTS.contains(e.getSQLState())) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
