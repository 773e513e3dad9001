package io.citustestkit.assertj;

import io.citustestkit.internal.SchemaTables;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code hasNoForeignKeysToLocalTables()}: each foreign key and what the table it references is. */
final class ShouldHaveNoForeignKeysToLocalTables extends CitusErrorMessage {

    static ErrorMessageFactory shouldHaveNoForeignKeysToLocalTables(String schema, Parts expectation,
            List<SchemaTables.ForeignKey> toLocal) {
        return new ShouldHaveNoForeignKeysToLocalTables(ShouldHaveNoLocalTables.expecting(schema, expectation)
                .text("%nbut ").value(toLocal.size())
                .text(toLocal.size() == 1 ? " foreign key references a local table:"
                        : " foreign keys reference a local table:")
                .lines("  ", toLocal.stream().map(fk -> fk.describe() + ": " + fk.referenced().qualifiedName() + " is "
                        + fk.referenced().describe()).toList())
                .text("%nDistribute the referenced table (co-located, by the same column) or make it a reference"
                        + " table."));
    }

    private ShouldHaveNoForeignKeysToLocalTables(Parts parts) {
        super(parts);
    }
}
