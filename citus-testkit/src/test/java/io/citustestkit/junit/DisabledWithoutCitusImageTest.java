package io.citustestkit.junit;

import static io.citustestkit.junit.CitusClusterExtensionTest.ABSENT_IMAGE;
import static io.citustestkit.junit.CitusClusterExtensionTest.MADE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code @DisabledWithoutCitusImage} skips only when the build opted in ({@code citustestkit.skipWithoutImage=true}),
 * and then says so on the console; without the opt-in a class whose image cannot be had runs (and fails at its start),
 * so a copied annotation can never turn a typo in the image into a green build that tested nothing.
 */
class DisabledWithoutCitusImageTest {

    @DisabledWithoutCitusImage
    @CitusCluster(workers = 1, image = ABSENT_IMAGE)
    static class NeedsAbsentImage {
        @Test
        void test() {}
    }

    @BeforeEach
    void clearRecords() {
        MADE.clear();
    }

    private static EngineExecutionResults run(String skipWithoutImage) {
        EngineTestKit.Builder engine = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(ClusterEnvironment.PARAMETER, CitusClusterExtensionTest.FakeDocker.class.getName())
                .selectors(selectClass(NeedsAbsentImage.class));
        if (skipWithoutImage != null) {
            engine.configurationParameter(DisabledWithoutCitusImage.SKIP_PROPERTY, skipWithoutImage);
        }
        return engine.execute();
    }

    @Test
    void withoutTheOptInNothingIsSkippedAndTheClusterIsStarted() {
        for (String value : new String[] {null, "false", "yes"}) {
            MADE.clear();
            EngineExecutionResults results = run(value);
            results.containerEvents().assertStatistics(s -> s.skipped(0));
            results.testEvents().assertStatistics(s -> s.started(1).skipped(0));
            assertThat(MADE).as("clusters made with %s=%s", DisabledWithoutCitusImage.SKIP_PROPERTY, value)
                    .extracting(ClusterSettings::image).containsExactly(ABSENT_IMAGE);
        }
    }

    @Test
    void withTheOptInTheClassIsSkippedNamingTheImageAndTheConsoleSaysSo() {
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineExecutionResults results;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            results = run("true");
        } finally {
            System.setErr(err);
        }
        results.containerEvents().assertStatistics(s -> s.skipped(1));
        assertThat(results.containerEvents().skipped().list().get(0).getRequiredPayload(String.class))
                .isEqualTo("@DisabledWithoutCitusImage: image citusdata/citus:0.0-absent is not there");
        assertThat(MADE).isEmpty();
        results.testEvents().assertThatEvents().doNotHave(event(test()));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[citus-testkit] SKIPPED "
                + NeedsAbsentImage.class.getName() + ": @DisabledWithoutCitusImage: image citusdata/citus:0.0-absent"
                + " is not there (citustestkit.skipWithoutImage=true: these tests did not run)");
    }
}
