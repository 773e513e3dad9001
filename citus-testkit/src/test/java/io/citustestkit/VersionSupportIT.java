package io.citustestkit;

import static io.citustestkit.testsupport.DockerResources.containersOf;
import static io.citustestkit.testsupport.DockerResources.networksOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.citustestkit.testsupport.TestImages;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.output.OutputFrame;

/**
 * A Citus older than the supported range (an image with Citus 11.3 on PostgreSQL 15) is refused as soon as the
 * coordinator answers, naming the image, both versions and the supported range, and nothing is left behind. Prints
 * the time from the coordinator's "ready to accept connections" (its log) to the refusal.
 */
class VersionSupportIT {

    @ParameterizedTest(name = "tuned image: {0}")
    @ValueSource(booleans = {true, false})
    void citusOlderThan12Point1IsRefusedNamingImageVersionsAndRangeAndNothingIsLeft(boolean tuned) {
        String image = TestImages.UNSUPPORTED;
        TestImages.assumeAvailable(image);
        AtomicLong coordinatorReady = new AtomicLong();
        CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(2).withTunedImage(tuned)
                .withLogConsumer((OutputFrame f) -> {
                    if (f.getUtf8String().contains("ready to accept connections")) {
                        coordinatorReady.set(System.nanoTime()); // the last one: a plain image's set-up server comes first
                    }
                });
        long started = System.nanoTime();
        UnsupportedCitusVersionException e = catchThrowableOfType(UnsupportedCitusVersionException.class, cluster::start);
        long refused = System.nanoTime();

        assertThat(e).as("what start() threw").isNotNull();
        assertThat(e.getMessage()).startsWith("image " + image + " has Citus 11.3.")
                .contains(" on PostgreSQL 15.")
                .contains("; citus-testkit supports Citus 12.1 to 14.x on PostgreSQL 15 to 18.")
                .contains("citusdata/citus:12.1-pg15");
        assertThat(e.getImage()).isEqualTo(image);
        assertThat(e.getCitusVersion()).startsWith("11.3.");
        assertThat(e.getPostgresVersion()).startsWith("15.");
        assertThat(containersOf(cluster.getClusterId())).as("containers of the refused cluster").isEmpty();
        assertThat(networksOf(cluster.getClusterId())).as("networks of the refused cluster").isEmpty();

        assertThat(coordinatorReady.get()).as("the coordinator's ready line was seen").isNotZero();
        Duration afterReady = Duration.ofNanos(refused - coordinatorReady.get());
        System.out.printf("refusal of %s (tuned image: %s): %d ms after the coordinator was ready, %d ms after start()%n",
                image, tuned, afterReady.toMillis(), Duration.ofNanos(refused - started).toMillis());
        assertThat(afterReady).as("from the coordinator's ready line to the refusal (the removal of the cluster"
                + " included)").isLessThan(FailureIT.AT_ONCE);
    }
}
