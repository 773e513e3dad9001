package io.citustestkit.assertj;

import io.citustestkit.internal.TableMetadata;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** {@code hasShardsOnEveryWorker()}: which workers hold none, and the placements per node. */
final class ShouldHaveShardsOnEveryWorker extends CitusErrorMessage {

    static ErrorMessageFactory shouldHaveShardsOnEveryWorker(TableMetadata actual,
            List<TableMetadata.NodePlacements> nodes) {
        return new ShouldHaveShardsOnEveryWorker(actual, nodes);
    }

    private ShouldHaveShardsOnEveryWorker(TableMetadata actual, List<TableMetadata.NodePlacements> nodes) {
        super(parts("%nExpecting table:%n  ").verbatim(actual.qualifiedName())
                .text("%nto have shards on every active worker%nbut ").verbatim(but(actual, nodes)).text(".")
                .text("%nShard placements per node (pg_dist_placement):")
                .lines("  ", nodes.stream().map(TableMetadata.NodePlacements::describe).toList())
                .text("%n(").verbatim(actual.describe()).text(")"));
    }

    private static String but(TableMetadata actual, List<TableMetadata.NodePlacements> nodes) {
        List<TableMetadata.NodePlacements> workers =
                nodes.stream().filter(n -> !n.coordinator() && n.active()).toList();
        if (!actual.inCitusMetadata()) {
            return "it has no shards: " + actual.describe();
        }
        if (workers.isEmpty()) {
            return "the cluster has no active worker";
        }
        List<String> without = workers.stream().filter(n -> n.placements() == 0)
                .map(TableMetadata.NodePlacements::address).toList();
        return (without.size() == 1 ? "worker " + without.get(0) + " has" : "workers " + String.join(", ", without)
                + " have") + " no shard of it";
    }
}
