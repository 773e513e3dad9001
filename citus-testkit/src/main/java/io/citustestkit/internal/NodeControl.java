package io.citustestkit.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.time.Duration;
import java.util.Optional;
import org.testcontainers.containers.GenericContainer;

/**
 * What the kit does to one node's running container besides start and remove, which are Testcontainers':
 * stop and start it again in place (same container, same data: a crash or a shutdown), pause and unpause it (a hung
 * node), cut it off its network and put it back (a partition), and know its state after that. Docker gives a
 * restarted or reconnected container new host ports, so the container reads its state again after a start in place
 * or a reconnect ({@link #info(InspectContainerResponse)}); mapped ports are the IPv4 binding (see
 * {@link MappedPorts}).
 *
 * <pre>{@code
 * NodeControl control = new NodeControl(container);
 * control.stop();  control.start();   // the same container comes back; control.info(...) has its new ports
 * NodeControl.Endpoint at = control.disconnect(networkId);  control.reconnect(networkId, "worker-1", at, false);
 * }</pre>
 */
public final class NodeControl {

    /** How long Docker waits for the server to shut down before it kills it. */
    private static final int STOP_TIMEOUT_SECONDS = 30;

    private final GenericContainer<?> container;
    private volatile InspectContainerResponse restartedInfo;

    public NodeControl(GenericContainer<?> container) {
        this.container = container;
    }

    /** {@code docker stop}: the server shuts down, the container and its data stay. */
    public void stop() {
        container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(STOP_TIMEOUT_SECONDS)
                .exec();
    }

    /** {@code docker start} of the stopped container; its state (new host ports) is read again. */
    public void start() {
        container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
        restartedInfo = container.getCurrentContainerInfo();
    }

    /**
     * {@code docker pause}: every process of the node freezes. Under cgroup v1, runc's freezer gives up ("unable to
     * freeze") when a process stays in the kernel (a write to a busy disk) through its own attempts, and thaws the
     * container again: then the pause is asked for again, a few times, as a person would.
     */
    public void pause() {
        for (int attempt = 1;; attempt++) {
            try {
                container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
                return;
            } catch (InternalServerErrorException e) {
                if (attempt == 5 || e.getMessage() == null || !e.getMessage().contains("unable to freeze")) {
                    throw e;
                }
                Waits.pause(Duration.ofMillis(200));
            }
        }
    }

    /** {@code docker unpause}. */
    public void unpause() {
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
    }

    /** Where a container was on a network before {@link #disconnect}: its IPv4 and MAC addresses (either may be null). */
    public record Endpoint(String ipv4, String mac) {}

    /**
     * {@code docker network disconnect}: the container leaves the network (its alias, address and published ports go
     * with it); its processes and data stay. Works on a running, paused or stopped container (on Docker; see
     * {@code CitusNode} for Podman). Returns where it was on the network.
     */
    public Endpoint disconnect(String networkId) {
        Endpoint endpoint = endpointOn(networkId);
        container.getDockerClient().disconnectFromNetworkCmd().withNetworkId(networkId)
                .withContainerId(container.getContainerId()).withForce(true).exec();
        restartedInfo = container.getCurrentContainerInfo();
        return endpoint;
    }

    /**
     * {@code docker network connect} under the same alias, at the same address where Docker allows choosing one (a
     * network with a subnet its creator configured; Testcontainers' networks have none, and Docker then gives the
     * next free address, usually the same one). With {@code sameMac} also the MAC address it had: Podman gives a
     * reconnected container a new random one, and the other nodes would send to the old one until their ARP entries
     * expire (seconds of failing connections); Docker derives the MAC from the address. Its state (new host ports) is
     * read again.
     */
    public void reconnect(String networkId, String alias, Endpoint before, boolean sameMac) {
        ContainerNetwork endpoint = new ContainerNetwork().withAliases(alias);
        if (sameMac && before != null && before.mac() != null) {
            endpoint.withMacAddress(before.mac());
        }
        if (before != null && before.ipv4() != null) {
            try {
                connect(networkId, endpoint.withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(before.ipv4())));
                restartedInfo = container.getCurrentContainerInfo();
                return;
            } catch (DockerException e) {
                // "user specified IP address is supported only when connecting to networks with user configured subnets"
                endpoint = new ContainerNetwork().withAliases(alias);
            }
        }
        connect(networkId, endpoint);
        restartedInfo = container.getCurrentContainerInfo();
    }

    private Endpoint endpointOn(String networkId) {
        InspectContainerResponse info = container.getCurrentContainerInfo();
        if (info.getNetworkSettings() == null || info.getNetworkSettings().getNetworks() == null) {
            return new Endpoint(null, null);
        }
        return info.getNetworkSettings().getNetworks().values().stream()
                .filter(n -> networkId.equals(n.getNetworkID()))
                .map(n -> new Endpoint(blankToNull(n.getIpAddress()), blankToNull(n.getMacAddress())))
                .findFirst().orElse(new Endpoint(null, null));
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The container's IPv4 address on a network (by id), or null when it is not on it. */
    public String addressOn(String networkId) {
        InspectContainerResponse info = container.getCurrentContainerInfo();
        if (info.getNetworkSettings() == null || info.getNetworkSettings().getNetworks() == null) {
            return null;
        }
        return info.getNetworkSettings().getNetworks().values().stream()
                .filter(n -> networkId.equals(n.getNetworkID()) && n.getIpAddress() != null && !n.getIpAddress().isEmpty())
                .map(ContainerNetwork::getIpAddress).findFirst().orElse(null);
    }

    private void connect(String networkId, ContainerNetwork endpoint) {
        container.getDockerClient().connectToNetworkCmd().withNetworkId(networkId)
                .withContainerId(container.getContainerId()).withContainerNetwork(endpoint).exec();
    }

    /** The container's state: as read after the last start in place, else Testcontainers' own. */
    public InspectContainerResponse info(InspectContainerResponse testcontainers) {
        InspectContainerResponse info = restartedInfo;
        return info != null ? info : testcontainers;
    }

    /** The IPv4 host port of a container port, when the state has one. */
    public Optional<Integer> ipv4Port(InspectContainerResponse info, int containerPort) {
        return container.getContainerId() == null ? Optional.empty() : MappedPorts.ipv4(info, containerPort);
    }

    /** Forgets the state read after a start in place: the container is gone. */
    public void forget() {
        restartedInfo = null;
    }
}
