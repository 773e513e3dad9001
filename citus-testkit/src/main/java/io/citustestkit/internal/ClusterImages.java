package io.citustestkit.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
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
 * <p>A fresh machine (the tuned image of this base not built yet) does not make a cluster wait for the build: the
 * cluster runs on the base image with {@link PlainImageStart}, as {@code withTunedImage(false)} does, and the tuned
 * image is built in the background once that cluster is ready ({@link #afterStart()}); later clusters run it. Not so
 * for a reusable cluster (its image is part of what later JVMs find it by) or where {@value #BACKGROUND_PROPERTY} is
 * {@code false}: they build it first, as before. {@link #choose} is the decision.
 *
 * @param plainStart whether the nodes start with {@link PlainImageStart} (the base image, run as it is, has the
 *     official entrypoint)
 * @param pendingBuild the tuned image's build to start once the cluster is ready, or null
 */
public record ClusterImages(String base, String run, boolean tuned, boolean plainStart, TunedImageBuild pendingBuild) {

    /**
     * System property: {@code false} makes the first cluster on a machine without the tuned image wait for its build
     * (the behaviour before background builds); default {@code true}.
     */
    public static final String BACKGROUND_PROPERTY = "citustestkit.tuned.background";

    /** What a cluster start runs. */
    public enum Choice {
        /** the base image as it is: {@code withTunedImage(false)} */
        BASE,
        /** the tuned image, present */
        TUNED,
        /** the tuned image, built first */
        BUILD_FIRST,
        /** the base image with the plain start while the tuned image builds in the background */
        BASE_WHILE_BUILDING
    }

    /** How to choose another image, for the message of one that cannot be had. */
    public static final String CHOOSE_ANOTHER = "Choose another with new CitusClusterContainer(\"citusdata/citus:<tag>\")"
            + " or, under @CitusCluster, its image attribute or the system property citustestkit.image.";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterImages.class);
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

    /**
     * Resolves the requested image (the container's own, with the user's pull policy) and the image to run;
     * {@code reusable}: the cluster is a reusable one.
     */
    public static ClusterImages resolve(RemoteDockerImage requested, boolean tuned, boolean reusable) {
        ImagePipeline.Resolved base = ImagePipeline.resolveLocal(requested);
        boolean plainStart = PlainImageStart.supports(base.image());
        if (!tuned) {
            return new ClusterImages(base.name(), base.name(), false, plainStart, null);
        }
        DockerImageName tag = TunedImages.tagFor(DockerImageName.parse(base.name()), base.id());
        boolean present = Images.isPresentLocally(DockerClientFactory.instance().client(), tag);
        switch (choose(true, present, reusable, plainStart, !"false".equalsIgnoreCase(
                System.getProperty(BACKGROUND_PROPERTY, "true").trim()), TunedImageBuild.failedInBackground(tag))) {
            case TUNED:
                return new ClusterImages(base.name(), tag.asCanonicalNameString(), true, false, null);
            case BASE_WHILE_BUILDING:
                LOG.info("Tuned image {} is not built yet: this cluster runs {} and the tuned image builds in the"
                        + " background once it is ready (docs/image.md, \"First use on a fresh machine\")",
                        tag.asCanonicalNameString(), base.name());
                return new ClusterImages(base.name(), base.name(), false, true,
                        TunedImageBuild.of(DockerImageName.parse(base.name()), tag));
            default:
                return new ClusterImages(base.name(),
                        TunedImages.resolve(base.name(), base.id()).asCanonicalNameString(), true, false, null);
        }
    }

    /**
     * What a start runs: {@code tunedAsked} ({@code withTunedImage}), whether the tuned image is {@code present},
     * whether the cluster is {@code reusable}, whether the base image {@code supportsPlainStart}, whether
     * {@code background} builds are allowed ({@value #BACKGROUND_PROPERTY}), and whether one {@code failedBefore} in
     * this JVM (then the build runs first, and a failure is reported to the test that starts the cluster).
     */
    static Choice choose(boolean tunedAsked, boolean present, boolean reusable, boolean supportsPlainStart,
            boolean background, boolean failedBefore) {
        if (!tunedAsked) {
            return Choice.BASE;
        }
        if (present) {
            return Choice.TUNED;
        }
        return reusable || !supportsPlainStart || !background || failedBefore ? Choice.BUILD_FIRST
                : Choice.BASE_WHILE_BUILDING;
    }

    /**
     * Called once the cluster is ready or its start failed: starts the tuned image's background build, if this start
     * deferred one (else nothing).
     */
    public void afterStart() {
        if (pendingBuild != null) {
            pendingBuild.startInBackground();
        }
    }

    /** The image every node runs, for a container: local, never substituted again. */
    public RemoteDockerImage runImage() {
        return ImagePipeline.local(run);
    }
}
