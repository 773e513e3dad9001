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
 */
public final class TestImages {

    /** System property with a comma-separated list of images. */
    public static final String PROPERTY = "citustestkit.test.images";

    /**
     * THE list of Citus images the tests run against (used when the property is not set): the default image,
     * Citus 14 on PostgreSQL 17, and Citus 14 on PostgreSQL 18 (whose images keep the data directory elsewhere).
     */
    public static final List<String> DEFAULT =
            List.of("citusdata/citus:13.2.0", "citusdata/citus:14.0.0-pg17", "citusdata/citus:14.0.0");

    /** Plain PostgreSQL image for the naive baseline of the benchmark; override with -Dcitustestkit.test.postgres. */
    public static final String POSTGRES = System.getProperty("citustestkit.test.postgres", "postgres:17");

    private static final Map<String, String> UNAVAILABLE = new ConcurrentHashMap<>();

    private TestImages() {}

    /** Every test image, in order. */
    public static List<String> all() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT;
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
