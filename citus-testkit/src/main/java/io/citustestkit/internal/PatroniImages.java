package io.citustestkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.images.RemoteDockerImage;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * The Patroni variant of the image (citus-image/patroni/, bundled as resources): built on top of a
 * {@code citusdata/citus} base image on first use, tagged from the base image and a hash of the bundled
 * files, and reused from then on (also by later JVMs: the tag says whether the files changed).
 */
public final class PatroniImages {

    /** Repository of the built images ({@code localhost/}: never substituted); the tag is {@code <base tag>-<hash>}. */
    public static final String REPOSITORY = "localhost/citustestkit/citus-patroni";

    /** Classpath folder holding the bundled Dockerfile and scripts. */
    static final String RESOURCE_DIR = "io/citustestkit/image/patroni/";

    /** The bundled files, in the order they are hashed. */
    static final List<String> FILES =
            List.of("Dockerfile", "citus-ha-entrypoint.sh", "render-patroni-config.py", "healthcheck.sh");

    /** What a missing base image's message says to do. */
    public static final String CHOOSE_ANOTHER =
            "Choose another base image with new PatroniCitusCluster(\"citusdata/citus:<version>\").";

    /** System property: how long building the image may take, in seconds (default 900). */
    public static final String BUILD_TIMEOUT_PROPERTY = "citustestkit.patroni.build.timeout";

    private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();

    private PatroniImages() {}

    /**
     * The Patroni image for this base image: the base goes through Testcontainers' pipeline (substitution, the pull
     * policy, failing fast), then the image is found locally or built now on the resolved base.
     */
    public static DockerImageName resolve(RemoteDockerImage base) {
        ImagePipeline.Resolved resolved = ImagePipeline.resolveLocal(base);
        DockerImageName image = imageFor(DockerImageName.parse(resolved.name()), resolved.id());
        synchronized (LOCKS.computeIfAbsent(image.asCanonicalNameString(), k -> new Object())) {
            if (!Images.isPresentLocally(DockerClientFactory.instance().client(), image)) {
                build(resolved.name(), image);
            }
            return image;
        }
    }

    /** {@link #resolve(RemoteDockerImage)} of a name with the default pull policy. */
    public static DockerImageName resolve(DockerImageName base) {
        return resolve(ImagePipeline.requested(base, CHOOSE_ANOTHER));
    }

    /**
     * The deterministic name of the Patroni image for a base image (nothing is built): the base's tag, then a hash of
     * the base's name, its image id and the bundled files, so a rebuilt base or a changed file gives a new tag.
     */
    public static DockerImageName imageFor(DockerImageName base, String baseImageId) {
        String version = base.getVersionPart().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
        String tag = version.length() > 100 ? version.substring(0, 100) : version;
        return DockerImageName.parse(REPOSITORY + ":" + tag + "-" + hash(base.asCanonicalNameString(), baseImageId));
    }

    static String hash(String baseName, String baseImageId) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(baseName.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(baseImageId.getBytes(StandardCharsets.UTF_8));
            for (String file : FILES) {
                digest.update((byte) 0);
                digest.update(file.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(read(file));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(String file) {
        String path = RESOURCE_DIR + file;
        try (InputStream in = PatroniImages.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing from the citus-testkit jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("could not read resource " + path, e);
        }
    }

    private static void build(String base, DockerImageName image) {
        ImageFromDockerfile build = new ImageFromDockerfile(image.asCanonicalNameString(), false)
                .withBuildArg("CITUS_BASE_IMAGE", base)
                .withBuildImageCmdModifier(cmd -> cmd.withForcerm(true)); // no intermediate container left on failure
        for (String file : FILES) {
            build.withFileFromClasspath(file, RESOURCE_DIR + file);
        }
        long timeout = KitProperties.seconds(BUILD_TIMEOUT_PROPERTY, Duration.ofSeconds(900)).toSeconds();
        try {
            build.get(timeout, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null && e.getCause() != e ? e.getCause() : e;
            throw new ContainerLaunchException("Building the Patroni image " + image.asCanonicalNameString() + " on "
                    + base + " failed: " + cause.getMessage()
                    + ". The build installs Debian's patroni and etcd packages with apt-get: the Docker build"
                    + " needs to reach a Debian mirror.", e);
        } catch (TimeoutException e) {
            throw new ContainerLaunchException("Building the Patroni image " + image.asCanonicalNameString()
                    + " took more than " + timeout + " s; raise -D" + BUILD_TIMEOUT_PROPERTY, e);
        }
    }
}
