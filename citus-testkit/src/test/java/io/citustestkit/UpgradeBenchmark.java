package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.testsupport.Sql;
import io.citustestkit.testsupport.TestImages;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * upgradeTo of a 1 + 2 cluster holding 10,000 rows, per upgrade pair and for the tuned and the plain image: wall time
 * of the call, and its parts (the nodes' restarts on the new image with their data; the extension update and the wait
 * for a healthy cluster). Asserts every row is there after. In package io.citustestkit to read the kit's own timings.
 *
 * <pre>./mvnw -B -pl citus-testkit -Pbenchmark verify -Dit.test=UpgradeBenchmark</pre>
 *
 * Options: -Dcitustestkit.bench.runs=3, -Dcitustestkit.test.upgrades=from>to,...
 */
class UpgradeBenchmark {

    @Test
    void upgradeOfAOnePlusTwoClusterWithTenThousandRows() throws Exception {
        int runs = Integer.getInteger("citustestkit.bench.runs", 3);
        List<String> lines = new ArrayList<>();
        for (String[] pair : TestImages.upgrades()) {
            TestImages.assumeAvailable(pair[0]);
            TestImages.assumeAvailable(pair[1]);
            for (int run = 1; run <= runs; run++) {
                for (boolean tuned : new boolean[] {true, false}) { // alternately, in one run
                    try (CitusClusterContainer cluster = new CitusClusterContainer(pair[0]).withWorkers(2)
                            .withTunedImage(tuned)) {
                        cluster.start();
                        try (Connection c = cluster.createConnection("")) {
                            Sql.exec(c, "CREATE TABLE orders (tenant_id bigint, id bigint, total numeric,"
                                    + " PRIMARY KEY (tenant_id, id))", "SELECT create_distributed_table('orders', 'tenant_id')",
                                    "INSERT INTO orders SELECT t, i, i FROM generate_series(1, 100) t,"
                                            + " generate_series(1, 100) i");
                        }
                        long t0 = System.nanoTime();
                        cluster.upgradeTo(pair[1]);
                        long wall = (System.nanoTime() - t0) / 1_000_000;
                        ClusterUpgrade.Timings t = cluster.lastUpgrade();
                        try (Connection c = cluster.createConnection("")) {
                            assertThat(Sql.count(c, "SELECT count(*) FROM orders")).isEqualTo(10_000);
                        }
                        String line = String.format("%s -> %s, %s image, run %d: upgradeTo %5d ms (nodes restarted %5d ms,"
                                + " extension updated and healthy %4d ms)", pair[0], pair[1], tuned ? "tuned" : "plain",
                                run, wall, t.restartMillis(), t.extensionMillis());
                        lines.add(line);
                        System.out.println(line);
                    }
                }
            }
        }
        System.out.printf("%n== upgradeTo, 1 + 2 cluster, 10,000 rows (load %s)%n", load());
        lines.forEach(System.out::println);
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
