package io.citustestkit.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.command.PullImageResultCallback;
import java.time.Duration;
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
        try {
            client.inspectImageCmd(image.asCanonicalNameString()).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Present locally, or pulled now; otherwise a {@link ContainerLaunchException} naming the image. */
    public static void ensureAvailable(DockerImageName image, String howToChooseAnother) {
        DockerClient client = DockerClientFactory.instance().client();
        if (isPresentLocally(client, image)) {
            return;
        }
        String failure = tryPull(client, image, pullTimeout());
        if (failure != null) {
            throw new ContainerLaunchException(
                    "Image " + image.asCanonicalNameString() + " is not available: it is not present locally and"
                            + " pulling it failed (" + failure + "). " + howToChooseAnother
                            + " Or make it available first (docker pull / docker load, or a registry mirror via"
                            + " Testcontainers' image name substitution).");
        }
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
