package io.citustestkit.assertj;

import io.citustestkit.internal.SchemaTables;
import java.util.Collection;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code hasNoLocalTables()}: every local table with how to fix it; and a schema that is not there. */
final class ShouldHaveNoLocalTables extends CitusErrorMessage {

    static ErrorMessageFactory shouldHaveNoLocalTables(String schema, Parts expectation,
            java.util.List<SchemaTables.Table> local, Collection<String> excepted) {
        SchemaTables.Table first = local.get(0);
        String q = first.metadata().qualifiedName().replace("'", "''");
        return new ShouldHaveNoLocalTables(expecting(schema, expectation)
                .text("%nbut it has ").value(local.size()).text(local.size() == 1 ? " local table:" : " local tables:")
                .lines("  ", local.stream().map(t -> t.metadata().qualifiedName() + ": " + t.metadata().describe())
                        .toList())
                .text("%nDistribute each (").verbatim("SELECT create_distributed_table('" + q + "', '<tenant column>')")
                .text("), make it a reference table (").verbatim("SELECT create_reference_table('" + q + "')")
                .text("), or except it: ").verbatim("schema(\"" + schema + "\").except(\"" + first.name() + "\")")
                .text("%n(excepted: ").verbatim(String.join(", ", excepted)).text(")"));
    }

    static ErrorMessageFactory schemaShouldExist(String schema, Parts expectation) {
        return new ShouldHaveNoLocalTables(expecting(schema, expectation)
                .text("%nbut it does not exist (pg_namespace has no schema of that name; names are case-sensitive)"));
    }

    static Parts expecting(String schema, Parts expectation) {
        return parts("%nExpecting schema:%n  ").verbatim(schema).text("%nto ").append(expectation);
    }

    private ShouldHaveNoLocalTables(Parts parts) {
        super(parts);
    }
}
