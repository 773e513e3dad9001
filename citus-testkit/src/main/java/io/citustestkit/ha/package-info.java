/**
 * High availability: a Citus cluster in which every group (coordinator group 0, worker groups 1..n) is a
 * Patroni cluster of a primary and streaming replicas, coordinated through etcd, so that a test can see what
 * an application does across a switchover or a failover. Start with
 * {@link io.citustestkit.ha.PatroniCitusCluster}.
 *
 * <pre>{@code
 * try (PatroniCitusCluster cluster = new PatroniCitusCluster().withWorkerGroups(1)) {
 *     cluster.start();
 *     PatroniMember promoted = cluster.failover(1);   // kills worker group 1's primary
 * }
 * }</pre>
 */
package io.citustestkit.ha;
