package org.parley.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value ParleyDatabase#PID}: which DataSource service the store uses. */
@ObjectClassDefinition(name = "Parley store", description = "The database Parley keeps interactions, cursors and dead letters in")
public @interface StoreConfig {

    String DEFAULT_TARGET = "(dataSourceName=parley)";

    /** DS reads {@code dataSource.target} itself and narrows the reference; it is declared here to be documented. */
    @AttributeDefinition(name = "DataSource filter",
            description = "OSGi filter selecting the javax.sql.DataSource service, as pax-jdbc-config registers it")
    String dataSource_target() default DEFAULT_TARGET;
}
