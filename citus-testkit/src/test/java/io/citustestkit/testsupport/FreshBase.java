package io.citustestkit.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.citustestkit.internal.ClusterImages;
import io.citustestkit.internal.Images;
import io.citustestkit.internal.TunedImages;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * A base image as a fresh machine has it: the test image under a name of its own
 * ({@code localhost/citustestkit/fresh-base:<tag>-<random>}, same image id), so that its tuned image does not exist
 * and removing that tuned image disturbs nobody else on the machine. {@link #close()} removes the tuned image and the
 * extra name (never the test image itself).
 */
public final class FreshBase implements AutoCloseable {

    private static final String REPOSITORY = "localhost/citustestkit/fresh-base";

    private final DockerClient client = DockerClientFactory.instance().client();
    private final DockerImageName name;
    private final String imageId;

    private FreshBase(DockerImageName name, String imageId) {
        this.name = name;
        this.imageId = imageId;
    }

    /** A fresh name for the image (present locally); its tuned image is absent. */
    public static FreshBase of(String image) {
        DockerClient client = DockerClientFactory.instance().client();
        String id = client.inspectImageCmd(image).exec().getId();
        String tag = DockerImageName.parse(image).getVersionPart() + "-" + UUID.randomUUID().toString().substring(0, 8);
        client.tagImageCmd(id, REPOSITORY, tag).exec();
        return new FreshBase(DockerImageName.parse(REPOSITORY + ":" + tag), id);
    }

    /**
     * Switches background builds of tuned images on ({@code ClusterImages.BACKGROUND_PROPERTY}; the kit's own test
     * JVMs have them off so that ITs checking the tuned image get it) until the returned value is closed.
     */
    public static AutoCloseable backgroundBuilds() {
        String before = System.getProperty(ClusterImages.BACKGROUND_PROPERTY);
        System.setProperty(ClusterImages.BACKGROUND_PROPERTY, "true");
        return () -> {
            if (before == null) {
                System.clearProperty(ClusterImages.BACKGROUND_PROPERTY);
            } else {
                System.setProperty(ClusterImages.BACKGROUND_PROPERTY, before);
            }
        };
    }

    /** The base image's name, declared a Citus image. */
    public DockerImageName image() {
        return name.asCompatibleSubstituteFor("citusdata/citus");
    }

    /** The tag its tuned image has (or will have). */
    public DockerImageName tunedTag() {
        return TunedImages.tagFor(name, imageId);
    }

    public boolean tunedPresent() {
        return Images.isPresentLocally(client, tunedTag());
    }

    /** Removes the tuned image's tag, when there (nothing uses it then). */
    public void removeTuned() {
        remove(tunedTag().asCanonicalNameString());
    }

    @Override
    public void close() {
        removeTuned();
        remove(name.asCanonicalNameString());
    }

    private void remove(String image) {
        try {
            client.removeImageCmd(image).exec();
        } catch (NotFoundException e) {
            // not there
        }
    }
}
