package io.citustestkit.junit;

import io.citustestkit.internal.SharedClusters;

import io.citustestkit.CitusClusterContainer;

/**
 * One cluster of the extension, started on first use. Stored in an {@code ExtensionContext.Store} (the root store
 * for shared clusters, the class's store otherwise), which closes it, stopping the cluster, when that store ends.
 * Starting holds this object's lock, so classes asking at once start it once; a failed start is remembered and
 * reported to every later user instead of being retried.
 */
final class ClusterHolder implements AutoCloseable, ClusterLookup.Ref {

    static final String DOCKER_REQUIRED = "@CitusCluster needs Docker, and no Docker environment was found."
            + " Start Docker, or point Testcontainers at one: set DOCKER_HOST (for example unix:///var/run/docker.sock"
            + " or tcp://docker-host:2375), or docker.host in ~/.testcontainers.properties"
            + " (see https://java.testcontainers.org/supported_docker_environment/)."
            + " To skip instead of failing, use @CitusCluster(disabledWithoutDocker = true).";

    private final ClusterSettings settings;
    private final boolean shared;
    private final ClusterEnvironment environment;
    private CitusClusterContainer cluster;
    private RuntimeException failure;
    private boolean closed;

    ClusterHolder(ClusterSettings settings, boolean shared, ClusterEnvironment environment) {
        this.settings = settings;
        this.shared = shared;
        this.environment = environment;
    }

    @Override
    public ClusterHolder holder() {
        return this;
    }

    ClusterSettings settings() {
        return settings;
    }

    /** The started cluster; starts it on the first call. */
    synchronized CitusClusterContainer get() {
        if (closed) {
            throw new IllegalStateException("the cluster of " + settings + " was already stopped");
        }
        if (cluster != null) {
            return cluster;
        }
        if (failure != null) {
            throw new IllegalStateException("the cluster of " + settings + " failed to start earlier in this run"
                    + " (the cause below says why)", failure);
        }
        if (!environment.dockerAvailable()) {
            failure = new IllegalStateException(DOCKER_REQUIRED);
            throw failure;
        }
        CitusClusterContainer container = environment.newContainer(settings);
        if (shared) { // what would change it for every class sharing it (upgradeTo) refuses, naming this
            SharedClusters.mark(container, "shared by @CitusCluster classes with equal settings ("
                    + "@CitusCluster(shared = true), the default)");
        }
        try {
            container.start();
        } catch (RuntimeException e) {
            failure = CitusImageCheck.explain(settings, e);
            throw failure;
        }
        cluster = container;
        return cluster;
    }

    /** The cluster when it has been started, else null. */
    synchronized CitusClusterContainer ifStarted() {
        return cluster;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (cluster != null) {
            CitusClusterContainer c = cluster;
            cluster = null;
            c.stop();
        }
    }

    @Override
    public String toString() {
        return (shared ? "shared " : "class-own ") + settings;
    }
}
