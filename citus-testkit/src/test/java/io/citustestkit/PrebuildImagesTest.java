package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.utility.DockerImageName;

/** The pre-builder's arguments: checked before anything is built, so no Docker is involved. */
class PrebuildImagesTest {

    private static final String ALLOWED = "; allowed: base image names such as citusdata/citus:13.2.0, and --patroni";

    @ParameterizedTest
    @ValueSource(strings = {"--patrony", "-p", "--help", "-Dcitustestkit.image=citusdata/citus:13.2.0"})
    void anUnknownOptionIsRefusedNamingItAndWhatIsAllowed(String option) {
        assertThatThrownBy(() -> PrebuildImages.build("citusdata/citus:13.2.0", option))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("argument was " + option + ALLOWED);
    }

    @Test
    void anInvalidImageNameIsRefusedBeforeAnyImageIsBuilt() {
        // the valid first name is not built: every argument is checked first
        assertThatThrownBy(() -> PrebuildImages.build("citusdata/citus:13.2.0", "Citus Data/citus:13"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("argument was Citus Data/citus:13, not a valid image name (")
                .hasMessageEndingWith(ALLOWED);
    }

    @Test
    void blankAndNullArgumentsAreRefused() {
        assertThatThrownBy(() -> PrebuildImages.build(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("argument was blank (\" \")" + ALLOWED);
        assertThatThrownBy(() -> PrebuildImages.build("citusdata/citus:13.2.0", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("argument was null" + ALLOWED);
        assertThatThrownBy(() -> PrebuildImages.build((String[]) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("arguments were null" + ALLOWED);
    }

    @Test
    void noImageMeansTheDefaultImageAndPatroniMayComeAnywhere() {
        assertThat(PrebuildImages.Request.parse())
                .isEqualTo(new PrebuildImages.Request(
                        List.of(DockerImageName.parse(CitusClusterContainer.DEFAULT_IMAGE)), false));
        assertThat(PrebuildImages.Request.parse("--patroni", "citusdata/citus:12.1-pg15", "citusdata/citus:14.0.0"))
                .isEqualTo(new PrebuildImages.Request(List.of(
                        DockerImageName.parse("citusdata/citus:12.1-pg15"),
                        DockerImageName.parse("citusdata/citus:14.0.0")), true));
    }
}
