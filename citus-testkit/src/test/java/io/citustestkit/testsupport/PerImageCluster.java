package io.citustestkit.testsupport;

import io.citustestkit.CitusClusterContainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Base of ITs that run once per test image with one cluster per image: the subclass says how the cluster is
 * configured and what it holds; an absent image starts nothing and skips each test with the reason naming it.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.citustestkit.testsupport.TestImages#all")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PerImageCluster {

    @Parameter
    protected String image;

    protected CitusClusterContainer cluster;

    /** The (not yet started) cluster for one image. */
    protected abstract CitusClusterContainer newCluster(String image);

    /** Runs once after the cluster started, e.g. to create shared tables. */
    protected void afterStart() throws Exception {}

    @BeforeParameterizedClassInvocation
    void startCluster() throws Exception {
        if (TestImages.unavailableReason(image) != null) {
            return; // each test is skipped with the reason, see requireImage()
        }
        cluster = newCluster(image);
        cluster.start();
        afterStart();
    }

    /** Each test shows why it was skipped (a class-level assumption alone leaves no reason in reports). */
    @BeforeEach
    void requireImage() {
        TestImages.assumeAvailable(image);
    }

    @AfterParameterizedClassInvocation
    void stopCluster() {
        if (cluster != null) {
            cluster.stop();
            cluster = null;
        }
    }
}
