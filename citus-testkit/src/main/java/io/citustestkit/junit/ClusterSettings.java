package io.citustestkit.junit;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.Args;
import io.citustestkit.internal.InitScripts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.testcontainers.utility.DockerImageName;

/**
 * What makes two {@code @CitusCluster} clusters the same: the key of a shared cluster in the root store. Image is
 * the resolved one, so {@code image = ""} and an explicit equal image share.
 */
final class ClusterSettings {

    static final int MAX_SHARD_COUNT = 64000;

    private final String image;
    private final int workers;
    private final int shardCount;
    private final List<String> initScripts;
    private final Reset reset;
    private List<String> dataScripts = List.of();
    private String imageOrigin = "@CitusCluster: image"; // not part of the key: who asked, for messages
    private boolean hostReachableNodes;
    private List<String> keptTables = List.of();

    ClusterSettings(String image, int workers, int shardCount, List<String> initScripts, Reset reset) {
        this.image = image;
        this.workers = workers;
        this.shardCount = shardCount;
        this.initScripts = List.copyOf(initScripts);
        this.reset = reset;
    }

    ClusterSettings withKeptTables(List<String> keptTables) {
        this.keptTables = List.copyOf(keptTables);
        return this;
    }

    ClusterSettings withHostReachableNodes(boolean hostReachable) {
        this.hostReachableNodes = hostReachable;
        return this;
    }

    private ClusterSettings withOrigin(List<String> dataScripts, String imageOrigin) {
        this.dataScripts = List.copyOf(dataScripts);
        this.imageOrigin = imageOrigin;
        return this;
    }

    /**
     * Reads and checks the annotation for its only (or first) image; {@code config} looks up JUnit configuration
     * parameters. See {@link #of(CitusCluster, Class, String)}.
     */
    static ClusterSettings of(CitusCluster annotation, Class<?> testClass, Function<String, Optional<String>> config) {
        return of(annotation, testClass, CitusClusterImages.of(annotation, testClass, config).get(0));
    }

    /**
     * Reads and checks the annotation for one of its images ({@link CitusClusterImages} resolves and checks them).
     * Misuse fails with an {@link ExtensionConfigurationException} naming the class, the attribute, its value and what
     * is allowed. Init scripts are checked here, by the same rule as {@code CitusClusterContainer.withInitScript}, so a
     * bad path fails the class that names it and not, later, whichever class starts a shared cluster.
     */
    static ClusterSettings of(CitusCluster annotation, Class<?> testClass, String image) {
        String where = CitusClusterImages.where(testClass);
        if (annotation.workers() < 0 || annotation.workers() > CitusClusterContainer.MAX_WORKERS) {
            throw new ExtensionConfigurationException(where + "workers was " + annotation.workers() + "; allowed: 0.."
                    + CitusClusterContainer.MAX_WORKERS);
        }
        if (annotation.shardCount() < 0 || annotation.shardCount() > MAX_SHARD_COUNT) {
            throw new ExtensionConfigurationException(where + "shardCount was " + annotation.shardCount()
                    + "; allowed: 1.." + MAX_SHARD_COUNT + ", or 0 for Citus' default");
        }
        List<String> scripts = scripts("initScripts", annotation.initScripts(), testClass);
        List<String> data = scripts("dataScripts", annotation.dataScripts(), testClass);
        String[] kept = annotation.keptTables();
        for (int i = 0; i < kept.length; i++) {
            try {
                Args.qualifiedName("keptTables[" + i + "]", kept[i]);
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(where + e.getMessage(), e);
            }
        }
        String origin = where + (CitusClusterImages.namesDefault(annotation.image()) ? CitusCluster.IMAGE_PROPERTY
                : "image");
        return new ClusterSettings(image, annotation.workers(), annotation.shardCount(), scripts, annotation.reset())
                .withOrigin(data, origin).withHostReachableNodes(annotation.hostReachableNodes())
                .withKeptTables(List.of(kept));
    }

    private static List<String> scripts(String attribute, String[] paths, Class<?> testClass) {
        List<String> scripts = new ArrayList<>();
        String element = "@CitusCluster(" + attribute + ") of " + testClass.getName();
        for (String script : paths) {
            try {
                scripts.add(InitScripts.requireClasspathResource(element, script));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(e.getMessage(), e);
            }
        }
        return scripts;
    }

    /** The image, taken as a Citus image whatever its name (a company's own, a mirror's, Citus with PostGIS). */
    DockerImageName dockerImage() {
        return DockerImageName.parse(image).asCompatibleSubstituteFor("citusdata/citus");
    }

    /** A new, not yet started cluster with these settings. */
    CitusClusterContainer newContainer() {
        CitusClusterContainer cluster = new CitusClusterContainer(dockerImage()).withWorkers(workers)
                .withHostReachableNodes(hostReachableNodes);
        if (shardCount > 0) {
            cluster.withShardCount(shardCount);
        }
        if (!initScripts.isEmpty()) {
            cluster.withInitScripts(initScripts);
        }
        return cluster.withDataScripts(dataScripts.toArray(String[]::new))
                .withKeptTables(keptTables.toArray(String[]::new));
    }

    String image() {
        return image;
    }

    int workers() {
        return workers;
    }

    int shardCount() {
        return shardCount;
    }

    List<String> initScripts() {
        return initScripts;
    }

    Reset reset() {
        return reset;
    }

    List<String> keptTables() {
        return keptTables;
    }

    List<String> dataScripts() {
        return dataScripts;
    }

    /** Where the image came from, for messages: {@code "@CitusCluster on com.example.OrdersIT: image"}. */
    String imageOrigin() {
        return imageOrigin;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClusterSettings)) {
            return false;
        }
        ClusterSettings other = (ClusterSettings) o;
        return workers == other.workers && shardCount == other.shardCount && image.equals(other.image)
                && initScripts.equals(other.initScripts) && reset == other.reset && dataScripts.equals(other.dataScripts)
                && hostReachableNodes == other.hostReachableNodes && keptTables.equals(other.keptTables);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(image, workers, shardCount, initScripts, reset, dataScripts, hostReachableNodes,
                keptTables);
    }

    @Override
    public String toString() {
        return "@CitusCluster(image = \"" + image + "\", workers = " + workers + ", shardCount = " + shardCount
                + ", initScripts = " + initScripts + ", dataScripts = " + dataScripts + ", reset = " + reset
                + (hostReachableNodes ? ", hostReachableNodes = true" : "")
                + (keptTables.isEmpty() ? "" : ", keptTables = " + keptTables) + ")";
    }
}
