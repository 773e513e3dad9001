package io.citustestkit.testsupport;

import io.citustestkit.CitusClusterContainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;

/**
 * What an IT with one cluster per image needs, whichever images it runs on ({@link PerImageCluster}: every test
 * image; {@link PerLineCluster}: one per kind of line): the subclass says how the cluster is configured and what it
 * holds; an absent image starts nothing and skips each test with the reason naming it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ImageClusterBase {

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
