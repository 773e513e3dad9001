package io.citustestkit.assertj;

import static org.assertj.core.api.Assertions.assertThat;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.internal.PlanReader;
import io.citustestkit.testsupport.TestImages;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Not a test: the tool that captures the {@code EXPLAIN (FORMAT JSON)} resources in
 * {@code src/test/resources/explain/} from real clusters, through the same code path the query assertions use.
 * Runs only when asked:
 *
 * <pre>
 * ./mvnw -B -pl citus-testkit verify -Dit.test=ExplainCaptureIT -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcitustestkit.capture.explain=$PWD/citus-testkit/src/test/resources/explain
 * </pre>
 *
 * <p>Each capture {@code NAME.json} gets a sidecar {@code NAME.properties} with the image, {@code citus_version()},
 * the PostgreSQL version, the statement and its parameters; the directory is named after the Citus version.
 */
@EnabledIfSystemProperty(named = ExplainCaptureIT.PROPERTY, matches = ".+")
class ExplainCaptureIT {

    static final String PROPERTY = "citustestkit.capture.explain";

    /** The schema the captures run against (4 shards per distributed table, so plans stay short). */
    static final List<String> SCHEMA = List.of(
            "CREATE TABLE orders (tenant_id bigint, id bigint, amount numeric, PRIMARY KEY (tenant_id, id))",
            "SELECT create_distributed_table('orders', 'tenant_id', shard_count => 4)",
            "CREATE TABLE order_items (tenant_id bigint, order_id bigint, item text)",
            "SELECT create_distributed_table('order_items', 'tenant_id', colocate_with => 'orders')",
            "CREATE TABLE countries (code text PRIMARY KEY, name text)",
            "SELECT create_reference_table('countries')",
            "CREATE TABLE audit_log (id bigint PRIMARY KEY, note text)",
            "SELECT citus_add_local_table_to_metadata('audit_log')",
            "CREATE TABLE scratch (id bigint PRIMARY KEY, note text)");

    record Capture(String name, String sql, Object... params) {}

    static final List<Capture> CAPTURES = List.of(
            new Capture("router-select", "SELECT * FROM orders WHERE tenant_id = ?", 42L),
            new Capture("router-select-literal", "SELECT * FROM orders WHERE tenant_id = 42"),
            new Capture("multi-shard-select", "SELECT tenant_id, id FROM orders WHERE amount > ?", new BigDecimal("10")),
            new Capture("multi-shard-aggregate", "SELECT count(*) FROM orders"),
            new Capture("reference-select", "SELECT name FROM countries WHERE code = ?", "DE"),
            new Capture("router-join", "SELECT o.id, i.item FROM orders o JOIN order_items i"
                    + " ON i.tenant_id = o.tenant_id AND i.order_id = o.id WHERE o.tenant_id = ?", 7L),
            new Capture("router-insert", "INSERT INTO orders (tenant_id, id, amount) VALUES (?, ?, ?)",
                    1L, 1L, new BigDecimal("9.50")),
            new Capture("multi-row-insert",
                    "INSERT INTO orders (tenant_id, id, amount) VALUES (1, 1, 1), (2, 2, 2), (3, 3, 3), (4, 4, 4)"),
            new Capture("router-update", "UPDATE orders SET amount = amount + 1 WHERE tenant_id = ? AND id = ?", 3L, 4L),
            new Capture("multi-shard-delete", "DELETE FROM orders WHERE amount < ?", BigDecimal.ZERO),
            new Capture("cte-subplan", "WITH top AS (SELECT tenant_id FROM orders ORDER BY amount DESC LIMIT 3)"
                    + " SELECT count(*) FROM order_items WHERE tenant_id IN (SELECT tenant_id FROM top)"),
            new Capture("insert-select-pushdown",
                    "INSERT INTO order_items (tenant_id, order_id, item) SELECT tenant_id, id, 'x' FROM orders"),
            new Capture("insert-select-repartition",
                    "INSERT INTO order_items (tenant_id, order_id, item) SELECT id, tenant_id, 'x' FROM orders"),
            new Capture("citus-local-select", "SELECT * FROM audit_log WHERE id = ?", 5L),
            new Capture("local-select", "SELECT * FROM scratch WHERE id = ?", 5L),
            new Capture("pruned-to-nothing", "SELECT * FROM orders WHERE tenant_id = 1 AND tenant_id = 2"));

    static List<String> images() {
        return TestImages.all();
    }

    @ParameterizedTest
    @MethodSource("images")
    void capture(String image) throws Exception {
        TestImages.assumeAvailable(image);
        Path root = Path.of(System.getProperty(PROPERTY));
        try (CitusClusterContainer cluster = new CitusClusterContainer(image).withWorkers(2)) {
            cluster.start();
            try (Connection c = cluster.createConnection("")) {
                try (Statement s = c.createStatement()) {
                    for (String sql : SCHEMA) {
                        s.execute(sql);
                    }
                }
                String citusVersion = single(c, "SELECT citus_version()");
                String serverVersion = single(c, "SHOW server_version");
                Matcher m = Pattern.compile("Citus (\\S+)").matcher(citusVersion);
                assertThat(m.find()).as("citus_version() %s", citusVersion).isTrue();
                String pgMajor = serverVersion.split("[ .]")[0];
                Path dir = root.resolve("citus-" + m.group(1) + "-pg" + pgMajor);
                Files.createDirectories(dir);
                for (Capture capture : CAPTURES) {
                    String json = PlanReader.explain(c, capture.sql(), capture.params());
                    Files.writeString(dir.resolve(capture.name() + ".json"), json + "\n", StandardCharsets.UTF_8);
                    StringBuilder sidecar = new StringBuilder()
                            .append("# EXPLAIN (FORMAT JSON) of the statement below, captured from a real cluster by ")
                            .append(ExplainCaptureIT.class.getSimpleName()).append(" through PlanReader.explain;\n")
                            .append("# the plan is in ").append(capture.name()).append(".json\n");
                    property(sidecar, "image", image);
                    property(sidecar, "citus_version", citusVersion);
                    property(sidecar, "server_version", serverVersion);
                    property(sidecar, "workers", "2");
                    property(sidecar, "sql", capture.sql());
                    property(sidecar, "params", Arrays.deepToString(capture.params()));
                    property(sidecar, "schema", String.join(";\n", SCHEMA));
                    Files.writeString(dir.resolve(capture.name() + ".properties"), sidecar, StandardCharsets.UTF_8);
                }
            }
        }
    }

    /** Appends one {@code key=value} line, escaped as {@link Properties#load} reads it. */
    private static void property(StringBuilder out, String key, String value) throws IOException {
        Properties p = new Properties();
        p.setProperty(key, value);
        StringWriter w = new StringWriter();
        p.store(w, null);
        w.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> out.append(l).append('\n'));
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
