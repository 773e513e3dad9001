package io.citustestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.CitusNode;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.testcontainers.containers.JdbcDatabaseContainer;

/**
 * Error paths and wiring of {@code @CitusCluster} without Docker: every run launched here names a fake
 * {@link ClusterEnvironment} in its configuration parameters ({@link FakeDocker}: clusters that never start), so
 * what is checked is what JUnit reports to the user, and no static state of the extension is swapped.
 */
class CitusClusterExtensionTest {

    /** Every container the fake environment made, with its settings (runs of this class are sequential). */
    static final List<ClusterSettings> MADE = new CopyOnWriteArrayList<>();
    static final List<Object> SEEN = new CopyOnWriteArrayList<>();

    static final String ABSENT_IMAGE = "citusdata/citus:0.0-absent";

    @BeforeEach
    void clearRecords() {
        MADE.clear();
        SEEN.clear();
    }

    @AfterEach
    void clearImageProperty() {
        System.clearProperty(CitusCluster.IMAGE_PROPERTY);
    }

    /** Docker "is there", every image but {@link #ABSENT_IMAGE} is, and clusters never start. */
    static class FakeDocker implements ClusterEnvironment {
        @Override
        public boolean dockerAvailable() {
            return true;
        }

        @Override
        public String whyImageUnavailable(String image) {
            return image.equals(ABSENT_IMAGE) ? "image " + image + " is not there" : null;
        }

        @Override
        public CitusClusterContainer newContainer(ClusterSettings settings) {
            MADE.add(settings);
            return new NeverStartedCluster(settings);
        }
    }

    static class NoDocker extends FakeDocker {
        @Override
        public boolean dockerAvailable() {
            return false;
        }
    }

    /** A cluster object that is never started: configured values only. */
    static final class NeverStartedCluster extends CitusClusterContainer {
        NeverStartedCluster(ClusterSettings settings) {
            super(settings.dockerImage());
            withWorkers(settings.workers());
        }

        @Override
        public void start() {}

        @Override
        public void stop() {}

        @Override
        public void truncateTables() {}

        @Override
        public void reset() {}
    }

    private static EngineExecutionResults run(Class<?>... classes) {
        return run(FakeDocker.class, classes);
    }

    private static EngineExecutionResults run(Class<? extends ClusterEnvironment> environment, Class<?>... classes) {
        return engine(environment, classes).execute();
    }

