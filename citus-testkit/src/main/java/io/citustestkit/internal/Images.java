package io.citustestkit.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.command.PullImageResultCallback;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.utility.DockerImageName;

/**
 * Makes sure an image is there before any container is created: present locally, or pulled in one
 * attempt with a bounded time. An image that cannot be had fails within seconds, not after minutes of
 * pull retries, and nothing has been created yet.
 */
public final class Images {

    /** System property: how long one pull attempt may take, in seconds (default 300). */
    public static final String PULL_TIMEOUT_PROPERTY = "citustestkit.pull.timeout";

    private Images() {}

    /** True when the image is in the local Docker image store. */
    public static boolean isPresentLocally(DockerClient client, DockerImageName image) {
        return inspect(client, image).isPresent();
    }

    /** The image as the local Docker image store has it, or empty when it is not there. */
    public static Optional<InspectImageResponse> inspect(DockerClient client, DockerImageName image) {
        try {
            return Optional.of(client.inspectImageCmd(image.asCanonicalNameString()).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Present locally, or pulled now; otherwise a {@link ContainerLaunchException} naming the image. Returns the
     * image as Docker has it.
     */
    public static InspectImageResponse ensureAvailable(DockerImageName image, String howToChooseAnother) {
        DockerClient client = DockerClientFactory.instance().client();
        Optional<InspectImageResponse> local = inspect(client, image);
        if (local.isPresent()) {
            return local.get();
        }
        String failure = tryPull(client, image, pullTimeout());
        Optional<InspectImageResponse> pulled = failure == null ? inspect(client, image) : Optional.empty();
        if (pulled.isEmpty()) {
            throw new ContainerLaunchException(
                    "Image " + image.asCanonicalNameString() + " is not available: it is not present locally and"
                            + " pulling it failed (" + (failure != null ? failure : "the pull ended without the image")
                            + "). " + howToChooseAnother
                            + " Or make it available first (docker pull / docker load, or a registry mirror via"
                            + " Testcontainers' image name substitution).");
        }
        return pulled.get();
    }

    /** One pull attempt; returns null on success, else the reason. */
    public static String tryPull(DockerClient client, DockerImageName image, Duration timeout) {
        try {
            boolean done = client.pullImageCmd(image.getUnversionedPart())
                    .withTag(image.getVersionPart())
                    .exec(new PullImageResultCallback())
                    .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                return "no answer within " + timeout.toSeconds() + " s; raise -D" + PULL_TIMEOUT_PROPERTY;
            }
            return isPresentLocally(client, image) ? null : "the pull ended without the image";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().trim();
        }
    }

    static Duration pullTimeout() {
        String value = System.getProperty(PULL_TIMEOUT_PROPERTY);
        if (value == null || value.isBlank()) {
            return Duration.ofSeconds(300);
        }
        try {
            return Duration.ofSeconds(Args.positive(PULL_TIMEOUT_PROPERTY, Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    PULL_TIMEOUT_PROPERTY + " was \"" + value + "\"; allowed: a whole number of seconds, 1 or more");
        }
    }
}
