package io.citustestkit.internal;

import org.testcontainers.images.RemoteDockerImage;
import org.testcontainers.utility.DockerImageName;

/**
 * The images of one cluster start: the requested base image resolved through Testcontainers' pipeline
 * ({@link ImagePipeline}), and the image the nodes run: the tuned image built on that resolved base, or the base
 * itself. Resolved once per start, before any container or network exists, so a missing image leaves nothing behind.
 *
 * <pre>{@code
 * ClusterImages images = ClusterImages.resolve(container.getImage(), true);
 * images.run();   // localhost/citustestkit/citus-tuned:13.2.0-<hash>
 * }</pre>
 *
 * @param base the resolved base image: after substitution (a registry mirror), present locally
 * @param run the image every node runs
 * @param tuned whether {@code run} is the tuned image
 * @param plainStart whether the nodes start with {@link PlainImageStart} (the base image, run as it is, has the
 *     official entrypoint)
 */
public record ClusterImages(String base, String run, boolean tuned, boolean plainStart) {

    /** How to choose another image, for the message of one that cannot be had. */
    public static final String CHOOSE_ANOTHER = "Choose another with new CitusClusterContainer(\"citusdata/citus:<tag>\")"
            + " or, under @CitusCluster, its image attribute or the system property citustestkit.image.";

    private static final DockerImageName CITUS_IMAGE = DockerImageName.parse("citusdata/citus");
    private static final DockerImageName TUNED_IMAGE = DockerImageName.parse("ghcr.io/citus-testkit/citus");

    /**
     * The image, when Testcontainers' compatibility check takes it as a Citus image; else a message how to declare it.
     * The container's first check, so it also checks that Testcontainers is 2.x ({@link TestcontainersVersion}).
     */
    public static DockerImageName requireCitus(DockerImageName image, String example) {
        TestcontainersVersion.requireSupported();
        Args.notNull("image", image);
        if (!image.isCompatibleWith(CITUS_IMAGE) && !image.isCompatibleWith(TUNED_IMAGE)) {
            throw new IllegalArgumentException("image was " + image.asCanonicalNameString()
                    + "; allowed: a citusdata/citus image (such as " + example + ") or one declared a Citus image the"
                    + " Testcontainers way: new CitusClusterContainer(DockerImageName.parse(\""
                    + image.asCanonicalNameString() + "\").asCompatibleSubstituteFor(\"citusdata/citus\"))"
                    + " (@CitusCluster(image) and the property citustestkit.image take any name as a Citus image)");
        }
        return image;
    }

    /** Resolves the requested image (the container's own, with the user's pull policy) and the image to run. */
    public static ClusterImages resolve(RemoteDockerImage requested, boolean tuned) {
        ImagePipeline.Resolved base = ImagePipeline.resolveLocal(requested);
        if (tuned) {
            return new ClusterImages(base.name(), TunedImages.resolve(base.name(), base.id()).asCanonicalNameString(),
                    true, false);
        }
        return new ClusterImages(base.name(), base.name(), false, PlainImageStart.supports(base.image()));
    }

    /** The image every node runs, for a container: local, never substituted again. */
    public RemoteDockerImage runImage() {
        return ImagePipeline.local(run);
    }
}