    private static EngineTestKit.Builder engine(Class<? extends ClusterEnvironment> environment, Class<?>... classes) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(ClusterEnvironment.PARAMETER, environment.getName())
                .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c))
                        .toArray(org.junit.platform.engine.DiscoverySelector[]::new));
    }

    private static Throwable onlyFailure(Events events) {
        List<Event> failed = events.failed().list();
        assertThat(failed).hasSize(1);
        return failed.get(0).getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
                .getThrowable().orElseThrow();
    }

    // ---------------------------------------------------------------------------------------------
    // parameters
    // ---------------------------------------------------------------------------------------------

    @CitusCluster(workers = 2)
    static class WrongParameterType {
        @Test
        void test(@CitusClusterResource Statement statement) {}
    }

    @Test
    void anAnnotatedParameterOfAnUnsupportedTypeFailsNamingParameterTypeAndWhatIsSupported() {
        Throwable failure = onlyFailure(run(WrongParameterType.class).testEvents());
        assertThat(failure).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("parameter [java.sql.Statement arg0]")
                .hasMessageContaining("WrongParameterType.test(java.sql.Statement)")
                .hasMessageContaining("type java.sql.Statement is not supported")
                .hasMessageContaining(CitusClusterExtension.SUPPORTED);
    }

    @CitusCluster(workers = 2)
    static class UnclaimedParameterType {
        @Test
        void test(Statement statement) {}
    }

    @Test
    void anUnannotatedParameterOfAnotherTypeIsNotClaimed() {
        Throwable failure = onlyFailure(run(UnclaimedParameterType.class).testEvents());
        assertThat(failure).isInstanceOf(ParameterResolutionException.class)
                .hasMessageStartingWith("No ParameterResolver registered for parameter [java.sql.Statement arg0]");
    }

    /** Resolves types a Citus test might also get from elsewhere; stands for any other extension. */
    static class OtherResolver implements org.junit.jupiter.api.extension.ParameterResolver {
        static final Statement STATEMENT = (Statement) java.lang.reflect.Proxy.newProxyInstance(
                Statement.class.getClassLoader(), new Class<?>[] {Statement.class}, (proxy, method, args) -> null);
        static final JdbcDatabaseContainer<?> CONTAINER = new CitusClusterContainer();

        @Override
        public boolean supportsParameter(org.junit.jupiter.api.extension.ParameterContext p,
                org.junit.jupiter.api.extension.ExtensionContext c) {
            Class<?> type = p.getParameter().getType();
            return type == Statement.class || type == JdbcDatabaseContainer.class;
        }

        @Override
        public Object resolveParameter(org.junit.jupiter.api.extension.ParameterContext p,
                org.junit.jupiter.api.extension.ExtensionContext c) {
            return p.getParameter().getType() == Statement.class ? STATEMENT : CONTAINER;
        }
    }

    @CitusCluster(workers = 1)
    @org.junit.jupiter.api.extension.ExtendWith(OtherResolver.class)
    static class SharesParametersWithAnotherExtension {
        @Test
        void test(Statement statement, JdbcDatabaseContainer<?> container, CitusClusterContainer cluster) {
            SEEN.add(statement);
            SEEN.add(container);
            SEEN.add(cluster);
        }
    }

    @Test
    void typesItDoesNotResolveAreLeftToOtherExtensionsWithoutAConflict() {
        run(SharesParametersWithAnotherExtension.class).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(SEEN).hasSize(3);
        assertThat(SEEN.get(0)).isSameAs(OtherResolver.STATEMENT);
        assertThat(SEEN.get(1)).isSameAs(OtherResolver.CONTAINER);
        assertThat(SEEN.get(2)).isInstanceOf(NeverStartedCluster.class);
    }

    @CitusCluster(workers = 2)
    static class WorkerOnWrongType {
        @Test
        void test(@Worker(0) String node) {}
    }

    @Test
    void workerOnAnotherTypeFails() {
        Throwable failure = onlyFailure(run(WorkerOnWrongType.class).testEvents());
        assertThat(failure).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("[java.lang.String arg0]")
                .hasMessageContaining("@Worker applies to CitusNode only");
    }

    @CitusCluster(workers = 2)
    static class WorkerOutOfRange {
        @Test
        void test(@Worker(2) CitusNode node) {}
    }

    @Test
    void aWorkerIndexOutOfRangeFailsWithTheAllowedRange() {
        Throwable failure = onlyFailure(run(WorkerOutOfRange.class).testEvents());
        assertThat(failure).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("[io.citustestkit.CitusNode arg0]")
                .hasMessageContaining("@Worker(2) is out of range; allowed: 0..1 (the cluster has 2 workers");
    }

    @CitusCluster(workers = 1)
    static class NodeWithoutWorker {
        @Test
        void test(CitusNode node) {}
    }

    @CitusCluster(workers = 1)
    static class AnnotatedNodeWithoutWorker {
        @Test
        void test(@CitusClusterResource CitusNode node) {}
    }

    @Test
    void aNodeWithoutWorkerAnnotationIsNotClaimedAndAnnotatedForUsFailsSayingWhichAnnotationIsMissing() {
        assertThat(onlyFailure(run(NodeWithoutWorker.class).testEvents()))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageStartingWith("No ParameterResolver registered for parameter [io.citustestkit.CitusNode arg0]");
        assertThat(onlyFailure(run(AnnotatedNodeWithoutWorker.class).testEvents()))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("needs @Worker(index)");
    }

    @CitusCluster(workers = 1)
    static class AnnotatedSupertype {
        @Test
        void test(org.junit.jupiter.api.TestInfo info, @CitusClusterResource JdbcDatabaseContainer<?> container) {
            SEEN.add(info.getDisplayName());
            SEEN.add(container);
        }
    }

    @Test
    void aTestcontainersSupertypeAnnotatedForUsResolvesAndJUnitsOwnResolversAreLeftAlone() {
        run(AnnotatedSupertype.class).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isEqualTo("test(TestInfo, JdbcDatabaseContainer)");
        assertThat(SEEN.get(1)).isInstanceOf(NeverStartedCluster.class);
    }

    // ---------------------------------------------------------------------------------------------
    // attributes
    // ---------------------------------------------------------------------------------------------

    @CitusCluster(workers = -1)
    static class NegativeWorkers {
        @Test
        void test() {}
    }

    @CitusCluster(workers = 33)
    static class TooManyWorkers {
        @Test
        void test() {}
    }

    @CitusCluster(shardCount = -4)
    static class NegativeShardCount {
        @Test
        void test() {}
    }

    @CitusCluster(initScripts = "no/such/script.sql")
    static class MissingInitScript {
        @Test
        void test() {}
    }

    @CitusCluster(initScripts = {"junit/schema.sql", "/junit/ten-tables.sql"})
    static class InitScriptWithLeadingSlash {
        @Test
        void test() {}
    }

    @CitusCluster(image = "not a valid image!")
    static class BadImage {
        @Test
        void test() {}
    }

    @CitusCluster(keptTables = {"public.countries", "public.coun tries"})
    static class BadKeptTable {
        @Test
        void test() {}
    }

    @Test
    void badAttributeValuesFailTheClassNamingAttributeValueAndWhatIsAllowed() {
        assertClassFails(NegativeWorkers.class, "workers was -1; allowed: 0..32");
        assertClassFails(TooManyWorkers.class, "workers was 33; allowed: 0..32");
        assertClassFails(NegativeShardCount.class, "shardCount was -4; allowed: 1..64000, or 0 for Citus' default");
        assertClassFails(BadImage.class, "image was \"not a valid image!\"; allowed: a Docker image name");
        assertClassFails(BadKeptTable.class, "keptTables[1] was \"public.coun tries\"; allowed: a table name as in"
                + " SQL, table or schema.table");
        assertThat(MADE).isEmpty();
    }

    @CitusCluster(image = "mycorp/citus:13.2.0")
    static class CompanyImage {
        @Test
        void test(CitusClusterContainer cluster) {
            assertThat(cluster.getBaseImage().asCanonicalNameString()).isEqualTo("mycorp/citus:13.2.0");
        }
    }

    @CitusCluster(dataScripts = "no/such/seed.sql")
    static class MissingDataScript {
        @Test
        void test() {}
    }

    @Test
    void anyImageNameIsTakenAsACitusImageWhereTheContainerConstructorWouldRefuseIt() {
        run(CompanyImage.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(MADE).extracting(ClusterSettings::image).containsExactly("mycorp/citus:13.2.0");
        assertThatThrownBy(() -> new CitusClusterContainer("mycorp/citus:13.2.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asCompatibleSubstituteFor(\"citusdata/citus\")");
    }

    @Test
    void dataScriptsAreCheckedLikeInitScriptsNamingClassAndAttribute() {
        assertClassFailsWith(MissingDataScript.class, "@CitusCluster(dataScripts) of "
                + MissingDataScript.class.getName() + " was \"no/such/seed.sql\"; allowed: a classpath resource"
                + " that exists");
        assertThat(MADE).isEmpty();
    }

    @Test
    void initScriptsAreCheckedLikeWithInitScriptAndFailTheClassNamingClassAndAttribute() {
        assertClassFailsWith(MissingInitScript.class, "@CitusCluster(initScripts) of "
                + MissingInitScript.class.getName() + " was \"no/such/script.sql\"; allowed: a classpath resource"
                + " that exists, such as \"schema.sql\" in src/test/resources");
        assertClassFailsWith(InitScriptWithLeadingSlash.class, "@CitusCluster(initScripts) of "
                + InitScriptWithLeadingSlash.class.getName() + " was \"/junit/ten-tables.sql\"; allowed: a classpath"
                + " resource without a leading \"/\"");
        assertThat(MADE).isEmpty();
        // the container accepts and refuses the same paths: one check for both
        assertThatThrownBy(() -> new CitusClusterContainer().withInitScript("/junit/ten-tables.sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("initScript was \"/junit/ten-tables.sql\"; allowed: a classpath resource without"
                        + " a leading \"/\"");
        assertThatThrownBy(() -> new CitusClusterContainer().withInitScript("no/such/script.sql"))
                .hasMessage("initScript was \"no/such/script.sql\"; allowed: a classpath resource that exists, such as"
                        + " \"schema.sql\" in src/test/resources");
    }

    private static void assertClassFails(Class<?> testClass, String message) {
        assertClassFailsWith(testClass, "@CitusCluster on " + testClass.getName() + ": " + message);
    }

    private static void assertClassFailsWith(Class<?> testClass, String messageStart) {
        Events containers = run(testClass).containerEvents();
        containers.assertThatEvents().haveExactly(1, event(finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class), message(m -> m.startsWith(messageStart)))));
    }

    static class FinalField {
        @CitusCluster
        static class Inner {
            @CitusClusterResource
            final CitusClusterContainer cluster = null;

            @Test
            void test() {}
        }
    }

    @Test
    void aFinalFieldFails() {
        Throwable failure = onlyFailure(run(FinalField.Inner.class).testEvents());
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("field [io.citustestkit.CitusClusterContainer cluster]")
                .hasMessageContaining("is final; allowed: a non-final field");
    }

    // ---------------------------------------------------------------------------------------------
    // Docker
    // ---------------------------------------------------------------------------------------------

    @CitusCluster(workers = 1)
    static class NeedsDocker {
        @Test
        void test() {}
    }

    @CitusCluster(workers = 1, disabledWithoutDocker = true)
    static class SkipsWithoutDocker {
        @Test
        void test() {}
    }

    @Test
    void withoutDockerTheClassFailsSayingHowToPointAtOne() {
        Events containers = run(NoDocker.class, NeedsDocker.class).containerEvents();
        containers.assertThatEvents().haveExactly(1, event(finishedWithFailure(message(m ->
                m.contains("@CitusCluster needs Docker") && m.contains("DOCKER_HOST")
                        && m.contains("~/.testcontainers.properties") && m.contains("disabledWithoutDocker = true")))));
        assertThat(MADE).isEmpty();
    }

    @Test
    void withoutDockerAndDisabledWithoutDockerTheClassIsSkippedWithAReason() {
        EngineExecutionResults results = run(NoDocker.class, SkipsWithoutDocker.class);
        results.containerEvents().assertStatistics(s -> s.skipped(1).failed(0));
        assertThat(results.containerEvents().skipped().list().get(0)
                .getRequiredPayload(String.class)).contains("Docker is not available");
        results.testEvents().assertStatistics(s -> s.started(0));
    }

    // ---------------------------------------------------------------------------------------------
    // image resolution, sharing, inheritance, meta-annotations
    // ---------------------------------------------------------------------------------------------

    @CitusCluster(workers = 1)
    static class DefaultImage {
        @Test
        void test(CitusClusterContainer cluster) {
            SEEN.add(cluster);
        }
    }

    @CitusCluster(workers = 1, image = "citusdata/citus:12.1")
    static class ExplicitImage {
        @Test
        void test() {}
    }

    @Test
    void anEmptyImageFallsBackToConfigurationParameterThenSystemPropertyThenDefault() {
        run(DefaultImage.class);
        assertThat(MADE).extracting(ClusterSettings::image).containsExactly(CitusClusterContainer.DEFAULT_IMAGE);

        MADE.clear();
        System.setProperty(CitusCluster.IMAGE_PROPERTY, "citusdata/citus:14.0.0-pg17");
        run(DefaultImage.class);
        assertThat(MADE).extracting(ClusterSettings::image).containsExactly("citusdata/citus:14.0.0-pg17");

        MADE.clear();
        engine(FakeDocker.class, DefaultImage.class)
                .configurationParameter(CitusCluster.IMAGE_PROPERTY, "citusdata/citus:13.1").execute();
        assertThat(MADE).extracting(ClusterSettings::image).containsExactly("citusdata/citus:13.1");

        MADE.clear();
        run(ExplicitImage.class);
        assertThat(MADE).extracting(ClusterSettings::image).containsExactly("citusdata/citus:12.1");
    }

    @CitusCluster(workers = 1)
    static class SameSettingsA {
        @Test
        void test(CitusClusterContainer cluster) {
            SEEN.add(cluster);
        }
    }

    @CitusCluster(workers = 1)
    static class SameSettingsB {
        @Test
        void test(CitusClusterContainer cluster) {
            SEEN.add(cluster);
        }
    }

    @CitusCluster(workers = 1, shared = false)
    static class OwnCluster {
        @Test
        void test(CitusClusterContainer cluster) {
            SEEN.add(cluster);
        }
    }

    @CitusCluster(workers = 1, reset = Reset.TRUNCATE)
    static class OtherReset {
        @Test
        void test(CitusClusterContainer cluster) {
            SEEN.add(cluster);
        }
    }

    @Test
    void equalSettingsShareOneClusterOthersGetTheirOwn() {
        run(SameSettingsA.class, SameSettingsB.class, OwnCluster.class, OtherReset.class)
                .testEvents().assertStatistics(s -> s.succeeded(4));
        assertThat(SEEN).hasSize(4);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
        assertThat(SEEN.get(2)).isNotSameAs(SEEN.get(0));
        assertThat(SEEN.get(3)).isNotSameAs(SEEN.get(0)).isNotSameAs(SEEN.get(2));
        assertThat(MADE).hasSize(3);
    }

    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target(java.lang.annotation.ElementType.TYPE)
    @CitusCluster(workers = 3, shardCount = 4)
    @interface OurCluster {}

    @OurCluster
    static class ComposedAnnotation {
        @Test
        void test(CitusClusterContainer cluster) {
            SEEN.add(cluster);
        }
    }

    static class Subclass extends ComposedAnnotation {}

    @CitusCluster(workers = 0)
    abstract static class Base {}

    static class InheritsFromBase extends Base {
        @CitusClusterResource
        static CitusClusterContainer cluster;

        @Test
        void test() {
            SEEN.add(cluster);
        }
    }

    @Test
    void worksAsMetaAnnotationAndIsInherited() {
        run(ComposedAnnotation.class, Subclass.class, InheritsFromBase.class)
                .testEvents().assertStatistics(s -> s.succeeded(3));
        assertThat(MADE).extracting(ClusterSettings::workers, ClusterSettings::shardCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, 4), org.assertj.core.groups.Tuple.tuple(0, 0));
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
        assertThat(SEEN.get(2)).isNotNull().isNotSameAs(SEEN.get(0));
    }

    @CitusCluster(workers = 1, shared = false)
    static class Enclosing {
        @CitusClusterResource
        CitusClusterContainer outer;

        @Test
        void test() {
            SEEN.add(outer);
        }

        @Nested
        class Inner {
            @Test
            void test(CitusClusterContainer cluster) {
                SEEN.add(cluster);
            }
        }
    }

    @Test
    void nestedClassesUseTheEnclosingCluster() {
        run(Enclosing.class).testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(MADE).hasSize(1);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
    }

    @CitusCluster(workers = 1, shared = false)
    static class EnclosingWithOwnNested {
        @Test
        void test(CitusClusterContainer cluster) {
            SEEN.add(cluster);
        }

        @Nested
        @CitusCluster(workers = 1, shared = false)
        class InnerWithItsOwn {
            @Test
            void test(CitusClusterContainer cluster) {
                SEEN.add(cluster);
            }
        }
    }

    @Test
    void aNestedClassWithItsOwnAnnotationGetsItsOwnClusterNotTheEnclosingOne() {
        run(EnclosingWithOwnNested.class).testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(MADE).hasSize(2);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
    }

    @Test
    void anEnvironmentParameterThatNamesNoEnvironmentFailsNamingParameterAndValue() {
        Events containers = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(ClusterEnvironment.PARAMETER, String.class.getName())
                .selectors(selectClass(NeedsDocker.class)).execute().containerEvents();
        containers.assertThatEvents().haveExactly(1, event(finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message("configuration parameter citustestkit.junit.environment was \"java.lang.String\"; allowed:"
                        + " the name of a class implementing io.citustestkit.junit.ClusterEnvironment (for the"
                        + " extension's own tests only)"))));
    }

    // ---------------------------------------------------------------------------------------------
    // locks, image condition
    // ---------------------------------------------------------------------------------------------

    @Test
    void classesWithAResetModeLockTheirClusterExclusively() {
        Set<ResourceLocksProvider.Lock> truncate = CitusClusterLocks.lockFor(OtherReset.class);
        assertThat(truncate).singleElement().satisfies(l -> {
            assertThat(l.getAccessMode()).isEqualTo(ResourceAccessMode.READ_WRITE);
            assertThat(l.getKey()).startsWith(CitusClusterLocks.PREFIX).contains("reset=TRUNCATE");
        });
        assertThat(CitusClusterLocks.lockFor(SameSettingsA.class)).isEmpty();
        assertThat(CitusClusterLocks.lockFor(Object.class)).isEmpty();
    }
}
