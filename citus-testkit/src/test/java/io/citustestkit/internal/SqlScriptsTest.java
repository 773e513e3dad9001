package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** How a script is split into statements, each with the line it starts on (the IT checks the message on Citus). */
class SqlScriptsTest {

    @Test
    void eachStatementKnowsTheLineItStartsOnAcrossCommentsAndBlankLines() {
        String script = "-- invoices\n"
                + "CREATE TABLE invoices (\n"
                + "  tenant_id bigint, -- who\n"
                + "  id bigint\n"
                + ");\n"
                + "\n"
                + "/* distribute */ SELECT create_distributed_table('invoices', 'tenant_id');\n"
                + "INSERT INTO invoices VALUES (1, 1); INSERT INTO invoices\n"
                + "  SELECT 2, 2;\n"
                + "DO $$ BEGIN PERFORM 1; END $$;\n";

        assertThat(SqlScripts.split("db/schema.sql", script))
                .extracting(SqlScripts.Part::line, p -> p.sql().split(" ")[0])
                .containsExactly(tuple(2, "CREATE"), tuple(7, "SELECT"), tuple(8, "INSERT"), tuple(8, "INSERT"),
                        tuple(10, "DO"));
    }

    @Test
    void aCommentMarkerInsideALiteralLeavesTheLinesAfterItUnknownNotWrong() {
        String script = "INSERT INTO notes VALUES ('a--b');\nSELECT 1;\n";

        assertThat(SqlScripts.split("notes.sql", script)).extracting(SqlScripts.Part::line).containsExactly(1, 0);
    }
}
