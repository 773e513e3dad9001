package io.citustestkit.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Clusters that test classes share ({@code @CitusCluster} with {@code shared = true}): the JUnit extension marks them,
 * and what would change a shared cluster for every class (its image: {@code upgradeTo}) asks here first.
 *
 * <pre>{@code
 * SharedClusters.mark(cluster, "shared by @CitusCluster classes with equal settings");
 * SharedClusters.describe(cluster);   // that text, or null for a cluster of one's own
 * }</pre>
 */
public final class SharedClusters {

    private static final Map<Object, String> SHARED = Collections.synchronizedMap(new WeakHashMap<>());

    private SharedClusters() {}

    /** Marks a cluster as shared; {@code how} completes "the cluster is ...". */
    public static void mark(Object cluster, String how) {
        SHARED.put(cluster, how);
    }

    /** How the cluster is shared, or null when it is not. */
    public static String describe(Object cluster) {
        return SHARED.get(cluster);
    }
}
