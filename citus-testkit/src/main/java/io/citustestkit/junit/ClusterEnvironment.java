package io.citustestkit.junit;

import io.citustestkit.CitusClusterContainer;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * What the extension needs from outside the test run: whether Docker is there, whether an image can run, and new
 * (not yet started) clusters. The real one is {@link DockerClusterEnvironment}. The extension's own tests name
 * another implementation in the JUnit configuration parameter {@value #PARAMETER} of the run they launch, so no
 * static state is swapped. Not API: the parameter is for testing the extension and may change.
 */
interface ClusterEnvironment {

    /** JUnit configuration parameter: the class name of a {@code ClusterEnvironment} with a no-argument constructor. */
    String PARAMETER = "citustestkit.junit.environment";

    boolean dockerAvailable();

    /** Null when the image can run here, else why not (one sentence naming the image). */
    String whyImageUnavailable(String image);

    /** A cluster with these settings, not yet started. */
    CitusClusterContainer newContainer(ClusterSettings settings);

    /** The environment of this test run: made once per run and kept in the root store. */
    static ClusterEnvironment of(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        return root.getStore(CitusClusterExtension.NAMESPACE).getOrComputeIfAbsent(ClusterEnvironment.class,
                k -> load(root.getConfigurationParameter(PARAMETER)), ClusterEnvironment.class);
    }

    private static ClusterEnvironment load(Optional<String> className) {
        if (className.isEmpty() || className.get().isBlank()) {
            return new DockerClusterEnvironment();
        }
        String name = className.get().trim();
        Class<?> type = ReflectionSupport.tryToLoadClass(name).toOptional()
                .filter(ClusterEnvironment.class::isAssignableFrom)
                .orElseThrow(() -> new ExtensionConfigurationException("configuration parameter " + PARAMETER
                        + " was \"" + name + "\"; allowed: the name of a class implementing "
                        + ClusterEnvironment.class.getName() + " (for the extension's own tests only)"));
        return (ClusterEnvironment) ReflectionSupport.newInstance(type);
    }
}
