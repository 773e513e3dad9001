package io.citustestkit.assertj;

import io.citustestkit.internal.TableMetadata;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code isColocatedWith(other)}: why not, and both tables' metadata. */
final class ShouldBeColocated extends CitusErrorMessage {

    static ErrorMessageFactory shouldBeColocated(TableMetadata actual, TableMetadata other) {
        return new ShouldBeColocated(actual, other);
    }

    private ShouldBeColocated(TableMetadata actual, TableMetadata other) {
        super(parts("%nExpecting table:%n  ").verbatim(actual.qualifiedName()).text("%nto be co-located with:%n  ")
                .verbatim(other.qualifiedName()).text("%nbut was not: ").verbatim(reason(actual, other)).text(":")
                .text("%n  ").verbatim(actual.qualifiedName()).text(": ").verbatim(actual.describe())
                .text("%n  ").verbatim(other.qualifiedName()).text(": ").verbatim(other.describe()));
    }

    private static String reason(TableMetadata actual, TableMetadata other) {
        if (!actual.inCitusMetadata() || !other.inCitusMetadata()) {
            return "a table that is not in Citus metadata is co-located with nothing";
        }
        if (actual.colocationId() == 0 || other.colocationId() == 0) {
            return "colocation id 0 (a Citus-local table) is co-located with nothing";
        }
        return "their colocation ids differ";
    }
}
