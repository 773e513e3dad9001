package io.citustestkit.assertj;

import io.citustestkit.internal.TableMetadata;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code isDistributed()}, {@code isReferenceTable()}, {@code isLocalTable()}: what the table is instead. */
final class ShouldBeTableOfKind extends CitusErrorMessage {

    static ErrorMessageFactory shouldBeTableOfKind(TableMetadata actual, Parts expectation) {
        return new ShouldBeTableOfKind(actual, expectation);
    }

    private ShouldBeTableOfKind(TableMetadata actual, Parts expectation) {
        super(parts("%nExpecting table:%n  ").verbatim(actual.qualifiedName()).text("%nto ").append(expectation)
                .text("%nbut was:%n  ").verbatim(actual.describe()));
    }
}
