package io.citustestkit.junit;

import static io.citustestkit.junit.CitusClusterExtensionTest.MADE;
import static io.citustestkit.junit.CitusClusterExtensionTest.SEEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.junit.CitusClusterExtensionTest.FakeDocker;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider.Lock;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@code @CitusCluster(image = {a, b})} and {@code citustestkit.image=a,b}: one run of the class per image, named
 * after it, each on a cluster of that image; checked without Docker ({@link FakeDocker}: clusters that never start).
 */
class SeveralImagesTest {

    static final String OLD = "citusdata/citus:12.1-pg15";
    static final String NEW = "citusdata/citus:14.0.0";

    @BeforeEach
    void clearRecords() {
        MADE.clear();
        SEEN.clear();
    }

    private static EngineTestKit.Builder engine(Class<?>... classes) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(ClusterEnvironment.PARAMETER, FakeDocker.class.getName())
                .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new));
    }

    /** Display names of the runs (class template invocations), in order. */
    private static List<String> runs(EngineExecutionResults results) {
        return results.containerEvents().finished().stream().map(Event::getTestDescriptor)
                .filter(d -> d.getUniqueId().getLastSegment().getType().equals("class-template-invocation"))
                .map(d -> d.getDisplayName()).collect(Collectors.toList());
    }

    private static List<String> imagesOf(List<Object> clusters) {
        return clusters.stream().map(c -> ((CitusClusterContainer) c).getBaseImage().asCanonicalNameString())
                .collect(Collectors.toList());
    }

    // ---------------------------------------------------------------------------------------------
    // runs and display names
    // ---------------------------------------------------------------------------------------------

    @CitusCluster(workers = 1, image = {OLD, NEW})
    static class TwoImages {
        @Test
        void test(CitusClusterContainer cluster) {
            SEEN.add(cluster);
        }
    }

    @Test
    void severalImagesRunTheClassOncePerImageNamedAfterItOnAClusterOfThatImage() {
        EngineExecutionResults results = engine(TwoImages.class).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(runs(results)).containsExactly(OLD, NEW);
        results.containerEvents().assertThatEvents()
                .haveExactly(1, event(container(displayName(OLD)), finishedSuccessfully()))
                .haveExactly(1, event(container(displayName(NEW)), finishedSuccessfully()));
        assertThat(MADE).extracting(ClusterSettings::image).containsExactly(OLD, NEW);
        assertThat(imagesOf(SEEN)).containsExactly(OLD, NEW);
    }

    @CitusCluster(workers = 1)
    static class PropertyImages {
        @Test
        void test(CitusClusterContainer cluster) {
            SEEN.add(cluster);
        }
    }

    @CitusCluster(workers = 1, image = OLD)
    static class OwnImage {
        @Test
        void test(CitusClusterContainer cluster) {
            SEEN.add(cluster);
        }
    }

    @Test
    void aPropertyListRunsEveryClassWithoutAnImageOncePerListedImage() {
        EngineExecutionResults results = engine(PropertyImages.class, OwnImage.class)
                .configurationParameter(CitusCluster.IMAGE_PROPERTY, " " + NEW + " , " + OLD).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        assertThat(runs(results)).containsExactly(NEW, OLD, OLD);
        // OwnImage keeps its image and shares the cluster of PropertyImages' run on OLD
        assertThat(imagesOf(SEEN)).containsExactly(NEW, OLD, OLD);
        assertThat(SEEN.get(2)).isSameAs(SEEN.get(1));
        assertThat(MADE).hasSize(2);

        MADE.clear();
        SEEN.clear();
        System.setProperty(CitusCluster.IMAGE_PROPERTY, OLD + "," + NEW);
        try {
            assertThat(runs(engine(PropertyImages.class).execute())).containsExactly(OLD, NEW);
        } finally {
            System.clearProperty(CitusCluster.IMAGE_PROPERTY);
        }
        assertThat(imagesOf(SEEN)).containsExactly(OLD, NEW);
    }

    @CitusCluster(workers = 1, image = {OLD, NEW})
    static class SameSettingsAsTwoImages {
        @Test
        void test(CitusClusterContainer cluster) {
            SEEN.add(cluster);
        }
    }

    @Test
    void classesWithEqualSettingsShareOneClusterPerImage() {
        engine(TwoImages.class, SameSettingsAsTwoImages.class).execute().testEvents()
                .assertStatistics(s -> s.succeeded(4));
        assertThat(MADE).extracting(ClusterSettings::image).containsExactly(OLD, NEW);
        assertThat(SEEN.get(2)).isSameAs(SEEN.get(0));
        assertThat(SEEN.get(3)).isSameAs(SEEN.get(1)).isNotSameAs(SEEN.get(0));
    }

    // ---------------------------------------------------------------------------------------------
    // one image: one run, the cluster of @BeforeAll
    // ---------------------------------------------------------------------------------------------

    @CitusCluster(workers = 1, image = NEW, shared = false)
    static class OneImage {
        @CitusClusterResource
        static CitusClusterContainer cluster;

        @BeforeAll
        static void before(CitusClusterContainer beforeAll) {
            SEEN.add(beforeAll);
        }

        @Test
        void test(CitusClusterContainer inTest) {
            SEEN.add(cluster);
            SEEN.add(inTest);
        }
    }

    @Test
    void oneImageIsOneRunNamedAfterItWithTheClustersOfBeforeAllAndTheTestsTheSame() {
        EngineExecutionResults results = engine(OneImage.class).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(runs(results)).containsExactly(NEW);
        assertThat(MADE).hasSize(1);
        assertThat(SEEN).hasSize(3).allSatisfy(c -> assertThat(c).isSameAs(SEEN.get(0)));

        MADE.clear();
        assertThat(runs(engine(PropertyImages.class).execute())).containsExactly(CitusClusterContainer.DEFAULT_IMAGE);
        assertThat(MADE).extracting(ClusterSettings::image).containsExactly(CitusClusterContainer.DEFAULT_IMAGE);
    }

    // ---------------------------------------------------------------------------------------------
    // static fields, @Nested, @BeforeAll with several images
    // ---------------------------------------------------------------------------------------------

    @CitusCluster(workers = 1, image = {OLD, NEW}, shared = false)
    static class StaticFieldAndNested {
        @CitusClusterResource
        static CitusClusterContainer cluster;

        @Test
        void test(CitusClusterContainer inTest) {
            SEEN.add(cluster);
            SEEN.add(inTest);
        }

        @Nested
        class Inner {
            @Test
            void test(CitusClusterContainer inNested) {
                SEEN.add(inNested);
            }
        }
    }

    @Test
    void staticFieldsAndNestedClassesGetTheClusterOfTheirRun() {
        EngineExecutionResults results = engine(StaticFieldAndNested.class).execute();
        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
        assertThat(SEEN).hasSize(6);
        assertThat(imagesOf(SEEN)).containsExactly(OLD, OLD, OLD, NEW, NEW, NEW);
        assertThat(SEEN.subList(0, 3)).allSatisfy(c -> assertThat(c).isSameAs(SEEN.get(0)));
        assertThat(SEEN.subList(3, 6)).allSatisfy(c -> assertThat(c).isSameAs(SEEN.get(3)));
        assertThat(MADE).hasSize(2);
    }

    @org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
    @CitusCluster(workers = 1, image = {OLD, NEW})
    static class OneInstanceForAllRuns {
        @CitusClusterResource
        CitusClusterContainer cluster;

        @Test
        void test(CitusClusterContainer inTest) {
            SEEN.add(cluster);
            SEEN.add(inTest);
        }
    }

    @Test
    void anInstancePerClassHasItsFieldsFilledAtTheStartOfEachRun() {
        engine(OneInstanceForAllRuns.class).execute().testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(imagesOf(SEEN)).containsExactly(OLD, OLD, NEW, NEW);
        assertThat(SEEN.get(1)).isSameAs(SEEN.get(0));
        assertThat(SEEN.get(3)).isSameAs(SEEN.get(2));
    }

    @CitusCluster(workers = 1, image = {OLD, NEW})
    static class BeforeAllWithSeveralImages {
        @BeforeAll
        static void before(CitusClusterContainer cluster) {}

        @Test
        void test() {}
    }

    @Test
    void beforeAllCannotHaveTheClusterOfSeveralImagesAndSaysWhereItCanBeHad() {
        engine(BeforeAllWithSeveralImages.class).execute().containerEvents().assertThatEvents().haveExactly(1,
                event(finishedWithFailure(message(m -> m.contains("@CitusCluster on "
                        + BeforeAllWithSeveralImages.class.getName() + ": image names 2 images [" + OLD + ", " + NEW
                        + "], so the class runs once per image") && m.contains("allowed: the cluster in constructors,"
                        + " @BeforeEach, @AfterEach, test methods and @CitusClusterResource fields")))));
    }

    // ---------------------------------------------------------------------------------------------
    // refused lists
    // ---------------------------------------------------------------------------------------------

    @CitusCluster(image = {OLD, NEW, OLD})
    static class Duplicate {
        @Test
        void test() {}
    }

    @CitusCluster(image = {OLD, " "})
    static class Blank {
        @Test
        void test() {}
    }

    @CitusCluster(image = {OLD, "not an image!"})
    static class Invalid {
        @Test
        void test() {}
    }

    @Test
    void duplicateBlankOrInvalidImagesFailTheClassNamingAttributeValueAndWhatIsAllowed() {
        assertClassFails(engine(Duplicate.class), Duplicate.class, "image was {\"" + OLD + "\", \"" + NEW + "\", \""
                + OLD + "\"}, which names \"" + OLD + "\" twice; allowed: each image once (the class runs once per"
                + " image)");
        assertClassFails(engine(Blank.class), Blank.class, "image[1] was \" \"; allowed: a Docker image name such as"
                + " \"citusdata/citus:13.2.0\"");
        assertClassFails(engine(Invalid.class), Invalid.class, "image[1] was \"not an image!\"; allowed: a Docker"
                + " image name such as \"citusdata/citus:13.2.0\"");
        assertThat(MADE).isEmpty();
    }

    @Test
    void duplicateOrBlankEntriesOfThePropertyFailTheClassNamingPropertyValueAndWhatIsAllowed() {
        assertClassFails(engine(PropertyImages.class).configurationParameter(CitusCluster.IMAGE_PROPERTY,
                NEW + "," + NEW), PropertyImages.class, "citustestkit.image was \"" + NEW + "," + NEW
                        + "\", which names \"" + NEW + "\" twice; allowed: each image once (the class runs once per"
                        + " image)");
        assertClassFails(engine(PropertyImages.class).configurationParameter(CitusCluster.IMAGE_PROPERTY,
                OLD + ",," + NEW), PropertyImages.class, "citustestkit.image was \"" + OLD + ",," + NEW
                        + "\", whose entry 2 (\"\") is blank; allowed: a comma-separated list of Docker image names"
                        + " such as \"citusdata/citus:13.2.0,citusdata/citus:14.0.0\"");
        assertThat(MADE).isEmpty();
    }

    private static void assertClassFails(EngineTestKit.Builder engine, Class<?> testClass, String message) {
        String start = "@CitusCluster on " + testClass.getName() + ": " + message;
        engine.execute().containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class), message(m -> m.equals(start)))));
    }

    // ---------------------------------------------------------------------------------------------
    // locks
    // ---------------------------------------------------------------------------------------------

    @CitusCluster(image = {OLD, NEW}, reset = Reset.TRUNCATE)
    static class TwoImagesWithReset {}

    @CitusCluster(reset = Reset.TRUNCATE)
    static class PropertyImageWithReset {}

    @Test
    void aClassLocksEachImageItNamesAndReadsTheKeyOfClassesWhoseImageComesFromTheProperty() {
        Set<Lock> named = CitusClusterLocks.lockFor(TwoImagesWithReset.class);
        Set<Lock> property = CitusClusterLocks.lockFor(PropertyImageWithReset.class);
        assertThat(named).extracting(Lock::getKey, Lock::getAccessMode).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(keyOf(OLD), ResourceAccessMode.READ_WRITE),
                org.assertj.core.groups.Tuple.tuple(keyOf(NEW), ResourceAccessMode.READ_WRITE),
                org.assertj.core.groups.Tuple.tuple(keyOf(CitusClusterLocks.PROPERTY_IMAGE), ResourceAccessMode.READ));
        assertThat(property).extracting(Lock::getKey, Lock::getAccessMode).containsExactly(
                org.assertj.core.groups.Tuple.tuple(keyOf(CitusClusterLocks.PROPERTY_IMAGE),
                        ResourceAccessMode.READ_WRITE));
        // a class with several images and static fields: its runs take turns
        assertThat(CitusClusterLocks.lockFor(StaticFieldAndNested.class)).extracting(Lock::getKey)
                .containsExactly(CitusClusterLocks.PREFIX + "[runs of " + StaticFieldAndNested.class.getName() + "]");
    }

    private static String keyOf(String image) {
        return CitusClusterLocks.key(TwoImagesWithReset.class.getAnnotation(CitusCluster.class), image);
    }
}
