package org.parley.crm.suitecrm.internal;

/**
 * A credential read from the configuration. Its {@link #toString()} never shows it, so that it cannot leak into a log,
 * an exception message or a record's {@code toString()}; only {@link #reveal()} (for the token request) does.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    static Secret of(String value) {
        return new Secret(value == null ? "" : value);
    }

    String reveal() {
        return value;
    }

    boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(none)" : "********";
    }

    // Deliberately no equals/hashCode on the value: nothing compares or hashes a secret.
}
