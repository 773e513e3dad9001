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
 * The local image store: is an image there, what is it, and one bounded pull attempt. The flow that uses them, through
 * Testcontainers' substitution and pull policy, is {@link ImagePipeline}'s.
 */
public final class Images {

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

    /** One pull attempt; returns null on success, else the reason. */
    public static String tryPull(DockerClient client, DockerImageName image, Duration timeout) {
        try {
            boolean done = client.pullImageCmd(image.getUnversionedPart())
                    .withTag(image.getVersionPart())
                    .exec(new PullImageResultCallback())
                    .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                return "no answer within " + timeout.toSeconds() + " s; raise -D" + ImagePipeline.PULL_TIMEOUT_PROPERTY;
            }
            return isPresentLocally(client, image) ? null : "the pull ended without the image";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().trim();
        }
    }
}
