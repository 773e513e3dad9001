package io.citustestkit.assertj;

import io.citustestkit.internal.TableMetadata;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code hasDistributionColumn(c)}: the column the table is distributed by, or that it has none. */
final class ShouldHaveDistributionColumn extends CitusErrorMessage {

    static ErrorMessageFactory shouldHaveDistributionColumn(TableMetadata actual, String expectedColumn) {
        return new ShouldHaveDistributionColumn(actual, expectedColumn);
    }

    private ShouldHaveDistributionColumn(TableMetadata actual, String expectedColumn) {
        super(but(actual, parts("%nExpecting table:%n  ").verbatim(actual.qualifiedName())
                .text("%nto be distributed by column:%n  ").verbatim(expectedColumn)));
    }

    private static Parts but(TableMetadata actual, Parts expecting) {
        if (actual.kind() != TableMetadata.Kind.DISTRIBUTED) {
            return expecting.text("%nbut was:%n  ").verbatim(actual.describe())
                    .text("%nwhich has no distribution column");
        }
        return expecting.text("%nbut was distributed by column:%n  ").verbatim(actual.distributionColumn())
                .text("%n(").verbatim(actual.describe()).text(")");
    }
}
