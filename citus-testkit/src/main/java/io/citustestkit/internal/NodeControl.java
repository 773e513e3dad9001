package io.citustestkit.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.util.Optional;
import org.testcontainers.containers.GenericContainer;

/**
 * What the kit does to one node's running container besides start and remove, which are Testcontainers':
 * stop and start it again in place (same container, same data: a crash or a shutdown), pause and unpause it (a hung
 * node), and know its state after that. Docker gives a restarted container new host ports, so the container reads
 * its state again after a start in place ({@link #info(InspectContainerResponse)}); mapped ports are the IPv4
 * binding (see {@link MappedPorts}).
 *
 * <pre>{@code
 * NodeControl control = new NodeControl(container);
 * control.stop();  control.start();   // the same container comes back; control.info(...) has its new ports
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

    /** {@code docker pause}: every process of the node freezes. */
    public void pause() {
        container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
    }

    /** {@code docker unpause}. */
    public void unpause() {
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
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
