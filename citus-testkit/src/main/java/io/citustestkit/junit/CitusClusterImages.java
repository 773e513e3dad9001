package io.citustestkit.junit;

import io.citustestkit.CitusClusterContainer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.testcontainers.utility.DockerImageName;

/**
 * The images a {@code @CitusCluster} class runs on, in order: the annotation's {@code image}, else the comma-separated
 * list of the JUnit configuration parameter or system property {@value CitusCluster#IMAGE_PROPERTY}, else
 * {@code CitusClusterContainer.DEFAULT_IMAGE}. Each image is one run of the class ({@link CitusClusterTemplate}).
 * A blank entry, a name that is not a Docker image name or an image named twice fails with an
 * {@link ExtensionConfigurationException} naming the class, the attribute or property, the value and what is allowed.
 */
final class CitusClusterImages {

    private static final String ONE = "a Docker image name such as \"" + CitusClusterContainer.DEFAULT_IMAGE + "\"";
    private static final String LIST = "a comma-separated list of Docker image names such as \""
            + CitusClusterContainer.DEFAULT_IMAGE + ",citusdata/citus:14.0.0\"";

    private CitusClusterImages() {}

    /** The start of every message about a class's annotation: {@code "@CitusCluster on com.example.OrdersIT: "}. */
    static String where(Class<?> testClass) {
        return "@CitusCluster on " + testClass.getName() + ": ";
    }

    /** True when the annotation leaves the image to the global default: {@code image = {}} (or {@code ""}). */
    static boolean namesDefault(String[] annotated) {
        return annotated.length == 0 || (annotated.length == 1 && annotated[0].isEmpty());
    }

    /** The checked images of a class; {@code config} looks up JUnit configuration parameters. */
    static List<String> of(CitusCluster annotation, Class<?> testClass, Function<String, Optional<String>> config) {
        return resolve(annotation.image(), config, where(testClass));
    }

    /** The annotation's images, else the property's list, else the default image; checked, never empty. */
    static List<String> resolve(String[] annotated, Function<String, Optional<String>> config, String where) {
        if (!namesDefault(annotated)) {
            return checked(List.of(annotated), where + "image", true, Arrays.stream(annotated)
                    .map(i -> "\"" + i + "\"").collect(Collectors.joining(", ", "{", "}")));
        }
        String property = config.apply(CitusCluster.IMAGE_PROPERTY).filter(s -> !s.isBlank())
                .orElseGet(() -> System.getProperty(CitusCluster.IMAGE_PROPERTY));
        if (property == null || property.isBlank()) {
            return List.of(CitusClusterContainer.DEFAULT_IMAGE);
        }
        List<String> entries = Arrays.stream(property.split(",", -1)).map(String::trim).collect(Collectors.toList());
        return checked(entries, where + CitusCluster.IMAGE_PROPERTY, false, "\"" + property.trim() + "\"");
    }

    /**
     * Each entry a Docker image name, each once. {@code element} names the attribute ({@code annotation}: entries are
     * {@code image[i]}) or the property (entries are counted from 1 in its value), {@code value} the whole value.
     */
    private static List<String> checked(List<String> images, String element, boolean annotation, String value) {
        boolean list = images.size() > 1;
        for (int i = 0; i < images.size(); i++) {
            String image = images.get(i);
            try {
                if (image.isBlank()) {
                    throw new IllegalArgumentException("blank");
                }
                DockerImageName.parse(image).assertValid();
            } catch (IllegalArgumentException e) {
                String entry = !list ? element + " was \"" + image + "\"; allowed: " + ONE
                        : annotation ? element + "[" + i + "] was \"" + image + "\"; allowed: " + ONE
                        : element + " was " + value + ", whose entry " + (i + 1) + " (\"" + image + "\") is "
                                + (image.isEmpty() ? "blank" : "not a Docker image name") + "; allowed: " + LIST;
                throw new ExtensionConfigurationException(entry, e);
            }
            if (images.subList(0, i).contains(image)) {
                throw new ExtensionConfigurationException(element + " was " + value + ", which names \"" + image
                        + "\" twice; allowed: each image once (the class runs once per image)");
            }
        }
        return List.copyOf(images);
    }
}
