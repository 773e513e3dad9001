package io.citustestkit.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A worker node's container. Unlike a plain {@link GenericContainer} it can be stopped and started
 * again in place (same container, same data); its port mapping is refreshed after a restart.
 */
public final class NodeContainer extends GenericContainer<NodeContainer> {

    private volatile InspectContainerResponse refreshedInfo;

    public NodeContainer(DockerImageName image) {
        super(image);
    }

    /** The IPv4 host port (see {@link MappedPorts}). */
    @Override
    public Integer getMappedPort(int originalPort) {
        if (getContainerId() != null) {
            java.util.Optional<Integer> ipv4 = MappedPorts.ipv4(getContainerInfo(), originalPort);
            if (ipv4.isPresent()) {
                return ipv4.get();
            }
        }
        return super.getMappedPort(originalPort);
    }

    @Override
    public InspectContainerResponse getContainerInfo() {
        InspectContainerResponse info = refreshedInfo;
        return info != null ? info : super.getContainerInfo();
    }

    /** Reads the container's state again (mapped ports change when a stopped container starts). */
    public void refreshContainerInfo() {
        refreshedInfo = getCurrentContainerInfo();
    }

    @Override
    public void stop() {
        refreshedInfo = null;
        super.stop();
    }
}
