package io.citustestkit.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import io.citustestkit.CitusImageUnavailableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.images.RemoteDockerImage;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * How the kit gets its images: through Testcontainers' own pipeline, as a {@code PostgreSQLContainer} on the same name
 * would. A requested image ({@code citusdata/citus:13.2.0}) is a {@link RemoteDockerImage}: Testcontainers' image name
 * substitution renames it (a company mirror: {@code hub.image.name.prefix}), the pull policy decides whether to pull
 * ({@code withImagePullPolicy} is honoured) and the pull uses the registry credentials Testcontainers finds. Images
 * the kit builds itself (tuned, Patroni) are local: they run under their own name, never substituted or pulled.
 *
 * <p>One thing differs from a plain {@link RemoteDockerImage}: an image that is neither present nor pullable fails
 * within seconds (one pull attempt, {@value #PULL_TIMEOUT_PROPERTY} bounds it), naming the image and how to choose
 * another, instead of after Testcontainers' two minutes of pull retries. {@link #failFast} wraps the user's policy so.
 *
 * <pre>{@code
 * RemoteDockerImage image = new RemoteDockerImage(name)
 *         .withImagePullPolicy(ImagePipeline.failFast(PullPolicy.defaultPolicy(), name, "Choose another with ..."));
 * String resolved = ImagePipeline.resolve(image);   // substituted, pulled when needed
 * }</pre>
 */
public final class ImagePipeline {

    /** System property: how long the one pull attempt may take, in seconds (default 300). */
    public static final String PULL_TIMEOUT_PROPERTY = "citustestkit.pull.timeout";

    private ImagePipeline() {}

    /**
     * The user's pull policy, failing fast: where it says "pull" for an image that is not present, the pull is tried
     * once (bounded) and an image that cannot be had fails with a {@link CitusImageUnavailableException} at once.
     */
    public static ImagePullPolicy failFast(ImagePullPolicy policy, DockerImageName requested, String howToChooseAnother) {
        return new FailFastPullPolicy(policy, requested, howToChooseAnother);
    }

    /** A requested image with Testcontainers' default pull policy, failing fast (the user's policy: {@link #failFast}). */
    public static RemoteDockerImage requested(DockerImageName name, String howToChooseAnother) {
        return new RemoteDockerImage(name)
                .withImagePullPolicy(failFast(PullPolicy.defaultPolicy(), name, howToChooseAnother));
    }

    /** {@link #resolve(RemoteDockerImage)}, and the resolved image as the local image store has it. */
    public static Resolved resolveLocal(RemoteDockerImage image) {
        String name = resolve(image);
        InspectImageResponse inspected = Images.inspect(DockerClientFactory.instance().client(),
                DockerImageName.parse(name)).orElseThrow(() -> new ContainerLaunchException("Image " + name
                        + " was resolved but is not in the local image store"));
        return new Resolved(name, inspected);
    }

    /** A resolved image: its name after substitution and what the local image store says of it. */
    public record Resolved(String name, InspectImageResponse image) {
        public String id() {
            return image.getId();
        }
    }

    /** Resolves an image through the pipeline: the name to run, after substitution and a pull when one is due. */
    public static String resolve(RemoteDockerImage image) {
        try {
            return image.get();
        } catch (Exception e) { // LazyFuture throws checked exceptions without declaring them
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CitusImageUnavailableException) {
                    throw (CitusImageUnavailableException) t;
                }
            }
            throw new ContainerLaunchException("Could not get image " + image + ": " + e.getMessage(), e);
        }
    }

    /** An image the kit built in the local image store: run under its own name, no substitution, nothing to pull. */
    public static RemoteDockerImage local(String name) {
        return new RemoteDockerImage(CompletableFuture.completedFuture(name))
                .withImageNameSubstitutor(ImageNameSubstitutor.noop());
    }

    private static final class FailFastPullPolicy implements ImagePullPolicy {
        private final ImagePullPolicy policy;
        private final DockerImageName requested;
        private final String howToChooseAnother;

        FailFastPullPolicy(ImagePullPolicy policy, DockerImageName requested, String howToChooseAnother) {
            this.policy = Args.notNull("imagePullPolicy", policy);
            this.requested = requested;
            this.howToChooseAnother = howToChooseAnother;
        }

        @Override
        public boolean shouldPull(DockerImageName image) {
            if (!policy.shouldPull(image)) {
                return false;
            }
            DockerClient client = DockerClientFactory.instance().client();
            if (Images.isPresentLocally(client, image)) {
                return true; // a policy that pulls what is there (always, by age): Testcontainers pulls as it would
            }
            Duration timeout = KitProperties.seconds(PULL_TIMEOUT_PROPERTY, Duration.ofSeconds(300));
            String failure = Images.tryPull(client, image, timeout);
            if (failure == null) {
                return false; // pulled: present now
            }
            String substituted = image.equals(requested) ? ""
                    : " (Testcontainers' image name substitution made it from " + requested.asCanonicalNameString() + ")";
            String name = image.asCanonicalNameString();
            throw new CitusImageUnavailableException(name, "Image " + name + substituted + " is not available: it is not present locally and pulling it failed (" + failure + "). "
                    + howToChooseAnother + " Or make it available first (docker pull / docker load, or a registry"
                    + " mirror via Testcontainers' image name substitution).");
        }
    }
}
