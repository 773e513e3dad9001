package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectImageResponse;
import io.citustestkit.internal.TunedImages;
import io.citustestkit.internal.Waits;
import io.citustestkit.testsupport.FreshBase;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * A fresh machine (the tuned image of the base not built): the first cluster does not wait for the build, it runs on
 * the base image and works; the tuned image appears afterwards, the same as one built in the foreground, and the next
 * cluster runs it.
 */
class FreshRunnerIT {

    @Test
    void theFirstClusterRunsTheBaseImageWhileTheTunedImageBuildsAndTheNextRunsTheTunedImage() throws Exception {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        try (AutoCloseable backgroundBuildsOn = FreshBase.backgroundBuilds(); FreshBase base = FreshBase.of(image)) {
            assertThat(base.tunedPresent()).isFalse();

            try (CitusClusterContainer first = new CitusClusterContainer(base.image()).withWorkers(2)) {
                first.start();
                assertThat(first.isTunedImage()).isFalse();
                assertThat(first.getDockerImageName()).isEqualTo(base.image().asCanonicalNameString());
                assertWorks(first);

                // built in the background once the cluster was ready; the tag appears only when the build is whole
                Waits.until(Duration.ofMinutes(5), Duration.ofMillis(500),
                        () -> base.tunedPresent() ? null : "tuned image " + base.tunedTag() + " not built yet",
                        IllegalStateException::new);
                // the cluster that started on the base image keeps running it
                assertThat(first.isTunedImage()).isFalse();
                assertWorks(first);
            }

            DockerImageName foreground = DockerImageName.parse(TunedImages.REPOSITORY + ":fresh-it-foreground");
            try {
                TunedImages.build(base.image(), foreground, false);
                InspectImageResponse background = inspect(base.tunedTag());
                InspectImageResponse built = inspect(foreground);
                assertThat(background.getConfig().getLabels()).isEqualTo(built.getConfig().getLabels());
                assertThat(background.getConfig().getEntrypoint()).isEqualTo(built.getConfig().getEntrypoint());
                assertThat(background.getConfig().getEnv()).isEqualTo(built.getConfig().getEnv());
                assertThat(background.getRootFS().getLayers()).isEqualTo(built.getRootFS().getLayers());
            } finally {
                DockerClientFactory.instance().client().removeImageCmd(foreground.asCanonicalNameString()).exec();
            }

            try (CitusClusterContainer second = new CitusClusterContainer(base.image()).withWorkers(2)) {
                second.start();
                assertThat(second.isTunedImage()).isTrue();
                assertThat(second.getDockerImageName()).isEqualTo(base.tunedTag().asCanonicalNameString());
                assertWorks(second);
            }
        }
    }

    private static InspectImageResponse inspect(DockerImageName image) {
        return DockerClientFactory.instance().client().inspectImageCmd(image.asCanonicalNameString()).exec();
    }

    private static void assertWorks(CitusClusterContainer cluster) throws Exception {
        try (Connection c = cluster.createConnection("")) {
            exec(c, "CREATE TABLE IF NOT EXISTS fresh_events (tenant int, payload text)",
                    "SELECT create_distributed_table('fresh_events', 'tenant', shard_count => 4)"
                            + " WHERE NOT EXISTS (SELECT 1 FROM citus_tables WHERE table_name = 'fresh_events'::regclass)",
                    "TRUNCATE fresh_events",
                    "INSERT INTO fresh_events SELECT i, 'p' || i FROM generate_series(1, 50) i");
            assertThat(count(c, "SELECT count(*) FROM fresh_events")).isEqualTo(50);
            assertThat(count(c, "SELECT count(DISTINCT nodename) FROM citus_shards"
                    + " WHERE table_name = 'fresh_events'::regclass")).isEqualTo(2);
            assertThat(count(c, "SELECT count(*) FROM citus_check_cluster_node_health() WHERE NOT result")).isZero();
        }
    }
}
