package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.citustestkit.testsupport.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * What a user sees and may catch is public ({@code io.citustestkit}), documented, and said once: no type from
 * {@code io.citustestkit.internal} as a stack trace's top line, and PostgreSQL's error once in a failed script's trace.
 */
class PublicExceptionsIT {

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    @Test
    void anImageThatCannotBeHadIsACitusImageUnavailableExceptionNamingTheImage() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "Docker is not available");
        String typo = "citusdata/citus:0.0.0-citustestkit-typo";
        CitusImageUnavailableException e = catchThrowableOfType(CitusImageUnavailableException.class,
                () -> new CitusClusterContainer(typo).start());

        assertThat(e).as("the failure of start()").isNotNull();
        assertThat(e.getImage()).isEqualTo(typo);
        assertThat(e.getMessage()).startsWith("Image " + typo + " is not available");
        assertThat(stackTrace(e).lines().findFirst().orElseThrow())
                .startsWith("io.citustestkit.CitusImageUnavailableException: Image " + typo);
    }

    @Test
    void aFailingScriptIsACitusScriptExceptionThatSaysPostgresErrorOnce() {
        String image = TestImages.primary();
        TestImages.assumeAvailable(image);
        CitusClusterContainer broken = new CitusClusterContainer(image).withWorkers(1)
                .withInitScript("scripts/broken-schema.sql");

        CitusScriptException e = catchThrowableOfType(CitusScriptException.class, broken::start);

        assertThat(e).as("the failure of start()").isNotNull();
        assertThat(e.getScript()).isEqualTo("scripts/broken-schema.sql");
        assertThat(e.getLine()).isEqualTo(6);
        assertThat(e.getStatement()).isEqualTo("INSERT INTO invoice VALUES (1, 1)");
        assertThat(e.getSQLException().getSQLState()).isEqualTo("42P01"); // undefined_table
        String trace = stackTrace(e);
        assertThat(trace.lines().findFirst().orElseThrow())
                .startsWith("io.citustestkit.CitusScriptException: init script scripts/broken-schema.sql, statement 3");
        assertThat(occurrences(trace, "relation \"invoice\" does not exist")).as("PostgreSQL's error in\n%s", trace)
                .isEqualTo(1);
        assertThat(trace).doesNotContain("io.citustestkit.internal.SqlScripts$");
    }
}
