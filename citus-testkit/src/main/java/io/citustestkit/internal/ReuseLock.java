package io.citustestkit.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.citustestkit.CitusClusterContainer;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The cross-process lock of a reusable cluster, so that any number of JVMs starting equal settings at once end with
 * one cluster: a container named from the cluster's id ({@link ReuseState#lockName}). Docker guarantees container
 * names unique (a second create of the name fails with 409), which network names are not. It is never a node:
 * {@code cat} on the run image, no network.
 *
 * <p><b>Who holds it and whether it is alive</b>: the holder creates it (that is the lock), then attaches to its
 * standard input and starts it, in the background. Docker closes that input when the holder's connection ends (the
 * container is created with {@code StdinOnce}), also when the holder's JVM is killed and also when Docker runs on
 * another machine: {@code cat} exits. So a waiter reads the holder's liveness from Docker: running = held; exited =
 * its holder is gone, stale; created and never started within {@link #CREATED_GRACE} = its holder died before it
 * started it, stale. A stale lock is removed (by its id) and the waiter tries again; the log says so, naming the
 * holder (labels: pid, host, time).
 *
 * <p><b>Fast path</b>: one container list by the cluster's label. When the cluster is whole ({@link ReuseState#isWhole}:
 * its creator renamed the lock to {@link ReuseState#readyName}), no lock is taken. Otherwise the JVM takes the lock;
 * holding it, it looks again: whole now (another JVM finished in between): released at once; else whatever a dead
 * creator left (nodes, the network, an old ready record) is removed and logged, and the caller creates the cluster.
 * On success the holder renames the lock to the ready name: the release and the "whole" record in one atomic step.
 *
 * <pre>{@code
 * ReuseLock lock = ReuseLock.acquire(clusterId, runImage, workers, timeout);
 * try { ... create or reuse ...; lock.release(true); } catch (RuntimeException e) { lock.release(false); throw e; }
 * }</pre>
 */
public final class ReuseLock {

    /** Label on the lock container: who holds it (pid, host, since when), for the log of a JVM that finds it stale. */
    public static final String HOLDER_LABEL = "io.citustestkit.reuse.holder";

    /** How long a lock may stay created and not started before a waiter takes its holder for dead. */
    static final Duration CREATED_GRACE = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(ReuseLock.class);

    private final DockerClient client;
    private final String clusterId;
    private final String lockId;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile ResultCallback.Adapter<Frame> attached;
    private boolean done;

    private ReuseLock(DockerClient client, String clusterId, String lockId) {
        this.client = client;
        this.clusterId = clusterId;
        this.lockId = lockId;
    }

    /**
     * Returns once this JVM may start the cluster: it is whole (nothing held), or this JVM holds the lock and nothing
     * half-made is left. Waits while a live holder creates it, at most {@code timeout}.
     */
    public static ReuseLock acquire(String clusterId, String image, int workers, Duration timeout) {
        DockerClient client = DockerClientFactory.instance().client();
        long deadline = System.nanoTime() + timeout.toNanos();
        Staleness staleness = new Staleness();
        while (true) {
            ReuseState state = state(client, clusterId);
            if (state.isWhole(workers)) {
                return new ReuseLock(client, clusterId, null);
            }
            ReuseState.Entry lock = state.lock();
            if (lock == null) {
                ReuseLock held = tryCreate(client, clusterId, image);
                if (held != null) {
                    return held.prepareCreation(workers);
                }
            } else {
                String stale = staleness.of(lock, System.nanoTime());
                if (stale != null) {
                    LOG.warn("Citus cluster {}: the lock {} of {} is stale ({}); removing it", clusterId, lock.name(),
                            holderOf(client, lock), stale);
                    removeQuietly(client, lock.id());
                    continue;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("reusable Citus cluster " + clusterId + ": another JVM ("
                            + holderOf(client, lock) + ") has been creating it for more than " + timeout.toSeconds()
                            + " s and still holds its lock " + lock.name() + "; if that JVM is gone, remove the lock:"
                            + " docker rm -f " + lock.name());
                }
                LOG.debug("Citus cluster {}: waiting while {} creates it", clusterId, lock.name());
            }
            Waits.pause(POLL);
        }
    }

    /** Whether this JVM holds the lock (it creates the cluster) rather than found the cluster whole. */
    public boolean held() {
        return lockId != null;
    }

    /**
     * Ends the hold: {@code whole} renames the lock to the ready record (the cluster may be used without lock from now
     * on), otherwise removes it. Idempotent; nothing when not held.
     */
    public synchronized void release(boolean whole) {
        if (lockId == null || done) {
            return;
        }
        done = true;
        released.countDown();
        try {
            if (whole) {
                client.renameContainerCmd(lockId).withName(ReuseState.readyName(clusterId)).exec();
            } else {
                removeQuietly(client, lockId);
            }
        } catch (NotFoundException e) {
            LOG.warn("Citus cluster {}: its lock was removed by another JVM while this one created the cluster (it"
                    + " took this JVM for dead)", clusterId);
        } finally {
            closeAttach();
        }
    }

    /** Removes the records of a reusable cluster that is removed (its stop): the ready record, a lock. */
    public static void forget(String clusterId) {
        DockerClient client = DockerClientFactory.instance().client();
        for (String name : List.of(ReuseState.readyName(clusterId), ReuseState.lockName(clusterId))) {
            removeQuietly(client, name);
        }
    }

    /** Holding the lock: whole by now (released at once), or what a dead creator left removed. */
    private ReuseLock prepareCreation(int workers) {
        ReuseState state = state(client, clusterId);
        if (state.nodesWhole(workers)) { // another JVM made it whole between this JVM's look and its lock
            release(false);
            return new ReuseLock(client, clusterId, null);
        }
        List<ReuseState.Entry> leftovers = state.leftovers();
        List<com.github.dockerjava.api.model.Network> networks = client.listNetworksCmd()
                .withFilter("label", List.of(CitusClusterContainer.CLUSTER_LABEL + "=" + clusterId)).exec();
        if (!leftovers.isEmpty() || !networks.isEmpty()) {
            LOG.warn("Citus cluster {}: replacing what an earlier start left half-made: {}; removing containers {} and"
                    + " networks {}", clusterId, state.describe(workers), leftovers,
                    networks.stream().map(com.github.dockerjava.api.model.Network::getName).collect(Collectors.toList()));
            leftovers.forEach(e -> removeQuietly(client, e.id()));
            networks.forEach(n -> {
                try {
                    client.removeNetworkCmd(n.getId()).exec();
                } catch (NotFoundException e) {
                    // gone already
                }
            });
        }
        Thread t = new Thread(this::startHolding, "citustestkit-reuse-lock");
        t.setDaemon(true);
        t.start();
        return this;
    }

    /** Attach to the lock's input, then start it: from now on it runs exactly as long as this JVM's connection. */
    private void startHolding() {
        try {
            ResultCallback.Adapter<Frame> callback = client.attachContainerCmd(lockId).withStdIn(new HeldOpen())
                    .withFollowStream(true).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<>());
            attached = callback;
            if (!callback.awaitStarted(30, TimeUnit.SECONDS)) {
                LOG.debug("Citus cluster {}: no attach to its lock within 30 s; it stays created", clusterId);
                return;
            }
            if (released.getCount() > 0) { // a start after the release finds it renamed (ends below) or gone
                client.startContainerCmd(lockId).exec();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("Citus cluster {}: its lock was not started: {}", clusterId, e.toString());
        } finally {
            if (released.getCount() == 0) {
                closeAttach();
            }
        }
    }

    private void closeAttach() {
        ResultCallback.Adapter<Frame> a = attached;
        if (a != null) {
            try {
                a.close();
            } catch (java.io.IOException | RuntimeException e) {
                // the connection is gone either way
            }
        }
    }

    private static ReuseLock tryCreate(DockerClient client, String clusterId, String image) {
        Map<String, String> labels = new HashMap<>(DockerClientFactory.DEFAULT_LABELS);
        labels.put(CitusClusterContainer.CLUSTER_LABEL, clusterId);
        labels.put(CitusClusterContainer.ROLE_LABEL, ReuseState.LOCK_ROLE);
        labels.put(HOLDER_LABEL, holder());
        try {
            String id = client.createContainerCmd(image).withName(ReuseState.lockName(clusterId))
                    .withEntrypoint("cat").withStdinOpen(true).withStdInOnce(true).withAttachStdin(true)
                    .withLabels(labels).withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                    .exec().getId();
            LOG.debug("Citus cluster {}: this JVM holds its lock and creates it", clusterId);
            return new ReuseLock(client, clusterId, id);
        } catch (ConflictException e) {
            return null; // another JVM was quicker
        }
    }

    static ReuseState state(DockerClient client, String clusterId) {
        List<Container> found = client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(CitusClusterContainer.CLUSTER_LABEL, clusterId)).exec();
        return new ReuseState(clusterId, found.stream().map(c -> new ReuseState.Entry(c.getId(),
                c.getNames() == null || c.getNames().length == 0 ? "" : c.getNames()[0].replaceFirst("^/", ""),
                c.getState(), c.getLabels() == null ? null : c.getLabels().get(CitusClusterContainer.ROLE_LABEL)))
                .collect(Collectors.toList()));
    }

    private static String holderOf(DockerClient client, ReuseState.Entry lock) {
        try {
            Map<String, String> labels = client.inspectContainerCmd(lock.id()).exec().getConfig().getLabels();
            return labels == null ? "an unknown JVM" : labels.getOrDefault(HOLDER_LABEL, "an unknown JVM");
        } catch (NotFoundException e) {
            return "a JVM whose lock is gone now";
        }
    }

    private static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now();
    }

    private static void removeQuietly(DockerClient client, String idOrName) {
        try {
            client.removeContainerCmd(idOrName).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // gone already
        }
    }

    /** Standard input for the lock that never sends anything and ends when the lock is released. */
    private final class HeldOpen extends InputStream {
        @Override
        public int read() throws java.io.IOException {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    /** A waiter's view of one lock over time: when it first saw it created and not started. */
    static final class Staleness {
        private String createdId;
        private long createdSince;

        /** Null while the holder is alive; otherwise why the lock is stale. */
        String of(ReuseState.Entry lock, long nowNanos) {
            if (lock.running()) {
                return null;
            }
            if ("created".equals(lock.state())) {
                if (!lock.id().equals(createdId)) {
                    createdId = lock.id();
                    createdSince = nowNanos;
                }
                long seen = nowNanos - createdSince;
                return seen < CREATED_GRACE.toNanos() ? null : "created and not started for "
                        + TimeUnit.NANOSECONDS.toSeconds(seen) + " s: its holder ended before it could start it";
            }
            return "it is " + lock.state() + ": its holder's connection to Docker ended";
        }
    }
}
