package io.citustestkit.junit;

import io.citustestkit.CitusClusterContainer;
import org.testcontainers.DockerClientFactory;

/** The real {@link ClusterEnvironment}: Testcontainers' Docker client and real clusters. */
final class DockerClusterEnvironment implements ClusterEnvironment {

    @Override
    public boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @Override
    public String whyImageUnavailable(String image) {
        return DisabledWithoutCitusImageCondition.check(image);
    }

    @Override
    public CitusClusterContainer newContainer(ClusterSettings settings) {
        return settings.newContainer();
    }
}
