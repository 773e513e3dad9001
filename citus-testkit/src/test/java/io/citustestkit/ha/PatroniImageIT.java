package io.citustestkit.ha;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.citustestkit.CitusClusterContainer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The Patroni image on its own, once per Patroni test image: built from the bundled files with the Patroni and etcd
 * Debian packages of the base image's release; invalid settings stop it with one line.
 */
class PatroniImageIT extends PerPatroniImage {

    private DockerImageName patroniImage;

    @BeforeParameterizedClassInvocation
    void build() {
        if (imageAvailable()) {
            patroniImage = patroniImage();
        }
    }

    @Test
    void shipsPatroniAndEtcdFromDebian() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(patroniImage)
                .withCommand("bash", "-c", "patroni --version && etcd --version | head -1 && dpkg -s patroni etcd-server | grep -c '^Status: install ok'")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(60)))) {
            c.start();
            // the supported Patroni lines: 3.0 (Debian bookworm) and 4.x (trixie)
            assertThat(c.getLogs()).containsPattern("(?m)^patroni (3\\.0|4)\\.\\d+")
                    .contains("etcd Version: 3.").containsPattern("(?m)^2$");
        }
    }

    @Test
    void anInvalidCitusGroupStopsTheContainerNamingTheVariable() {
        String logs = runExpectingFailure("PATRONI_CITUS_GROUP", "two");
        assertThat(logs.strip()).isEqualTo(
                "citus-ha: PATRONI_CITUS_GROUP was 'two'; allowed: 0 (coordinator) or 1, 2, ... (worker groups)");
    }

    @Test
    void aMissingPasswordStopsTheContainerWithoutPrintingSecrets() {
        String logs = runExpectingFailure("PATRONI_CITUS_GROUP", "1");
        assertThat(logs.strip()).startsWith("citus-ha: PATRONI_SUPERUSER_PASSWORD (or POSTGRES_PASSWORD) is not set")
                .doesNotContain("\n");
    }

    /** Runs the image's patroni role with one variable set; asserts exit status 64 and returns its output. */
    private String runExpectingFailure(String variable, String value) {
        DockerClient client = DockerClientFactory.instance().client();
        String id = client.createContainerCmd(patroniImage.asCanonicalNameString())
                .withCmd("patroni")
                .withEnv(variable + "=" + value)
                .withLabels(Map.of(CitusClusterContainer.CLUSTER_LABEL, "patroni-image-it"))
                .exec().getId();
        try {
            client.startContainerCmd(id).exec();
            int exit = client.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(60, TimeUnit.SECONDS);
            assertThat(exit).as("exit status").isEqualTo(64);
            StringBuilder out = new StringBuilder();
            try {
                client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }).awaitCompletion(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return out.toString();
        } finally {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        }
    }
}
