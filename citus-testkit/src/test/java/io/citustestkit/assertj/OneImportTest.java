package io.citustestkit.assertj;

import static io.citustestkit.assertj.CitusAssertions.*;

import io.citustestkit.CitusClusterContainer;
import java.util.List;
import org.assertj.core.api.AbstractBooleanAssert;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.ObjectAssert;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.JdbcDatabaseContainer;

/**
 * One static import of {@link CitusAssertions} gives the Citus entry points and AssertJ's standard ones (this class
 * imports nothing else from AssertJ's {@code Assertions}); {@link CitusSoftAssertions} does the same for soft ones.
 */
class OneImportTest {

    final CitusClusterContainer notStarted = new CitusClusterContainer();

    @Test
    void aClusterGetsTheCitusAssertAndEverythingElseAssertJsOwn() {
        CitusClusterAssert cluster = assertThat(notStarted);
        AbstractBooleanAssert<?> bool = assertThat(true);
        ListAssert<Integer> list = assertThat(List.of(1, 2));
        JdbcDatabaseContainer<?> asSupertype = notStarted;
        ObjectAssert<JdbcDatabaseContainer<?>> plain = assertThat(asSupertype);

        assertThat(cluster).isInstanceOf(CitusClusterAssert.class);
        bool.isTrue();
        list.containsExactly(1, 2);
        plain.isSameAs(notStarted);
        assertThatThrownBy(() -> assertThat(1).isEqualTo(2)).isInstanceOf(AssertionError.class);
        assertThatIllegalStateException().isThrownBy(() -> assertThat(notStarted).hasActiveWorkers(2))
                .withMessageStartingWith("hasActiveWorkers needs a started cluster");
        assertThat(catchThrowable(() -> fail("boom"))).hasMessage("boom");
    }

    @Test
    void softAssertionsCollectCitusAndStandardFailuresTogether() {
        CitusSoftAssertions softly = new CitusSoftAssertions();
        CitusClusterAssert cluster = softly.assertThat(notStarted);
        softly.assertThat(1).isEqualTo(2);
        softly.assertThat("tenant").startsWith("x");

        assertThat(cluster).isNotNull();
        assertThatThrownBy(softly::assertAll)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Multiple Failures (2 failures)")
                .hasMessageContaining("expected: 2")
                .hasMessageContaining("to start with");
    }
}
