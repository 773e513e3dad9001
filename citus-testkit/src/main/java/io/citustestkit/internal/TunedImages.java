package io.citustestkit.internal;

import org.testcontainers.utility.DockerImageName;

/**
 * The test-tuned image derived from a {@code citusdata/citus} base image (see citus-image/).
 */
public final class TunedImages {

    private TunedImages() {}

    /**
     * The tuned image for a base image, built on first use and cached. Until the image is bundled
     * this returns the base image unchanged.
     */
    public static DockerImageName resolve(DockerImageName base) {
        return base;
    }
}
