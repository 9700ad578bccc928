package org.parley.rest.internal;

/**
 * What the API reads from and writes to JSON bodies. {@link JsonProvider} handles exactly these types, so that no
 * other JSON provider in the runtime (Jersey's own Jackson feature) is ever chosen for Parley's bodies.
 */
interface ApiBody {
}
