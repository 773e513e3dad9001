package io.citustestkit.testsupport;

import io.citustestkit.CitusClusterContainer;
import java.util.List;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;

/** What Docker still holds of one cluster, found by its label (never global counts: others run containers too). */
public final class DockerResources {

    private DockerResources() {}

    /** Names of containers (running or not) labelled with the cluster id. */
    public static List<String> containersOf(String clusterId) {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(CitusClusterContainer.CLUSTER_LABEL, clusterId)).exec().stream()
                .map(c -> String.join(",", c.getNames()))
                .collect(Collectors.toList());
    }

    /** Names and states ({@code name:state}) of the node containers (coordinator, workers) of a cluster. */
    public static List<String> nodesOf(String clusterId) {
        return DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(CitusClusterContainer.CLUSTER_LABEL, clusterId)).exec().stream()
                .filter(c -> c.getLabels() != null && java.util.Set.of("coordinator", "worker")
                        .contains(c.getLabels().get(CitusClusterContainer.ROLE_LABEL)))
                .map(c -> c.getNames()[0].replaceFirst("^/", "") + ":" + c.getState())
                .collect(Collectors.toList());
    }

    /** Removes every container and network labelled with the cluster id (a test's reusable cluster, at its end). */
    public static void removeCluster(String clusterId) {
        var client = DockerClientFactory.instance().client();
        client.listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(CitusClusterContainer.CLUSTER_LABEL, clusterId)).exec()
                .forEach(c -> client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
        client.listNetworksCmd().withFilter("label", List.of(CitusClusterContainer.CLUSTER_LABEL + "=" + clusterId))
                .exec().forEach(n -> client.removeNetworkCmd(n.getId()).exec());
    }

    /** Names of networks labelled with the cluster id. */
    public static List<String> networksOf(String clusterId) {
        return DockerClientFactory.instance().client().listNetworksCmd().exec().stream()
                .filter(n -> n.getLabels() != null && clusterId.equals(n.getLabels().get(CitusClusterContainer.CLUSTER_LABEL)))
                .map(com.github.dockerjava.api.model.Network::getName)
                .collect(Collectors.toList());
    }
}
