package io.citustestkit.testsupport;

import com.github.dockerjava.api.DockerClient;
import io.citustestkit.internal.Images;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The Citus images the tests run against: one list, overridable with
 * {@code -Dcitustestkit.test.images=citusdata/citus:13.2.0,citusdata/citus:14.0.0-pg17}.
 * A test whose image is absent and cannot be pulled is skipped with a reason naming the image.
 *
 * <p><b>Which ITs run on which images.</b> An IT runs on {@link #all() every image} when what it checks is about
 * Citus' versions or differs between them: start, registration and health ({@code ClusterIT},
 * {@code CoordinatorRegistrationIT}), the rebalancer and draining ({@code ElasticityIT}), reset ({@code ResetIT}:
 * Citus' own catalogue), the assertions, plans and partitions ({@code CitusAssertionsIT}),
 * tenant safety ({@code SchemaAssertIT}). It runs on {@link #lines() one image per kind of line} (the default, the
 * oldest on PostgreSQL 15 and bookworm, the newest on PostgreSQL 18) when what differs is PostgreSQL or the image's
 * layout more than Citus' minor version: node faults ({@code NodeLifecycleIT}, {@code NetworkFaultIT}), the plain
 * start ({@code PlainImageIT}), own credentials ({@code OwnCredentialsIT}), reset node by node
 * ({@code ResetEveryNodeIT}: its catalogue queries per Citus major, which the lines cover: 12.1, 13.2, 14.0), the image's own fast start and
 * credentials ({@code FastStartIT}, {@code OwnCredentialsIT} of citus-image). The refusal of an unsupported version
 * runs on {@link #UNSUPPORTED}, the JUnit matrix on two images at once, HA ITs on {@link #patroni() one image per
 * Patroni line}, the upgrade ITs on {@link #upgrades() their pairs}. Everything else (the JUnit extension's mechanics, scripts, JDBC URLs, reuse, host-reachable
 * addressing, shutdown clean-up, the mirror, remote engines, benchmarks) checks the kit's own plumbing, which is the
 * same on every Citus: those run on the {@link #primary() primary image} only.
 */
public final class TestImages {

    /** System property with a comma-separated list of images. */
    public static final String PROPERTY = "citustestkit.test.images";

    /** System property with a comma-separated list of images for the Patroni (HA) ITs. */
    public static final String PATRONI_PROPERTY = "citustestkit.test.patroni-images";

    /**
     * THE list of Citus images the tests run against (used when the property is not set): the default image (Citus
     * 13.2 on PostgreSQL 17), Citus 14 on PostgreSQL 17 and on PostgreSQL 18 (whose images keep the data directory
     * elsewhere), and the oldest supported lines on PostgreSQL 15 on Debian bookworm: Citus 12.1 and 13.2.
     */
    public static final List<String> DEFAULT = List.of("citusdata/citus:13.2.0", "citusdata/citus:14.0.0-pg17",
            "citusdata/citus:14.0.0", "citusdata/citus:12.1.12-pg15", "citusdata/citus:13.2.0-pg15");

    /**
     * The images of the Patroni ITs: one per Patroni line the kit supports, as Debian packages it in the image's
     * base: bookworm (Patroni 3.0: Citus 12.1 on PostgreSQL 15) and trixie (Patroni 4.x: the default image as built
     * here; the official 13.2.0 is bookworm-based, which the first entry covers).
     */
    public static final List<String> PATRONI_DEFAULT = List.of("citusdata/citus:12.1.12-pg15", "citusdata/citus:13.2.0");

    /** An image below the supported range (Citus 11.3 on PostgreSQL 15): refused at start. */
    public static final String UNSUPPORTED =
            System.getProperty("citustestkit.test.unsupported-image", "citusdata/citus:11.3.0-pg15");

    /** Plain PostgreSQL image for the naive baseline of the benchmark; override with -Dcitustestkit.test.postgres. */
    public static final String POSTGRES = System.getProperty("citustestkit.test.postgres", "postgres:17");

    /** System property: the upgrade pairs of the upgrade ITs, {@code from>to} separated by commas. */
    public static final String UPGRADES_PROPERTY = "citustestkit.test.upgrades";

    /**
     * The upgrades the upgrade ITs rehearse (same PostgreSQL major): the oldest supported line to the next on
     * PostgreSQL 15 (bookworm), and the default to the next major on PostgreSQL 17 (trixie).
     */
    public static final List<String> UPGRADES_DEFAULT = List.of(
            "citusdata/citus:12.1.12-pg15>citusdata/citus:13.2.0-pg15", "citusdata/citus:13.2.0>citusdata/citus:14.0.0-pg17");

    /** The upgrade pairs, each {@code [from, to]}. */
    public static List<String[]> upgrades() {
        return list(System.getProperty(UPGRADES_PROPERTY), UPGRADES_DEFAULT).stream().map(p -> p.split(">", 2))
                .collect(Collectors.toList());
    }

    private static final Map<String, String> UNAVAILABLE = new ConcurrentHashMap<>();

    private TestImages() {}

    /** Every test image, in order. */
    public static List<String> all() {
        return list(System.getProperty(PROPERTY), DEFAULT);
    }

    /**
     * One image per kind of line, for ITs where what differs is PostgreSQL or the image's layout rather than Citus'
     * minor version (node faults, the plain start, credentials, the image's fast start): the default image, the
     * oldest (Citus 12.1 on PostgreSQL 15, bookworm) and the newest (Citus 14 on PostgreSQL 18). With
     * {@value #PROPERTY} set, every listed image.
     */
    public static List<String> lines() {
        String value = System.getProperty(PROPERTY);
        if (value != null && !value.isBlank()) {
            return all();
        }
        return List.of(DEFAULT.get(0), "citusdata/citus:12.1.12-pg15", "citusdata/citus:14.0.0");
    }

    /** The images of the Patroni ITs, in order. */
    public static List<String> patroni() {
        return list(System.getProperty(PATRONI_PROPERTY), PATRONI_DEFAULT);
    }

    private static List<String> list(String value, List<String> defaults) {
        if (value == null || value.isBlank()) {
            return defaults;
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    /** The first test image: the one single-image tests use. */
    public static String primary() {
        return all().get(0);
    }

    /** Skips the calling test (with the reason) unless Docker runs and the image is available. */
    public static void assumeAvailable(String image) {
        String reason = unavailableReason(image);
        Assumptions.assumeTrue(reason == null, reason);
    }

    /** Null when Docker runs and the image is present or could be pulled; else why not. Checked once per image. */
    public static String unavailableReason(String image) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return "Docker is not available (needed for image " + image + ")";
        }
        return UNAVAILABLE.computeIfAbsent(image, TestImages::check).transform(r -> r.isEmpty() ? null : r);
    }

    private static String check(String image) {
        DockerClient client = DockerClientFactory.instance().client();
        DockerImageName name = DockerImageName.parse(image);
        if (Images.isPresentLocally(client, name)) {
            return "";
        }
        String failure = Images.tryPull(client, name, Duration.ofSeconds(60));
        return failure == null ? "" : "image " + image + " is not present locally and could not be pulled: " + failure;
    }
}
