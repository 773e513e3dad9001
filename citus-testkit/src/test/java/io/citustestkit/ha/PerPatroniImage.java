package io.citustestkit.ha;

import io.citustestkit.internal.PatroniImages;
import io.citustestkit.testsupport.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Base of the HA ITs: the class runs once per {@link TestImages#patroni() Patroni test image} (one per Patroni line,
 * as Debian packages it in the image's base); an absent image skips each test with the reason naming it.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.citustestkit.testsupport.TestImages#patroni")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PerPatroniImage {

    /** The base image of this run, e.g. {@code citusdata/citus:12.1.12-pg15}. */
    @Parameter
    protected String image;

    /** Each test shows why it was skipped (a class-level assumption alone leaves no reason in reports). */
    @BeforeEach
    void requireImage() {
        TestImages.assumeAvailable(image);
    }

    /** Whether this run's base image is there (else nothing is started and every test skips). */
    protected boolean imageAvailable() {
        return TestImages.unavailableReason(image) == null;
    }

    /** The Patroni image built on this run's base image (built now on first use). */
    protected DockerImageName patroniImage() {
        return PatroniImages.resolve(DockerImageName.parse(image));
    }

    /** What {@code patroni --version} says in a container of the Patroni image, e.g. {@code patroni 3.0.2}. */
    protected static String patroniVersion(GenericContainer<?> member) throws Exception {
        return member.execInContainer("patroni", "--version").getStdout().trim();
    }
}
