package io.citustestkit.internal;

import org.testcontainers.DockerClientFactory;

/**
 * The kit's check that Testcontainers 2.x is on the classpath, made once, at the first container's construction. The
 * kit is compiled against Testcontainers 2; with 1.x (the version a Spring Boot 3 build manages) a cluster would
 * start and then fail deep inside with a {@code NoClassDefFoundError}. This check fails at once instead, saying how
 * to fix the build.
 *
 * <pre>{@code
 * TestcontainersVersion.requireSupported();            // at first use; nothing when 2.x
 * TestcontainersVersion.check("1.21.3");               // IllegalStateException: citus-testkit needs ...
 * }</pre>
 */
public final class TestcontainersVersion {

    /** The lowest major version the kit runs on. */
    public static final int REQUIRED_MAJOR = 2;

    private static volatile boolean checked;

    private TestcontainersVersion() {}

    /** Checks the Testcontainers version on the classpath once per JVM; throws when it is older than 2.0. */
    public static void requireSupported() {
        if (!checked) {
            check(DockerClientFactory.class.getPackage().getImplementationVersion());
            checked = true;
        }
    }

    /**
     * Checks one version string, such as {@code "2.0.5"}. Unknown (null or blank: a repackaged Testcontainers without
     * a manifest) passes, as does anything that does not start with a number.
     *
     * @throws IllegalStateException when the major version is below {@value #REQUIRED_MAJOR}
     */
    public static void check(String version) {
        if (version == null || version.isBlank()) {
            return;
        }
        String major = version.trim().split("[^0-9]", 2)[0];
        if (major.isEmpty() || Integer.parseInt(major) >= REQUIRED_MAJOR) {
            return;
        }
        throw new IllegalStateException("citus-testkit needs Testcontainers 2.0 or later; found " + version.trim()
                + " on the classpath. Fix: import io.citustestkit:citus-testkit-bom in <dependencyManagement> before any"
                + " other BOM that manages Testcontainers (Spring Boot's does: it manages 1.x), or set"
                + " <testcontainers.version>2.0.5</testcontainers.version> in a Spring Boot build; Testcontainers 2"
                + " renames its modules (org.testcontainers:testcontainers-junit-jupiter for @Testcontainers)."
                + " See docs/getting-started.md.");
    }
}
