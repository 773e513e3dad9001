package io.citustestkit;

import io.citustestkit.internal.PatroniImages;
import io.citustestkit.internal.TunedImages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.testcontainers.utility.DockerImageName;

/**
 * Builds the kit's images ahead of the tests, for a CI step before the test run or an image cache: the tuned image of
 * each base image given ({@link CitusClusterContainer#withTunedImage(boolean)}) and, with {@value #PATRONI}, the image
 * {@link io.citustestkit.ha.PatroniCitusCluster} runs. An image already present is found, not built again. The tags are
 * the ones the clusters look for (derived from the base image's id and the kit's bundled files), so a later run with
 * the same kit version and base images builds nothing. Base images go through Testcontainers' pipeline as a cluster's
 * do (name substitution, pull policy, credentials).
 *
 * <p>From a build that has the kit on its test classpath (see docs/ci.md, "Fresh runners"); the tags are printed one
 * a line:
 *
 * <pre>
 * ./mvnw -q org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.citustestkit.PrebuildImages -Dexec.args="citusdata/citus:13.2.0 --patroni"
 * </pre>
 *
 * <p>Or from code:
 *
 * <pre>{@code
 * List<String> tags = PrebuildImages.build("citusdata/citus:13.2.0", "--patroni");
 * // [localhost/citustestkit/citus-tuned:13.2.0-<hash>, localhost/citustestkit/citus-patroni:13.2.0-<hash>]
 * }</pre>
 */
public final class PrebuildImages {

    /** The argument that adds each base image's Patroni image. */
    public static final String PATRONI = "--patroni";

    private PrebuildImages() {}

    /**
     * Builds what is missing and prints each image's tag on a line of its own (standard output; how long each took goes
     * to standard error).
     *
     * @param args as {@link #build(String...)}
     */
    public static void main(String... args) {
        for (String tag : build(args)) {
            System.out.println(tag);
        }
    }

    /**
     * Builds what is missing and returns the tags, in order: for each base image its tuned image, then (with
     * {@value #PATRONI}) its Patroni image.
     *
     * @param args base image names ({@code citusdata/citus:<tag>}; none = {@link CitusClusterContainer#DEFAULT_IMAGE})
     *     and {@value #PATRONI}, in any order
     * @return the tags, such as {@code localhost/citustestkit/citus-tuned:13.2.0-<hash>}
     * @throws IllegalArgumentException naming the argument and what is allowed, before anything is built
     * @throws org.testcontainers.containers.ContainerLaunchException naming the image when a base image cannot be had
     *     or a build fails
     */
    public static List<String> build(String... args) {
        Request request = Request.parse(args);
        List<String> tags = new ArrayList<>();
        for (DockerImageName base : request.bases()) {
            long t0 = System.nanoTime();
            tags.add(report(TunedImages.resolve(base), t0));
            if (request.patroni()) {
                t0 = System.nanoTime();
                tags.add(report(PatroniImages.resolve(base), t0));
            }
        }
        return Collections.unmodifiableList(tags);
    }

    private static String report(DockerImageName image, long t0) {
        String tag = image.asCanonicalNameString();
        System.err.println("[citus-testkit] " + tag + " ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return tag;
    }

    /** The arguments, checked before anything is built. */
    record Request(List<DockerImageName> bases, boolean patroni) {

        static final String ALLOWED = "allowed: base image names such as citusdata/citus:13.2.0, and " + PATRONI;

        static Request parse(String... args) {
            if (args == null) {
                throw new IllegalArgumentException("arguments were null; " + ALLOWED);
            }
            boolean patroni = false;
            List<DockerImageName> bases = new ArrayList<>();
            for (String arg : args) {
                if (arg == null || arg.isBlank()) {
                    throw new IllegalArgumentException("argument was " + (arg == null ? "null" : "blank (\"" + arg
                            + "\")") + "; " + ALLOWED);
                }
                if (PATRONI.equals(arg)) {
                    patroni = true;
                } else if (arg.startsWith("-")) {
                    throw new IllegalArgumentException("argument was " + arg + "; " + ALLOWED);
                } else {
                    bases.add(image(arg));
                }
            }
            if (bases.isEmpty()) {
                bases.add(DockerImageName.parse(CitusClusterContainer.DEFAULT_IMAGE));
            }
            return new Request(List.copyOf(bases), patroni);
        }

        private static DockerImageName image(String arg) {
            try {
                DockerImageName image = DockerImageName.parse(arg);
                image.assertValid();
                return image;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("argument was " + arg + ", not a valid image name (" + e.getMessage()
                        + "); " + ALLOWED, e);
            }
        }
    }
}
