package io.citustestkit.internal;

import com.github.dockerjava.api.command.InspectContainerResponse;

/**
 * A worker node's container: a Testcontainers container on the cluster's run image (local, never substituted),
 * that can also be stopped and started again in place ({@link NodeControl}). How it is configured is
 * {@link NodeSetup}'s business; the coordinator is the {@code CitusClusterContainer} itself.
 *
 * <pre>{@code
 * NodeContainer worker = setup.newWorker("worker-1", network, false);
 * worker.start();
 * }</pre>
 */
public final class NodeContainer extends org.testcontainers.containers.GenericContainer<NodeContainer> {

    private final NodeControl control = new NodeControl(this);
    private volatile boolean reused;
    private volatile DataDirectoryCopy dataOnCreate;

    public NodeContainer(ClusterImages images) {
        super(images.runImage());
    }

    /** Stop and start in place, pause. */
    public NodeControl control() {
        return control;
    }

    @Override
    public InspectContainerResponse getContainerInfo() {
        return control.info(super.getContainerInfo());
    }

    @Override
    public Integer getMappedPort(int originalPort) {
        return control.ipv4Port(getContainerInfo(), originalPort).orElseGet(() -> super.getMappedPort(originalPort));
    }

    /** A data directory to write into this container once it is created, before it starts (upgradeTo). */
    public NodeContainer withDataOnCreate(DataDirectoryCopy data) {
        this.dataOnCreate = data;
        return this;
    }

    @Override
    protected void containerIsCreated(String containerId) {
        DataDirectoryCopy data = dataOnCreate;
        if (data != null) {
            data.writeTo(getDockerClient(), containerId);
        }
    }

    /**
     * Reusable as any container: {@link #containerIsCreated} does something only for a node of an upgrade, which is
     * never a reused one (Testcontainers assumes an override of that hook may not be reuse-safe).
     */
    @Override
    protected boolean canBeReused() {
        return true;
    }

    /** Whether Testcontainers found this container running from an earlier JVM ({@code withReuse(true)}). */
    public boolean wasReused() {
        return reused;
    }

    @Override
    protected void containerIsStarting(InspectContainerResponse containerInfo, boolean reused) {
        this.reused = reused;
    }

    @Override
    protected void containerIsStopped(InspectContainerResponse containerInfo) {
        control.forget();
    }
}
