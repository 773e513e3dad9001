package io.citustestkit.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * A Docker network with a fixed name (see {@link ClusterNetworks}), created when first asked for and found again by name in a later
 * JVM: what a reusable cluster needs (a random network would change the reuse hash of every node).
 */
final class ClusterNetwork implements Network {

    private final String name;
    private final Map<String, String> labels;
    private volatile String id;

    ClusterNetwork(String name, Map<String, String> labels) {
        this.name = name;
        this.labels = labels;
    }

    public String name() {
        return name;
    }

    @Override
    public synchronized String getId() {
        if (id == null) {
            DockerClient client = DockerClientFactory.instance().client();
            id = client.listNetworksCmd().withNameFilter(name).exec().stream()
                    .filter(n -> name.equals(n.getName()))
                    .map(com.github.dockerjava.api.model.Network::getId)
                    .findFirst()
                    .orElseGet(() -> client.createNetworkCmd()
                            .withName(name)
                            .withCheckDuplicate(true)
                            .withLabels(labels)
                            .exec()
                            .getId());
        }
        return id;
    }

    @Override
    public synchronized void close() {
        if (id != null) {
            try {
                DockerClientFactory.instance().client().removeNetworkCmd(id).exec();
            } catch (NotFoundException e) {
                // already gone
            }
            id = null;
        }
    }
}
