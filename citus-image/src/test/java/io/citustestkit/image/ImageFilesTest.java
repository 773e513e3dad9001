package io.citustestkit.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.internal.TunedImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/** The library bundles exactly the image's files, and derives the tuned image's tag from them. */
class ImageFilesTest {

    private static final Path IMAGE_DIR = Paths.get(System.getProperty("citustestkit.image.dir", "."));

    @Test
    void theLibraryBuildsTheTunedImageFromEveryFileOfTheImageDirectory() throws IOException {
        List<String> onDisk;
        try (Stream<Path> files = Files.walk(IMAGE_DIR.resolve("entrypoint.d"))) {
            onDisk = files.filter(Files::isRegularFile)
                    .map(p -> IMAGE_DIR.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        }
        onDisk.add(0, "Dockerfile");

        assertThat(TunedImages.FILES.keySet())
                .as("TunedImages.FILES must list every file the image is built from")
                .containsExactlyInAnyOrderElementsOf(onDisk);
    }

    @Test
    void bundledFilesAreTheOnesInGit() throws IOException {
        for (String path : TunedImages.FILES.keySet()) {
            assertThat(TunedImages.contents().get(path)).as(path).isEqualTo(Files.readAllBytes(IMAGE_DIR.resolve(path)));
        }
    }

    @Test
    void libraryAndImageGiveANodeItsOwnServerIdWithTheSameStatement() throws IOException {
        String lib = Files.readString(IMAGE_DIR.resolve("entrypoint.d/lib.sh"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("CTK_NEW_SERVER_ID_SQL=\"([^\"]*)\"").matcher(lib);
        assertThat(m.find()).as("CTK_NEW_SERVER_ID_SQL in lib.sh").isTrue();

        assertThat(normalized(m.group(1))).isEqualTo(normalized(io.citustestkit.internal.ClusterSql.NEW_SERVER_ID));
        assertThat(Files.readString(IMAGE_DIR.resolve("entrypoint.d/bake.sh"))).contains("citus_testkit_baked_server_id");
    }

    private static String normalized(String sql) {
        return sql.replaceAll("\\s+", " ").replaceAll(";\\s*$", "").trim();
    }

    @Test
    void scriptsThatAreExecutedAreExecutableAndSourcedOnesAreNot() {
        assertThat(TunedImages.FILES).containsEntry("entrypoint.d/entrypoint.sh", 0755)
                .containsEntry("entrypoint.d/runtime/healthcheck.sh", 0755)
                .containsEntry("entrypoint.d/init/10-validate.sh", 0644);
    }

    @Test
    void tagIsDerivedFromTheBaseImageAndTheFiles() {
        DockerImageName base = DockerImageName.parse("citusdata/citus:13.2.0");

        DockerImageName tag = TunedImages.tagFor(base, "sha256:1");

        assertThat(tag.getUnversionedPart()).isEqualTo(TunedImages.REPOSITORY);
        assertThat(tag.getVersionPart()).matches("13\\.2\\.0-[0-9a-f]{12}");
        assertThat(TunedImages.tagFor(base, "sha256:1")).isEqualTo(tag);
        assertThat(TunedImages.tagFor(base, "sha256:2")).as("a rebuilt base image").isNotEqualTo(tag);
        assertThat(TunedImages.tagFor(DockerImageName.parse("citusdata/citus:14.0.0-pg17"), "sha256:1").getVersionPart())
                .startsWith("14.0.0-pg17-");
    }
}
