package io.citustestkit.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The host ports of host-reachable nodes, one per node and fixed for the node's life (a node started again in place
 * keeps its address). They come from {@value #FIRST}..{@value #LAST}, below Linux's ephemeral range (32768-60999)
 * where Docker and the system pick ports, so they do not meet the random ports of other containers. Within a JVM a
 * port is handed out once until released (clusters started at once never clash); a port something on this machine
 * listens on is skipped; a clash with another JVM or host at {@code docker start} is recognised
 * ({@link #clashed(Throwable)}) and the start tried again with new ports. A reusable cluster has fixed ports derived
 * from its id, so a later JVM creates the same containers and Testcontainers finds them.
 *
 * <pre>{@code
 * int port = HostPorts.reserveFree();   // 2xxxx, not used by this JVM nor bound on this machine
 * HostPorts.release(port);
 * }</pre>
 */
public final class HostPorts {

    /** The lowest port handed out. */
    public static final int FIRST = 20000;

    /** The highest port handed out. */
    public static final int LAST = 31999;

    /** Ports of one reusable cluster: the coordinator and the most workers. */
    static final int SLOT = 1 + ClusterConfig.MAX_WORKERS;

    private static final Set<Integer> RESERVED = new HashSet<>();

    private HostPorts() {}

    /** A port no cluster of this JVM holds and nothing on this machine listens on, now reserved. */
    public static synchronized int reserveFree() {
        int size = LAST - FIRST + 1;
        int start = ThreadLocalRandom.current().nextInt(size);
        for (int i = 0; i < size; i++) {
            int port = FIRST + (start + i) % size;
            if (!RESERVED.contains(port) && bindable(port)) {
                RESERVED.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free host port for a host-reachable node in " + FIRST + ".." + LAST);
    }

    /** The fixed port of node {@code ordinal} (0 = coordinator) of the reusable cluster {@code clusterId}. */
    public static int reusablePort(String clusterId, int ordinal) {
        int slots = (LAST - FIRST + 1) / SLOT;
        return FIRST + Math.floorMod(clusterId.hashCode(), slots) * SLOT + Math.floorMod(ordinal, SLOT);
    }

    /** Gives a port back. */
    public static synchronized void release(int port) {
        RESERVED.remove(port);
    }

    /**
     * Whether a failed start is tried again: a start with fresh host ports (host-reachable, not reusable) whose host
     * port was taken meanwhile by another JVM or program, at most three times in all.
     */
    public static boolean startAgain(int attempt, boolean freshPorts, Throwable failure) {
        return attempt < 3 && freshPorts && clashed(failure);
    }

    /**
     * Runs {@code start}; on failure {@code failed} cleans up and gives what to throw, unless the start is tried again
     * ({@link #startAgain}).
     */
    public static void start(boolean freshPorts, Runnable start, Function<RuntimeException, RuntimeException> failed) {
        for (int attempt = 1;; attempt++) {
            try {
                start.run();
                return;
            } catch (RuntimeException e) {
                RuntimeException failure = failed.apply(e);
                if (!startAgain(attempt, freshPorts, e)) {
                    throw failure;
                }
            }
        }
    }

    /** Whether a failed start failed because a host port was taken (by Docker or by another program). */
    public static boolean clashed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("port is already allocated") || m.contains("address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** Whether this machine can bind a port now (no other process holds it). */
    public static boolean isFree(int port) {
        return bindable(port);
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
