package io.citustestkit;

import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.internal.ClusterMembership;
import io.citustestkit.internal.NodeAddressing;
import io.citustestkit.internal.Waits;
import io.citustestkit.testsupport.PerImageCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's registration when another writer of group 0 is in the middle of registering it too, as the tuned
 * image's own start does ({@code runtime/after-start.sh}: under {@code LOCK TABLE pg_dist_node IN EXCLUSIVE MODE},
 * only when group 0 is empty). On Citus 12.1, whose {@code citus_set_coordinator_host} looks for group 0 before it
 * locks, the kit's registration failed intermittently with "group 0 already has a primary node" when the two met;
 * here they meet every time.
 */
class CoordinatorRegistrationIT extends PerImageCluster {

    @Override
    protected CitusClusterContainer newCluster(String image) {
        return new CitusClusterContainer(image).withWorkers(1);
    }

    @Test
    void theKitsRegistrationWaitsForTheImagesAndItsAddressStays() throws Exception {
        try (Connection image = cluster.createConnection(""); Connection kit = cluster.createConnection("");
                Connection observer = cluster.createConnection("")) {
            // as at a first start: no coordinator registered yet, neither on the coordinator nor on the worker, which
            // has Citus' metadata (a coordinator registered now is added there too)
            exec(image, "DELETE FROM pg_dist_node WHERE groupid = 0");
            for (CitusNode worker : cluster.getWorkers()) {
                try (Connection w = worker.createConnection()) {
                    exec(w, "DELETE FROM pg_dist_node WHERE groupid = 0");
                }
            }
            // the image's writer, half-way: it holds the lock and has inserted group 0 under the container's hostname
            image.setAutoCommit(false);
            exec(image, "LOCK TABLE pg_dist_node IN EXCLUSIVE MODE",
                    "SELECT citus_set_coordinator_host('coordinator-hostname', 5432)"
                            + " WHERE NOT EXISTS (SELECT 1 FROM pg_dist_node WHERE groupid = 0)");

            ClusterMembership members =
                    new ClusterMembership(NodeAddressing.networkAliases(), cluster.getClusterId(), Duration.ofSeconds(30));
            CompletableFuture<Void> registration = CompletableFuture.runAsync(() -> members.registerCoordinator(kit, false));
            assertThat(registration).as("the kit's registration waits for the lock").isNotDone();
            awaitLockWait(observer);

            image.commit();
            registration.get(30, TimeUnit.SECONDS); // no "group 0 already has a primary node"
            image.setAutoCommit(true);

            assertThat(strings(image, "SELECT nodename || ':' || nodeport FROM pg_dist_node"
                    + " WHERE groupid = 0 AND noderole = 'primary'")).containsExactly("coordinator:5432");
        }
        try (Connection c = cluster.createConnection("")) {
            assertThat(strings(c, "SELECT bool_and(result)::text FROM citus_check_cluster_node_health()"))
                    .containsExactly("true");
            exec(c, "CREATE TABLE registered (id bigint PRIMARY KEY)", "SELECT create_distributed_table('registered', 'id')",
                    "INSERT INTO registered SELECT generate_series(1, 20)");
            assertThat(strings(c, "SELECT count(*) FROM registered")).containsExactly("20");
            exec(c, "DROP TABLE registered");
        }
    }

    /** Until the kit's session waits for a lock (pg_stat_activity says so), 10 s at most. */
    private static void awaitLockWait(Connection observer) {
        String sql = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND backend_type = 'client backend'";
        Waits.until(Duration.ofSeconds(10), Duration.ofMillis(20), () -> {
            try {
                return "1".equals(strings(observer, sql).get(0)) ? null : "no session waits for a lock";
            } catch (SQLException e) {
                return e.getMessage();
            }
        }, last -> new IllegalStateException("the kit's registration did not wait for the image's: " + last));
    }
}
