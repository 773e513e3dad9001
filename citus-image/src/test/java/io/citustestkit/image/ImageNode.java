package io.citustestkit.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.async.ResultCallback;
import io.citustestkit.internal.TunedImages;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * One container of the tuned image, driven through the Docker API (the tests need to see exits, restarts and
 * health states that a Testcontainers wait strategy would hide). Every container carries {@link #LABEL} and is
 * removed by {@link #close()}.
 */
final class ImageNode implements AutoCloseable {

    static final String LABEL = "io.citustestkit.test";
    static final String LABEL_VALUE = "citus-image";
    static final int PORT = 5432;
    static final String USER = "test";
    static final String PASSWORD = "test";
    static final String DATABASE = "test";

    private static final Map<String, DockerImageName> TUNED = new java.util.concurrent.ConcurrentHashMap<>();

    private final DockerClient docker = DockerClientFactory.instance().client();
    private final String id;
    private final Map<String, String> env;

    private ImageNode(String id, Map<String, String> env) {
        this.id = id;
        this.env = env;
    }

    /** The tuned image of the primary test image (skips the test when the base image is absent). */
    static DockerImageName tunedImage() {
        return tunedImage(TestImages.primary());
    }

    /** The tuned image of a base image (skips the test when the base image is absent). */
    static DockerImageName tunedImage(String base) {
        TestImages.assumeAvailable(base);
        return TUNED.computeIfAbsent(base, b -> TunedImages.resolve(DockerImageName.parse(b)));
    }

    /** Settings for a new container; {@link Builder#start()} creates and starts it. */
    static Builder builder(DockerImageName image) {
        return new Builder(image);
    }

    static final class Builder {
        private final DockerImageName image;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> command = new ArrayList<>(List.of("postgres"));
        private String network;
        private String alias;
        private final List<String> binds = new ArrayList<>();
        private final List<String> extraNetworks = new ArrayList<>();

        private Builder(DockerImageName image) {
            this.image = image;
            env.put("POSTGRES_USER", USER);
            env.put("POSTGRES_PASSWORD", PASSWORD);
            env.put("POSTGRES_DB", DATABASE);
        }

        Builder env(String name, String value) {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
            return this;
        }

        Builder command(String... args) {
            command.clear();
            command.addAll(List.of(args));
            return this;
        }

        Builder network(String networkName, String networkAlias) {
            this.network = networkName;
            this.alias = networkAlias;
            return this;
        }

        /** Another network the container is attached to before it starts. */
        Builder alsoOn(String networkName) {
            extraNetworks.add(networkName);
            return this;
        }

        /** host path:container path:ro */
        Builder bind(String bind) {
            binds.add(bind);
            return this;
        }

        ImageNode start() {
            DockerClient docker = DockerClientFactory.instance().client();
            List<String> envList = new ArrayList<>();
            env.forEach((k, v) -> envList.add(k + "=" + v));
            HostConfig host = HostConfig.newHostConfig()
                    .withPortBindings(new Ports(ExposedPort.tcp(PORT), Ports.Binding.empty()));
            if (!binds.isEmpty()) {
                host.withBinds(binds.stream().map(com.github.dockerjava.api.model.Bind::parse).toList());
            }
            if (network != null) {
                host.withNetworkMode(network);
            }
            CreateContainerCmd create = docker.createContainerCmd(image.asCanonicalNameString())
                    .withEnv(envList)
                    .withCmd(command)
                    .withExposedPorts(ExposedPort.tcp(PORT))
                    .withLabels(Map.of(LABEL, LABEL_VALUE))
                    .withHostConfig(host);
            if (alias != null) {
                create.withAliases(alias);
            }
            String id = create.exec().getId();
            for (String extra : extraNetworks) {
                docker.connectToNetworkCmd().withNetworkId(extra).withContainerId(id).exec();
            }
            docker.startContainerCmd(id).exec();
            return new ImageNode(id, Map.copyOf(env));
        }
    }

    String id() {
        return id;
    }

    InspectContainerResponse inspect() {
        return docker.inspectContainerCmd(id).exec();
    }

    boolean isRunning() {
        return Boolean.TRUE.equals(inspect().getState().getRunning());
    }

    /** Waits until the container's healthcheck reports healthy; fails with the logs when it exits first. */
    ImageNode awaitHealthy(Duration timeout) {
        await("container " + id.substring(0, 12) + " healthy", timeout, () -> {
            InspectContainerResponse.ContainerState state = inspect().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                throw new AssertionError("container exited with " + state.getExitCodeLong() + " before it was healthy:\n"
                        + logs());
            }
            return state.getHealth() != null && "healthy".equals(state.getHealth().getStatus());
        });
        return this;
    }

    /** Waits until the container exits; returns its exit code. */
    long awaitExit(Duration timeout) {
        await("container " + id.substring(0, 12) + " to exit", timeout, () -> !isRunning());
        return inspect().getState().getExitCodeLong();
    }

    int mappedPort() {
        Ports.Binding[] bindings = inspect().getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(PORT));
        // dockerd 20.10 may give the IPv6 binding another port than the IPv4 one: take the IPv4 one
        for (Ports.Binding binding : bindings) {
            if (binding.getHostIp() == null || !binding.getHostIp().contains(":")) {
                return Integer.parseInt(binding.getHostPortSpec());
            }
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    String jdbcUrl(String database) {
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        return "jdbc:postgresql://" + ("localhost".equals(host) ? "127.0.0.1" : host) + ":" + mappedPort() + "/"
                + database;
    }

    /** A connection over TCP from the test JVM with the given credentials. */
    Connection connect(String user, String password, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /** A connection with the credentials the container was started with. */
    Connection connect() throws SQLException {
        return connect(env.getOrDefault("POSTGRES_USER", "postgres"), env.getOrDefault("POSTGRES_PASSWORD", ""),
                env.getOrDefault("POSTGRES_DB", env.getOrDefault("POSTGRES_USER", "postgres")));
    }

    /** First column of every row of a query, as strings. */
    List<String> query(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    String queryOne(String sql) throws SQLException {
        List<String> values = query(sql);
        if (values.size() != 1) {
            throw new AssertionError(sql + " returned " + values);
        }
        return values.get(0);
    }

    /** Output of a command run in the container. */
    String exec(String... cmd) throws InterruptedException {
        String execId = docker.execCreateCmd(id).withCmd(cmd).withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder out = new StringBuilder();
        docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        return out.toString();
    }

    String logs() {
        StringBuilder out = new StringBuilder();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString();
    }

    void stop() {
        docker.stopContainerCmd(id).withTimeout(30).exec();
    }

    void startAgain() {
        docker.startContainerCmd(id).exec();
    }

    /**
     * Connects over TCP with these credentials until it works (fails at once when the container exited); returns the
     * authentication failures seen on the way.
     */
    List<String> awaitConnectable(String user, String password, String database, Duration timeout) {
        List<String> authFailures = new ArrayList<>();
        await("a TCP connection", timeout, () -> {
            if (!isRunning()) {
                throw new AssertionError("container exited:\n" + logs());
            }
            try (Connection c = connect(user, password, database)) {
                return c.isValid(5);
            } catch (SQLException e) {
                if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState())) {
                    authFailures.add(e.getMessage());
                }
                return false;
            }
        });
        return authFailures;
    }

    /**
     * Writes a row, stops the container, starts it again and waits until it is healthy; then asserts that the row is
     * still there (the data directory is the container's own and survives a restart).
     */
    void restartKeepingARow(Duration timeout) throws Exception {
        try (Connection c = connect()) {
            c.createStatement().execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
        }
        stop();
        startAgain();
        awaitHealthy(timeout);
        org.assertj.core.api.Assertions.assertThat(queryOne("SELECT id FROM kept")).as("a row written before the restart")
                .isEqualTo("42");
    }

    @Override
    public void close() {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    /** A new network labelled as this module's; remove it with {@link #removeNetwork(String)}. */
    static String createNetwork() {
        return DockerClientFactory.instance().client().createNetworkCmd()
                .withName("citus-image-test-" + java.util.UUID.randomUUID().toString().substring(0, 8))
                .withLabels(Map.of(LABEL, LABEL_VALUE))
                .exec()
                .getId();
    }

    static void removeNetwork(String id) {
        try {
            DockerClientFactory.instance().client().removeNetworkCmd(id).exec();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    /** Polls a condition every 100 ms until it holds or the timeout passes. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
