package io.citustestkit.junit;

import static io.citustestkit.testsupport.Sql.count;
import static io.citustestkit.testsupport.Sql.exec;
import static io.citustestkit.testsupport.Sql.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Real clusters of two test images under {@code citustestkit.image=a,b}: each run of a class runs on a cluster of
 * its image ({@code citus_version()} says so), classes with equal settings share one cluster per image, and under
 * parallel execution classes with {@code reset = TRUNCATE} never see each other's rows. Two suites in the engine
 * test kit, once, before the tests of this class: four cluster starts in all.
 */
class SeveralImagesIT {

    /** "class image" -> cluster ids its tests saw. */
    static final Map<String, List<String>> CLUSTERS = new ConcurrentHashMap<>();
    /** image -> citus_version() its runs saw. */
    static final Map<String, List<String>> VERSIONS = new ConcurrentHashMap<>();
    static final List<Long> ROWS_SEEN = new CopyOnWriteArrayList<>();
    static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
    static final AtomicInteger MAX_RUNNING_ON_ONE_CLUSTER = new AtomicInteger();

    static String first;
    static String second;
    static EngineExecutionResults sequential;
    static EngineExecutionResults parallel;

    static String imageOf(CitusClusterContainer cluster) {
        return cluster.getBaseImage().asCanonicalNameString();
    }

    static void record(String who, CitusClusterContainer cluster, Connection c) throws SQLException {
        String image = imageOf(cluster);
        CLUSTERS.computeIfAbsent(who + " " + image, k -> new CopyOnWriteArrayList<>())
                .add(cluster.getClusterId() + "/" + cluster.getContainerId());
        VERSIONS.computeIfAbsent(image, k -> new CopyOnWriteArrayList<>())
                .add(strings(c, "SELECT citus_version()").get(0));
    }

    // ---------------------------------------------------------------------------------------------
    // the suites
    // ---------------------------------------------------------------------------------------------

    @CitusCluster(workers = 1)
    static class VersionsA {
        @Test
        void recordsItsCluster(CitusClusterContainer cluster, Connection c) throws SQLException {
            record(getClass().getSimpleName(), cluster, c);
        }
    }

    /** Equal settings (inherited), so one cluster per image with {@link VersionsA}. */
    static class VersionsB extends VersionsA {}

    /** Each test writes rows of its own and must see only those: TRUNCATE after each, and the lock between classes. */
    @CitusCluster(workers = 1, initScripts = "junit/schema.sql", reset = Reset.TRUNCATE)
    static class ParallelA {
        @Test
        void one(CitusClusterContainer cluster, Connection c) throws SQLException {
            record(getClass().getSimpleName(), cluster, c);
            writeAndCount(cluster, c, 1);
        }

        @Test
        void two(CitusClusterContainer cluster, Connection c) throws SQLException {
            writeAndCount(cluster, c, 2);
        }

        void writeAndCount(CitusClusterContainer cluster, Connection c, int tenant) throws SQLException {
            String image = imageOf(cluster);
            int running = RUNNING.computeIfAbsent(image, k -> new AtomicInteger()).incrementAndGet();
            MAX_RUNNING_ON_ONE_CLUSTER.accumulateAndGet(running, Math::max);
            try {
                exec(c, "INSERT INTO items SELECT " + tenant + ", g FROM generate_series(1, 5) g");
                ROWS_SEEN.add(count(c, "SELECT count(*) FROM items"));
            } finally {
                RUNNING.get(image).decrementAndGet();
            }
        }
    }

    /** Equal settings (inherited), so one cluster per image with {@link ParallelA}. */
    static class ParallelB extends ParallelA {}

    @BeforeAll
    static void runTheSuites() {
        List<String> images = TestImages.all();
        Assumptions.assumeTrue(images.size() > 1, "two test images needed, the list has " + images);
        first = images.get(0);
        second = images.get(1);
        TestImages.assumeAvailable(first);
        TestImages.assumeAvailable(second);
        String both = first + "," + second;
        sequential = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(VersionsA.class), selectClass(VersionsB.class))
                .configurationParameter(CitusCluster.IMAGE_PROPERTY, both).execute();
        parallel = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ParallelA.class), selectClass(ParallelB.class))
                .configurationParameter(CitusCluster.IMAGE_PROPERTY, both)
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .execute();
    }

    private static List<String> runs(EngineExecutionResults results) {
        return results.containerEvents().finished().stream().map(Event::getTestDescriptor)
                .filter(d -> d.getUniqueId().getLastSegment().getType().equals("class-template-invocation"))
                .map(d -> d.getDisplayName()).sorted().collect(Collectors.toList());
    }

    @Test
    void eachClassRunsOncePerImageNamedAfterIt() {
        sequential.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
        assertThat(runs(sequential)).containsExactlyInAnyOrder(first, first, second, second);
    }

    @Test
    void eachRunsClusterRunsItsImage() {
        assertThat(VERSIONS).containsOnlyKeys(first, second);
        String firstVersion = VERSIONS.get(first).get(0);
        String secondVersion = VERSIONS.get(second).get(0);
        assertThat(VERSIONS.get(first)).containsOnly(firstVersion);
        assertThat(VERSIONS.get(second)).containsOnly(secondVersion);
        assertThat(firstVersion).startsWith("Citus ").isNotEqualTo(secondVersion);
        assertThat(firstVersion).startsWith("Citus " + versionInTag(first));
        assertThat(secondVersion).startsWith("Citus " + versionInTag(second));
    }

    /** "13.2.0" of "citusdata/citus:13.2.0", "14.0.0" of "citusdata/citus:14.0.0-pg17". */
    private static String versionInTag(String image) {
        String tag = image.substring(image.lastIndexOf(':') + 1);
        return tag.matches("\\d+\\.\\d+(\\.\\d+)?(-.*)?") ? tag.replaceFirst("-.*", "") : "";
    }

    @Test
    void classesWithEqualSettingsShareOneClusterPerImage() {
        for (String image : List.of(first, second)) {
            assertThat(CLUSTERS.get("VersionsB " + image)).hasSize(1)
                    .containsExactlyElementsOf(CLUSTERS.get("VersionsA " + image));
            assertThat(CLUSTERS.get("ParallelB " + image)).hasSize(1)
                    .containsExactlyElementsOf(CLUSTERS.get("ParallelA " + image));
        }
        assertThat(CLUSTERS.get("VersionsA " + first)).doesNotContainAnyElementsOf(CLUSTERS.get("VersionsA " + second));
    }

    @Test
    void underParallelExecutionTestsWithResetNeverSeeEachOthersRows() {
        parallel.testEvents().assertStatistics(s -> s.succeeded(8).failed(0));
        assertThat(runs(parallel)).containsExactlyInAnyOrder(first, first, second, second);
        assertThat(ROWS_SEEN).hasSize(8).containsOnly(5L);
        assertThat(MAX_RUNNING_ON_ONE_CLUSTER.get()).isEqualTo(1);
    }
}
