package io.citustestkit.assertj;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.Args;

/**
 * The actual value of a {@link SchemaAssert}: a schema of a Citus cluster, by its name as the catalog stores it
 * ({@code "public"}, {@code "app"}; a schema created as {@code "MixedCase"} in double quotes is {@code "MixedCase"}).
 *
 * <pre>{@code
 * // usually reached through CitusAssertions.assertThat(cluster).schema("public"); for your own SoftAssertions:
 * softly.proxy(SchemaAssert.class, ClusterSchema.class, new ClusterSchema(cluster, "public")).hasNoLocalTables();
 * }</pre>
 *
 * @param cluster a started cluster
 * @param name    the schema's name
 */
public record ClusterSchema(CitusClusterContainer cluster, String name) {

    /** Checks that both values are given. */
    public ClusterSchema {
        Args.notNull("cluster", cluster);
        Args.notBlank("schema name", name);
    }

    @Override
    public String toString() {
        return "schema " + name + " in Citus cluster " + cluster.getClusterId();
    }
}
