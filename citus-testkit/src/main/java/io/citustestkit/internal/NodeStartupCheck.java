package io.citustestkit.internal;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;

/**
 * The startup check of every node: the container is running once Docker's start call returned. Testcontainers'
 * default check reads the container's state through a rate limiter shared by the whole JVM (one Docker call per
 * second), so the nodes of a cluster, started together, would wait for each other's turn. Whether the node then
 * keeps running is {@link NodeReadyWait}'s business: it fails at once, with the log, when the container exits.
 */
public final class NodeStartupCheck extends StartupCheckStrategy {

    @Override
    public boolean waitUntilStartupSuccessful(DockerClient dockerClient, String containerId) {
        return true;
    }

    @Override
    public StartupStatus checkStartupState(DockerClient dockerClient, String containerId) {
        return StartupStatus.SUCCESSFUL;
    }
}
