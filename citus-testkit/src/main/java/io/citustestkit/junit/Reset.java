package io.citustestkit.junit;

/**
 * What {@link CitusCluster @CitusCluster} does to the cluster after each test.
 *
 * <pre>{@code
 * @CitusCluster(initScripts = "schema.sql", reset = Reset.TRUNCATE)
 * class OrdersTest { ... }   // every test starts with the tables of schema.sql, empty
 * }</pre>
 */
public enum Reset {

    /** Nothing: what a test writes stays for the next one (the default). */
    NONE,

    /**
     * Empties every user table (distributed, reference, Citus-local and local) and restarts their sequences, with
     * the effect of {@code TRUNCATE ... RESTART IDENTITY CASCADE} ({@code CitusClusterContainer.truncateTables()});
     * the schema, including what {@code initScripts} made, stays.
     */
    TRUNCATE,

    /**
     * Drops what tests created ({@code CitusClusterContainer.reset()}: user schemas, tables, views, sequences,
     * types, routines) and runs {@code initScripts} again, so every test starts from the init scripts' state.
     */
    DROP
}
