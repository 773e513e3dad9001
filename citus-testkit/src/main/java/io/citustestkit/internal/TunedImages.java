package io.citustestkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The test-tuned image derived from a {@code citusdata/citus} base image. The library jar bundles
 * {@code citus-image/Dockerfile} and {@code citus-image/entrypoint.d/**} (one copy in git) under
 * {@value #RESOURCE_ROOT}; {@link #resolve(String, String)} builds them on top of the base image with
 * Testcontainers' {@link ImageFromDockerfile} (build argument {@code CITUS_BASE_IMAGE}) the first time, and
 * reuses the result afterwards, in this JVM and in later ones: the tag is derived from the base image (its name
 * and image id) and a hash of the bundled files, so a changed file or a rebuilt base gives a new tag.
 *
 * <pre>{@code
 * DockerImageName tuned = TunedImages.resolve("citusdata/citus:13.2.0", baseImageId);
 * // localhost/citustestkit/citus-tuned:13.2.0-<hash12>
 * }</pre>
 *
 * <p>Not API: use {@code CitusClusterContainer.withTunedImage(boolean)}.
 */
public final class TunedImages {

    /**
     * Repository of the tuned images in the local image store. A {@code localhost/} name, as Testcontainers gives the
     * images it builds: substitution to a registry mirror ({@code hub.image.name.prefix}) leaves it alone.
     */
    public static final String REPOSITORY = "localhost/citustestkit/citus-tuned";

    /** Where the build bundles the image files on the classpath. */
    public static final String RESOURCE_ROOT = "io/citustestkit/image/";

    /** Build argument naming the base image (the Dockerfile's {@code FROM ${CITUS_BASE_IMAGE}}). */
    public static final String BASE_IMAGE_ARG = "CITUS_BASE_IMAGE";

    /**
     * Every file of the build context, relative to {@code citus-image/}, with its file mode. A test in
     * citus-image checks this list against the directory.
     */
    public static final Map<String, Integer> FILES = files();

    /**
     * The data directory the image initialises at build time ({@code CTK_BAKED} in {@code entrypoint.d/lib.sh}).
     * A container started with {@code PGDATA} set to it uses it in place: nothing is copied at start.
     */
    public static final String BAKED_DATA_DIRECTORY = "/opt/citus-testkit/pgdata";

    /**
     * User, password and database the baked directory was made with ({@code entrypoint.d/bake.sh}); a node with others
     * gets them applied to it at its first start, and the baked ones stop working there.
     */
    public static final String BAKED_CREDENTIAL = "test";

    private static volatile Map<String, byte[]> contents;

    private TunedImages() {}

    /**
     * True when a node with these credentials can use the baked data directory in place. Credentials other than the
     * baked ones are applied to it at the node's first start, before its server starts (user renamed, password set,
     * database renamed: {@code ctk_adapt_credentials} in {@code entrypoint.d/lib.sh}). Not for the names that image
     * script leaves to initdb ({@code ctk_credentials_not_adaptable}): a user starting with {@code pg_}, the template
     * databases, names over 63 bytes or with line breaks; such nodes run initdb in their own data directory.
     */
    public static boolean canUseBakedDirectory(String database, String user, String password) {
        return adaptableName(database) && adaptableName(user) && !user.startsWith("pg_")
                && !"template0".equals(database) && !"template1".equals(database)
                && password != null && !password.isEmpty();
    }

    private static boolean adaptableName(String name) {
        return name != null && !name.isEmpty() && name.getBytes(StandardCharsets.UTF_8).length <= 63
                && name.indexOf('\n') < 0 && name.indexOf('\r') < 0;
    }

    private static Map<String, Integer> files() {
        Map<String, Integer> files = new LinkedHashMap<>();
        files.put("Dockerfile", 0644);
        files.put("entrypoint.d/entrypoint.sh", 0755);
        files.put("entrypoint.d/lib.sh", 0644);
        files.put("entrypoint.d/bake.sh", 0755);
        files.put("entrypoint.d/initdb.d/001-create-citus-extension.sh", 0644);
        files.put("entrypoint.d/init/10-validate.sh", 0644);
        files.put("entrypoint.d/init/20-data-directory.sh", 0644);
        files.put("entrypoint.d/init/30-configure.sh", 0644);
        files.put("entrypoint.d/init/40-after-start.sh", 0644);
        files.put("entrypoint.d/runtime/after-start.sh", 0755);
        files.put("entrypoint.d/runtime/healthcheck.sh", 0755);
        return java.util.Collections.unmodifiableMap(files);
    }

    /**
     * The tuned image of a requested base image: the base goes through Testcontainers' pipeline first (substitution,
     * the default pull policy, failing fast), then {@link #resolve(String, String)}.
     */
    public static DockerImageName resolve(DockerImageName base) {
        ImagePipeline.Resolved resolved = ImagePipeline.resolveLocal(ImagePipeline.requested(base,
                "Choose another base image."));
        return resolve(resolved.name(), resolved.id());
    }

    /**
     * The tuned image for a base image that is present locally (the name Testcontainers' pipeline resolved, and its
     * image id): found in the local image store, or built now (once per tag, even when several clusters ask at the
     * same time).
     *
     * @throws ContainerLaunchException naming the base image when the build fails
     */
    public static DockerImageName resolve(String base, String baseImageId) {
        DockerImageName tuned = tagFor(DockerImageName.parse(base), baseImageId);
        if (Images.isPresentLocally(DockerClientFactory.instance().client(), tuned)) {
            return tuned;
        }
        return TunedImageBuild.of(DockerImageName.parse(base), tuned).join();
    }

    /**
     * Builds the tuned image of {@code base} under {@code tag} now, whether or not it exists; {@code noCache}
     * ignores Docker's layer cache (for the benchmark's first-build figure).
     */
    public static void build(DockerImageName base, DockerImageName tag, boolean noCache) {
        build(base, tag, noCache, null);
    }

    /** {@link #build(DockerImageName, DockerImageName, boolean)}; {@code cpuShares} (null: Docker's) for its steps. */
    static void build(DockerImageName base, DockerImageName tag, boolean noCache, String cpuShares) {
        ImageFromDockerfile image = new ImageFromDockerfile(tag.asCanonicalNameString(), false)
                .withBuildArg(BASE_IMAGE_ARG, base.asCanonicalNameString())
                // a failed build leaves no stopped intermediate container behind
                .withBuildImageCmdModifier(cmd -> cmd.withForcerm(true));
        if (noCache) {
            image.withBuildImageCmdModifier(cmd -> cmd.withNoCache(true));
        }
        if (cpuShares != null) {
            image.withBuildImageCmdModifier(cmd -> cmd.withCpushares(cpuShares));
        }
        for (Map.Entry<String, byte[]> file : contents().entrySet()) {
            image.withFileFromTransferable(file.getKey(), Transferable.of(file.getValue(), FILES.get(file.getKey())));
        }
        try {
            image.get();
        } catch (RuntimeException e) {
            throw new ContainerLaunchException("Building the tuned image " + tag.asCanonicalNameString() + " on top of "
                    + base.asCanonicalNameString() + " failed: " + rootMessage(e)
                    + ". Use withTunedImage(false) to run the base image unchanged.", e);
        }
    }

    /** The tag of the tuned image of a base image with the given image id. */
    public static DockerImageName tagFor(DockerImageName base, String baseImageId) {
        MessageDigest digest = sha256();
        update(digest, base.asCanonicalNameString());
        update(digest, baseImageId == null ? "" : baseImageId);
        for (Map.Entry<String, byte[]> file : contents().entrySet()) {
            update(digest, file.getKey());
            update(digest, Integer.toOctalString(FILES.get(file.getKey())));
            digest.update(file.getValue());
        }
        String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        return DockerImageName.parse(REPOSITORY + ":" + tagPrefix(base) + "-" + hash);
    }

    /** Hash (12 hex digits) of the bundled files alone: changes whenever the image's files change. */
    public static String filesHash() {
        MessageDigest digest = sha256();
        for (Map.Entry<String, byte[]> file : contents().entrySet()) {
            update(digest, file.getKey());
            digest.update(file.getValue());
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }

    /** The bundled files, read once from the classpath. */
    public static Map<String, byte[]> contents() {
        Map<String, byte[]> c = contents;
        if (c == null) {
            Map<String, byte[]> read = new LinkedHashMap<>();
            ClassLoader loader = TunedImages.class.getClassLoader();
            for (String path : FILES.keySet()) {
                try (InputStream in = loader.getResourceAsStream(RESOURCE_ROOT + path)) {
                    if (in == null) {
                        throw new IllegalStateException("The tuned image's file " + RESOURCE_ROOT + path
                                + " is not on the classpath (the citus-testkit jar bundles it from citus-image/)."
                                + " Use withTunedImage(false) to run the base image unchanged.");
                    }
                    read.put(path, in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException("reading " + RESOURCE_ROOT + path, e);
                }
            }
            c = java.util.Collections.unmodifiableMap(read);
            contents = c;
        }
        return c;
    }

    private static String tagPrefix(DockerImageName base) {
        String version = base.getVersionPart();
        String prefix = version == null || version.isBlank() ? "latest" : version;
        prefix = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
        return prefix.length() > 60 ? prefix.substring(0, 60) : prefix;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String value) {
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.trim();
    }
}
