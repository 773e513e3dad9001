package io.citustestkit.testsupport;

import io.citustestkit.CitusClusterContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of ITs that need one cluster on the primary test image only (what they check does not depend on the Citus
 * version): started once for the class, stopped after it; an absent image skips the class with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PrimaryImageCluster {

    protected CitusClusterContainer cluster;

    /** The (not yet started) cluster. */
    protected abstract CitusClusterContainer newCluster(String image);

    @BeforeAll
    void startCluster() {
        TestImages.assumeAvailable(TestImages.primary());
        cluster = newCluster(TestImages.primary());
        cluster.start();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.stop();
            cluster = null;
        }
    }
}
