package io.citustestkit.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The baseline of {@link ReuseBenchmark}: what Testcontainers' own {@link PostgreSQLContainer} costs a fresh JVM
 * when it reuses one container of the same image, timed like the cluster (Docker found first). Prints
 * {@code STARTED postgres <container id> <start() millis> <start() and the first query millis>} (the format of
 * {@link io.citustestkit.testsupport.ClusterProcess}) and waits until its standard input closes, leaving the container
 * for the next JVM.
 */
public final class PostgresReuseProcess {

    private PostgresReuseProcess() {}

    public static void main(String[] args) throws IOException, SQLException {
        PostgreSQLContainer postgres = new PostgreSQLContainer(
                DockerImageName.parse(args[0]).asCompatibleSubstituteFor("postgres")).withReuse(true);
        DockerClientFactory.instance().client(); // as in ClusterProcess
        long t0 = System.nanoTime();
        postgres.start();
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword()); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
        long queried = System.nanoTime();
        System.out.println("STARTED postgres " + postgres.getContainerId() + " " + (started - t0) / 1_000_000 + " "
                + (queried - t0) / 1_000_000);
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes our input
        }
    }
}
