package io.citustestkit.ha;

import java.time.Duration;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Base of the HA ITs that take one cluster through events: per Patroni test image one {@link PatroniCitusCluster}
 * of a coordinator group and one worker group with two members each, started before the first test of the run and
 * stopped after the last. The image is built before the clock starts, so {@link #startup} is the time to healthy.
 */
abstract class PerPatroniImageCluster extends PerPatroniImage {

    protected PatroniCitusCluster cluster;
    /** {@link PatroniCitusCluster#getJdbcUrl()} right after the start. */
    protected String url;
    /** {@link PatroniCitusCluster#getClusterId()}. */
    protected String clusterId;
    /** From {@code start()} to healthy (image build not included). */
    protected Duration startup;
    /** {@code patroni --version} of this run's image, e.g. {@code patroni 3.0.2}. */
    protected String patroni;

    /** Runs once after the cluster is healthy, e.g. to create shared tables. */
    protected void afterStart() throws Exception {}

    @BeforeParameterizedClassInvocation
    void startCluster() throws Exception {
        if (!imageAvailable()) {
            return; // each test is skipped with the reason, see requireImage()
        }
        patroniImage(); // the first run builds the image; build it outside the timed start
        long t = System.nanoTime();
        // tag::start[]
        cluster = new PatroniCitusCluster(image)    // default: citusdata/citus:13.2.0
                .withWorkerGroups(1)                 // default 2
                .withReplicas(1);                    // standbys per group, default 1
        cluster.start();
        url = cluster.getJdbcUrl();   // jdbc:postgresql://localhost:p1,localhost:p2/test?targetServerType=primary
        // end::start[]
        startup = Duration.ofNanos(System.nanoTime() - t);
        clusterId = cluster.getClusterId();
        patroni = patroniVersion(cluster.getPrimary(0).getContainer());
        afterStart();
    }

    @AfterParameterizedClassInvocation
    void stopCluster() {
        if (cluster != null) {
            cluster.stop();
            cluster = null;
        }
    }
}
