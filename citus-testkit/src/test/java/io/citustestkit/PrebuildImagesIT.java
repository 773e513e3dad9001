package io.citustestkit;

import static io.citustestkit.testsupport.Sql.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.FreshBase;
import io.citustestkit.testsupport.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * The pre-builder on a fresh machine (the tuned image of the base not built): it prints one tag, the tuned image is then
 * present under it, and the next cluster on that base runs exactly that image, with no build and no start on the base
 * image (background builds switched on, as users have them).
 */
class PrebuildImagesIT {

    @Test
    void printsTheTagOfTheTunedImageTheNextClusterRuns() throws Exception {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        try (AutoCloseable backgroundBuildsOn = FreshBase.backgroundBuilds(); FreshBase base = FreshBase.of(image)) {
            assertThat(base.tunedPresent()).isFalse();

            String printed = mainOutput(base.image().asCanonicalNameString());
            assertThat(printed).isEqualTo(base.tunedTag().asCanonicalNameString() + System.lineSeparator());
            assertThat(base.tunedPresent()).isTrue();

            try (CitusClusterContainer cluster = new CitusClusterContainer(base.image()).withWorkers(1)) {
                cluster.start();
                assertThat(cluster.isTunedImage()).isTrue();
                assertThat(cluster.getDockerImageName()).isEqualTo(printed.strip());
                assertThat(cluster.getWorker(0).getContainer().getDockerImageName()).isEqualTo(printed.strip());
                try (Connection c = cluster.createConnection("")) {
                    assertThat(count(c, "SELECT count(*) FROM citus_get_active_worker_nodes()")).isEqualTo(1);
                }
            }

            // a second run finds the image: the same tag, nothing built
            assertThat(mainOutput(base.image().asCanonicalNameString())).isEqualTo(printed);
        }
    }

    /** What {@link PrebuildImages#main} prints on standard output. */
    private static String mainOutput(String... args) {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            PrebuildImages.main(args);
        } finally {
            System.setOut(before);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
