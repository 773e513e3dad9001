package io.citustestkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What Docker holds of one reusable cluster at one moment, and what a start makes of it (no Docker calls here: the
 * decisions of {@link ReuseLock}, testable alone). Every container of the cluster carries its id label; the
 * {@code io.citustestkit.role} label tells a node ({@code coordinator}, {@code worker}) from the cluster's
 * {@linkplain #LOCK_ROLE lock}. The lock container has one of two names: {@link #lockName} while a JVM creates the
 * cluster, {@link #readyName} once the cluster is whole (the creator renames it: the lock's release and the "ready"
 * record are one atomic step).
 *
 * <pre>{@code
 * ReuseState state = new ReuseState(clusterId, entries);
 * if (state.isWhole(2)) { ... reuse without the lock ... }
 * }</pre>
 */
public final class ReuseState {

    /** Role label value of the lock (and ready record) container. */
    public static final String LOCK_ROLE = "reuse-lock";

    /** One container of the cluster: its id, name (without Docker's leading slash), state and role label. */
    public record Entry(String id, String name, String state, String role) {

        boolean running() {
            return "running".equals(state);
        }

        boolean node() {
            return "coordinator".equals(role) || "worker".equals(role);
        }

        @Override
        public String toString() {
            return name + " (" + state + ")";
        }
    }

    private final String clusterId;
    private final List<Entry> entries;

    public ReuseState(String clusterId, List<Entry> entries) {
        this.clusterId = clusterId;
        this.entries = List.copyOf(entries);
    }

    /** Name of the lock container while a JVM creates the cluster. */
    public static String lockName(String clusterId) {
        return "citustestkit-" + clusterId + "-lock";
    }

    /** Name of the same container once the cluster is whole. */
    public static String readyName(String clusterId) {
        return "citustestkit-" + clusterId + "-ready";
    }

    /** The lock while a JVM holds it (or held it and died), or null. */
    public Entry lock() {
        return named(lockName(clusterId));
    }

    /** The record that the cluster was made whole, or null. */
    public Entry ready() {
        return named(readyName(clusterId));
    }

    /**
     * The cluster can be used without the lock: its creator finished (ready record, no lock), and the coordinator and
     * exactly {@code workers} workers run, nothing else of it stopped or half there.
     */
    public boolean isWhole(int workers) {
        return lock() == null && nodesWhole(workers);
    }

    /** As {@link #isWhole} but for the lock: what a JVM holding the lock sees when another one finished just before. */
    public boolean nodesWhole(int workers) {
        if (ready() == null) {
            return false;
        }
        List<Entry> nodes = nodes();
        long coordinators = nodes.stream().filter(e -> "coordinator".equals(e.role()) && e.running()).count();
        long runningWorkers = nodes.stream().filter(e -> "worker".equals(e.role()) && e.running()).count();
        return coordinators == 1 && runningWorkers == workers && nodes.size() == 1 + workers;
    }

    /** Containers that are in the way of a fresh cluster (nodes, an old ready record); the held lock is not. */
    public List<Entry> leftovers() {
        List<Entry> left = new ArrayList<>(nodes());
        if (ready() != null) {
            left.add(ready());
        }
        return left;
    }

    /** Why the cluster is not whole, for the log: what there is. */
    public String describe(int workers) {
        if (entries.isEmpty()) {
            return "nothing of it exists";
        }
        String what = entries.stream().map(Entry::toString).collect(Collectors.joining(", "));
        String why = ready() == null ? "its creator never finished (no " + readyName(clusterId) + ")"
                : "it is not 1 running coordinator + " + workers + " running workers";
        return why + "; found: " + what;
    }

    private List<Entry> nodes() {
        return entries.stream().filter(Entry::node).collect(Collectors.toList());
    }

    private Entry named(String name) {
        return entries.stream().filter(e -> name.equals(e.name())).findFirst().orElse(null);
    }
}
