package io.citustestkit.assertj;

import io.citustestkit.internal.SchemaTables;
import io.citustestkit.internal.TableMetadata;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code allDistributedTablesAreColocatedWith(t)}: the tables in another co-location group, or why t cannot anchor. */
final class ShouldBeColocatedWithAll extends CitusErrorMessage {

    static ErrorMessageFactory shouldBeColocatedWithAll(String schema, Parts expectation, String table,
            TableMetadata anchor, List<SchemaTables.Table> apart) {
        Parts p = ShouldHaveNoLocalTables.expecting(schema, expectation);
        if (anchor == null) {
            p.text("%nbut ").verbatim(table).text(" does not exist (to_regclass found no table of that name)");
        } else if (!anchor.isDistributed()) {
            p.text("%nbut ").verbatim(anchor.qualifiedName()).text(" is not distributed: ").verbatim(anchor.describe());
        } else {
            p.text("%nbut ").value(apart.size()).text(apart.size() == 1 ? " distributed table is" : " distributed tables are")
                    .text(" in another co-location group than ").verbatim(anchor.qualifiedName())
                    .text(" (colocation id ").verbatim(anchor.colocationId()).text("):")
                    .lines("  ", apart.stream().map(t -> t.metadata().qualifiedName() + ": " + t.metadata().describe())
                            .toList())
                    .text("%nDistribute them with ").verbatim("colocate_with => '" + anchor.qualifiedName() + "'")
                    .text(" (or ").verbatim("SELECT update_distributed_table_colocation('<table>', colocate_with => '"
                            + anchor.qualifiedName() + "')").text(").");
        }
        return new ShouldBeColocatedWithAll(p);
    }

    private ShouldBeColocatedWithAll(Parts parts) {
        super(parts);
    }
}
