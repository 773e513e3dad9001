package io.citustestkit.testsupport;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.CitusNode;
import java.util.ArrayList;
import java.util.List;

/** The nodes of a started cluster. */
public final class Nodes {

    private Nodes() {}

    /** The coordinator first, then every worker in order. */
    public static List<CitusNode> all(CitusClusterContainer cluster) {
        List<CitusNode> all = new ArrayList<>();
        all.add(cluster.getCoordinator());
        all.addAll(cluster.getWorkers());
        return all;
    }
}
