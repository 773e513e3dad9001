package io.citustestkit.assertj;

import io.citustestkit.internal.TableMetadata;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code hasShardCount(n)}: the count in pg_dist_shard (the assertion also hands actual and expected to the IDE). */
final class ShouldHaveShardCount extends CitusErrorMessage {

    static ErrorMessageFactory shouldHaveShardCount(TableMetadata actual, int expected) {
        return new ShouldHaveShardCount(actual, expected);
    }

    private ShouldHaveShardCount(TableMetadata actual, int expected) {
        super(parts("%nExpecting table:%n  ").verbatim(actual.qualifiedName())
                .text("%nto have ").append(shards(expected))
                .text("%nbut was:%n  ").append(shards(actual.shardCount())).text(" in pg_dist_shard")
                .text("%n(").verbatim(actual.describe()).text(")"));
    }
}
