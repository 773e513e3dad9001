package io.citustestkit.junit;

import com.github.dockerjava.api.command.InspectImageResponse;
import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.Images;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * After a failed start: was the annotation's image not Citus at all? {@code @CitusCluster(image)} takes any name as
 * a Citus image, so an image without Citus (such as {@code postgres:17}) is found out only when its cluster fails to
 * start. Then an image whose environment has no {@code CITUS_VERSION} (every {@code citusdata/citus} image and
 * every image built on one has it) turns the failure into an {@link ExtensionConfigurationException} naming the
 * class, the attribute and the value; any other failure stays as it is.
 */
final class CitusImageCheck {

    private CitusImageCheck() {}

    static RuntimeException explain(ClusterSettings settings, RuntimeException failure) {
        Optional<InspectImageResponse> image;
        try {
            image = Images.inspect(DockerClientFactory.instance().client(), DockerImageName.parse(settings.image()));
        } catch (RuntimeException e) {
            return failure; // nothing to tell about the image
        }
        boolean citus = image.map(i -> i.getConfig() == null || i.getConfig().getEnv() == null
                || Arrays.stream(i.getConfig().getEnv()).anyMatch(e -> e.startsWith("CITUS_VERSION="))).orElse(true);
        if (citus) {
            return failure;
        }
        String cause = String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
        return new ExtensionConfigurationException(settings.imageOrigin() + " was \"" + settings.image()
                + "\", which is not a Citus image (no CITUS_VERSION in its environment; the cluster did not start: "
                + cause + "); allowed: a Citus image, such as \"" + CitusClusterContainer.DEFAULT_IMAGE
                + "\" or one built on it", failure);
    }
}
