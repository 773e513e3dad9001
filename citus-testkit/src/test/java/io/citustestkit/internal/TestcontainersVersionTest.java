package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** The Testcontainers version check: 1.x fails at once saying how to fix the build; 2.x and unknown pass. */
class TestcontainersVersionTest {

    @Test
    void testcontainers1IsRefusedNamingTheVersionFoundAndTheBom() {
        assertThatThrownBy(() -> TestcontainersVersion.check("1.21.3"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("citus-testkit needs Testcontainers 2.0 or later; found 1.21.3 on the classpath.")
                .hasMessageContaining("import io.citustestkit:citus-testkit-bom in <dependencyManagement>")
                .hasMessageContaining("<testcontainers.version>2.0.5</testcontainers.version>");
    }

    @Test
    void testcontainers2AndLaterPass() {
        assertThatCode(() -> {
            TestcontainersVersion.check("2.0.0");
            TestcontainersVersion.check("2.0.5");
            TestcontainersVersion.check("2.1.0-SNAPSHOT");
            TestcontainersVersion.check("10.0.0");
        }).doesNotThrowAnyException();
    }

    @Test
    void anUnknownVersionPasses() {
        assertThatCode(() -> {
            TestcontainersVersion.check(null);
            TestcontainersVersion.check(" ");
            TestcontainersVersion.check("dev");
        }).doesNotThrowAnyException();
    }

    @Test
    void theTestcontainersOfThisBuildIsTwoAndPasses() {
        assertThat(DockerClientFactory.class.getPackage().getImplementationVersion()).startsWith("2.");
        assertThatCode(TestcontainersVersion::requireSupported).doesNotThrowAnyException();
    }
}
