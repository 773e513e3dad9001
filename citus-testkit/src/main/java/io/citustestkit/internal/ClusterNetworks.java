package io.citustestkit.internal;

import java.util.HashMap;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * The network a cluster makes for itself, labelled the Testcontainers way. A cluster of this JVM gets a
 * {@link Network#builder() Testcontainers network}: it carries Testcontainers' session labels, so Ryuk (or, without
 * Ryuk, Testcontainers' shutdown hook) removes it with the JVM. A reusable cluster's network outlives the JVM on
 * purpose: it has a fixed name, found again by a later JVM, and Testcontainers' labels without the session.
 * Both carry the label {@code io.citustestkit.cluster} with the cluster's id.
 *
 * <pre>{@code
 * Network network = ClusterNetworks.create("io.citustestkit.cluster", clusterId, reusable);
 * }</pre>
 */
public final class ClusterNetworks {

    private ClusterNetworks() {}

    /** A new network for a cluster (not yet created in Docker: that happens on first use of its id). */
    public static Network create(String clusterLabel, String clusterId, boolean reusable) {
        if (reusable) {
            Map<String, String> labels = new HashMap<>(DockerClientFactory.DEFAULT_LABELS);
            labels.put(clusterLabel, clusterId);
            return new ClusterNetwork("citustestkit-" + clusterId, labels);
        }
        return Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withLabels(Map.of(clusterLabel, clusterId)))
                .build();
    }
}
