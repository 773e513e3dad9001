package io.citustestkit.internal;

import static io.citustestkit.internal.ClusterImages.choose;
import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.internal.ClusterImages.Choice;
import org.junit.jupiter.api.Test;

/** What a cluster start runs when the tuned image is or is not there (ClusterImages.choose). */
class TunedImageChoiceTest {

    @Test
    void theBaseImageWhenTheTunedImageIsNotAskedFor() {
        assertThat(choose(false, false, false, true, true, false)).isEqualTo(Choice.BASE);
        assertThat(choose(false, true, true, true, true, false)).isEqualTo(Choice.BASE);
    }

    @Test
    void theTunedImageWheneverItIsPresent() {
        assertThat(choose(true, true, false, true, true, false)).isEqualTo(Choice.TUNED);
        assertThat(choose(true, true, true, false, false, true)).isEqualTo(Choice.TUNED);
    }

    @Test
    void aFreshMachineRunsTheBaseImageWhileTheTunedImageBuilds() {
        assertThat(choose(true, false, false, true, true, false)).isEqualTo(Choice.BASE_WHILE_BUILDING);
    }

    @Test
    void aReusableClusterWaitsForTheBuild() { // its image is part of what later JVMs find it by
        assertThat(choose(true, false, true, true, true, false)).isEqualTo(Choice.BUILD_FIRST);
    }

    @Test
    void anImageWithoutTheOfficialEntrypointWaitsForTheBuild() {
        assertThat(choose(true, false, false, false, true, false)).isEqualTo(Choice.BUILD_FIRST);
    }

    @Test
    void backgroundBuildsSwitchedOffWaitForTheBuild() {
        assertThat(choose(true, false, false, true, false, false)).isEqualTo(Choice.BUILD_FIRST);
    }

    @Test
    void afterAFailedBackgroundBuildTheNextStartBuildsFirstAndReportsTheFailure() {
        assertThat(choose(true, false, false, true, true, true)).isEqualTo(Choice.BUILD_FIRST);
    }
}
