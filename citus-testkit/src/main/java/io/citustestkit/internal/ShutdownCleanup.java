package io.citustestkit.internal;

import com.github.dockerjava.api.DockerClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Removes the clusters of this JVM when the JVM ends without stopping them: a test run ended by SIGTERM or Ctrl-C
 * ({@code SIGINT}), or a test that never called {@code stop()}. Ryuk does that when it runs; in air-gapped CI it
 * often cannot ({@code TESTCONTAINERS_RYUK_DISABLED=true}), and Testcontainers' own shutdown hook then removes the
 * containers it knew of when it ran, not the workers still being started. This hook first makes every further
 * container create fail, stops each registered cluster, then removes whatever still carries a registered cluster's
 * label. A reused cluster is never registered: it is meant to outlive the JVM. SIGKILL ends a JVM without hooks:
 * nothing can be done from inside it (Ryuk, when it runs, still reaps).
 *
 * <pre>{@code
 * ShutdownCleanup.register(clusterId, cluster::stop);
 * ... cluster.stop(); ShutdownCleanup.unregister(clusterId);
 * }</pre>
 */
public final class ShutdownCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownCleanup.class);

    private static final Map<String, Runnable> CLUSTERS = new ConcurrentHashMap<>();

    private static volatile boolean shuttingDown;

    private static volatile String label;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ShutdownCleanup::cleanUp, "citustestkit-shutdown"));
    }

    private ShutdownCleanup() {}

    /** Removes this cluster at JVM shutdown unless it is {@link #unregister(String) unregistered} first. */
    public static void register(String labelName, String clusterId, Runnable stop) {
        label = labelName;
        CLUSTERS.put(clusterId, stop);
    }

    /** The cluster is gone (or meant to outlive the JVM). */
    public static void unregister(String clusterId) {
        CLUSTERS.remove(clusterId);
    }

    /** Fails a container create once the JVM is shutting down: nothing new may start behind the clean-up. */
    public static void refuseWhileShuttingDown() {
        if (shuttingDown) {
            throw new IllegalStateException("the JVM is shutting down: no new citus-testkit node is started");
        }
    }

    private static void cleanUp() {
        shuttingDown = true;
        if (CLUSTERS.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(CLUSTERS.keySet());
        LOG.info("JVM shutdown: removing Citus clusters {}", ids);
        List<Thread> stops = new ArrayList<>();
        for (Runnable stop : CLUSTERS.values()) {
            Thread t = new Thread(() -> {
                try {
                    stop.run();
                } catch (RuntimeException e) {
                    LOG.debug("stopping a cluster at shutdown failed: {}", e.toString());
                }
            }, "citustestkit-shutdown-stop");
            t.start();
            stops.add(t);
        }
        for (Thread t : stops) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        removeLabelled(ids);
    }

    /** Whatever still carries a cluster's label (a worker created while its cluster stopped): removed by force. */
    private static void removeLabelled(List<String> ids) {
        try {
            DockerClient client = DockerClientFactory.instance().client();
            for (String id : ids) {
                List<String> filter = List.of(label + "=" + id);
                client.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec().forEach(
                        c -> client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec());
                client.listNetworksCmd().withFilter("label", filter).exec().forEach(
                        n -> client.removeNetworkCmd(n.getId()).exec());
            }
        } catch (RuntimeException e) {
            LOG.warn("JVM shutdown: could not remove every container of clusters {}: {}", ids, e.toString());
        }
    }
}
