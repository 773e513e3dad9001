package io.citustestkit;

import org.testcontainers.containers.ContainerLaunchException;

/**
 * A Citus image that cannot be had: it is neither in the local image store nor pullable (a typo in the tag, no
 * registry, no credentials). Thrown by {@code start()} within seconds (one pull attempt, bounded by
 * {@code -Dcitustestkit.pull.timeout}, seconds), before any container of the cluster exists. The message names the
 * image (and, when Testcontainers' image name substitution renamed it, the name it was made from), why the pull
 * failed and how to choose another.
 *
 * <pre>{@code
 * try (CitusClusterContainer cluster = new CitusClusterContainer("citusdata/citus:12.1-pg16")) {
 *     cluster.start();
 * } catch (CitusImageUnavailableException e) {
 *     System.err.println(e.getImage() + " is not available: " + e.getMessage());
 * }
 * }</pre>
 *
 * <p>Under {@code @CitusCluster} the test class fails with it. Nothing in the kit turns it into skipped tests unless
 * you opt in ({@code io.citustestkit.junit.DisabledWithoutCitusImage}).
 */
public class CitusImageUnavailableException extends ContainerLaunchException {

    private static final long serialVersionUID = 1L;

    private final String image;

    /**
     * @param image   the image that could not be had, as the local image store would name it
     * @param message the whole message, naming the image
     */
    public CitusImageUnavailableException(String image, String message) {
        super(message);
        this.image = image;
    }

    /** The image that could not be had (after Testcontainers' image name substitution). */
    public String getImage() {
        return image;
    }
}
