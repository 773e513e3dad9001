package io.citustestkit.junit;

import io.citustestkit.internal.ImagePipeline;
import io.citustestkit.internal.Images;
import io.citustestkit.internal.KitProperties;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/** The condition behind {@link DisabledWithoutCitusImage}; not API. */
final class DisabledWithoutCitusImageCondition implements ExecutionCondition {

    /** Image -> "" when available, else the reason. Checked once per JVM. */
    private static final Map<String, String> CHECKED = new ConcurrentHashMap<>();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        Optional<DisabledWithoutCitusImage> annotation = element
                .flatMap(e -> AnnotationSupport.findAnnotation(e, DisabledWithoutCitusImage.class));
        if (annotation.isEmpty()) {
            return ConditionEvaluationResult.enabled("no @DisabledWithoutCitusImage here");
        }
        boolean optedIn = context.getConfigurationParameter(DisabledWithoutCitusImage.SKIP_PROPERTY)
                .map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
        if (!optedIn) {
            return ConditionEvaluationResult.enabled("@DisabledWithoutCitusImage skips only with "
                    + DisabledWithoutCitusImage.SKIP_PROPERTY + "=true: the test runs");
        }
        String image = annotation.get().value();
        String reason = null;
        if (image.isEmpty()) { // every image of the class (several: it runs once per image)
            String[] annotated = context.getTestClass().flatMap(CitusClusterExtension::findOwnerAnnotation)
                    .map(CitusCluster::image).orElse(new String[0]);
            for (String i : CitusClusterImages.resolve(annotated, context::getConfigurationParameter,
                    "@DisabledWithoutCitusImage: ")) {
                image = i;
                reason = ClusterEnvironment.of(context).whyImageUnavailable(image);
                if (reason != null) {
                    break;
                }
            }
        } else {
            reason = ClusterEnvironment.of(context).whyImageUnavailable(image);
        }
        if (reason == null) {
            return ConditionEvaluationResult.enabled("image " + image + " is available");
        }
        String disabled = "@DisabledWithoutCitusImage: " + reason;
        // on the console too, where a person reads the build: a skipped class is easy to miss in "Skipped: n"
        System.err.println("[citus-testkit] SKIPPED " + describe(context) + ": " + disabled + " ("
                + DisabledWithoutCitusImage.SKIP_PROPERTY + "=true: these tests did not run)");
        return ConditionEvaluationResult.disabled(disabled);
    }

    private static String describe(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.getDeclaringClass().getName() + "." + m.getName() + "()")
                .orElseGet(() -> context.getTestClass().map(Class::getName).orElse(context.getDisplayName()));
    }

    /** The real check, once per image and JVM: Docker, then the local image, then a pull. */
    static String check(String image) {
        String reason = CHECKED.computeIfAbsent(image, DisabledWithoutCitusImageCondition::probe);
        return reason.isEmpty() ? null : reason;
    }

    private static String probe(String image) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return "Docker is not available, so image " + image + " cannot run";
        }
        // the name the cluster would run: after Testcontainers' image name substitution (a registry mirror)
        DockerImageName name = ImageNameSubstitutor.instance().apply(DockerImageName.parse(image));
        if (Images.isPresentLocally(DockerClientFactory.instance().client(), name)) {
            return "";
        }
        String failure = Images.tryPull(DockerClientFactory.instance().client(), name,
                KitProperties.seconds(ImagePipeline.PULL_TIMEOUT_PROPERTY, Duration.ofSeconds(300)));
        return failure == null ? ""
                : "image " + name.asCanonicalNameString() + " is not present locally and could not be pulled ("
                        + failure + ")";
    }
}
