package io.citustestkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.utility.DockerImageName;

/** Configuration and validation: no Docker involved, nothing is started. */
class CitusClusterContainerTest {

    @ParameterizedTest
    @ValueSource(ints = {-1, 33, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void workersOutsideTheAllowedRangeAreRefusedNamingValueAndRange(int workers) {
        assertThatThrownBy(() -> new CitusClusterContainer().withWorkers(workers))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers was " + workers + "; allowed: 0..32");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 32})
    void workersInsideTheRangeAreRecorded(int workers) {
        assertThat(new CitusClusterContainer().withWorkers(workers).getWorkerCount()).isEqualTo(workers);
    }

    @Test
    void defaultsAreTwoWorkersOnTheDefaultImageWithTestCredentials() {
        CitusClusterContainer cluster = new CitusClusterContainer();
        assertThat(cluster.getWorkerCount()).isEqualTo(2);
        assertThat(cluster.getBaseImage().asCanonicalNameString()).isEqualTo("citusdata/citus:13.2.0");
        assertThat(CitusClusterContainer.DEFAULT_IMAGE).isEqualTo("citusdata/citus:13.2.0");
        assertThat(cluster.getDatabaseName()).isEqualTo("test");
        assertThat(cluster.getUsername()).isEqualTo("test");
        assertThat(cluster.getPassword()).isEqualTo("test");
        assertThat(cluster.isTunedImage()).isTrue();
        assertThat(cluster.getDriverClassName()).isEqualTo("org.postgresql.Driver");
    }

    @Test
    void nullAndBlankValuesAreRefusedNamingTheElement() {
        CitusClusterContainer cluster = new CitusClusterContainer();
        assertThatThrownBy(() -> cluster.withDatabaseName(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("databaseName was null; allowed: a non-blank string");
        assertThatThrownBy(() -> cluster.withUsername("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("username was blank (\"  \"); allowed: a non-blank string");
        assertThatThrownBy(() -> cluster.withPassword(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("password was null; allowed: a non-null value");
        assertThatThrownBy(() -> cluster.withPassword("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("password was empty; allowed: a non-empty string");
        assertThatThrownBy(() -> cluster.withConfigParameter(null, "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("config parameter name was null");
        assertThatThrownBy(() -> cluster.withInitScript(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initScript was blank");
        assertThatThrownBy(() -> cluster.withNetwork(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("network was null");
        assertThatThrownBy(() -> new CitusClusterContainer((String) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image was null; allowed: a non-blank string");
        assertThatThrownBy(() -> new CitusClusterContainer(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image was blank");
        assertThatThrownBy(() -> cluster.withStartupTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startupTimeout was PT0S; allowed: a positive duration");
    }

    @Test
    void theReuseKeyIsGivenOrTakenFromTheSystemPropertyAndTellsReusableClustersApart() {
        assertThatThrownBy(() -> new CitusClusterContainer().withReuseKey(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reuseKey was blank (\" \"); allowed: a non-blank string");
        CitusClusterContainer fork1 = new CitusClusterContainer().withReuseKey("fork-1");
        assertThat(fork1.getReuseKey()).isEqualTo("fork-1");
        String hash1 = fork1.config().settingsHash("same image");
        assertThat(new CitusClusterContainer().withReuseKey("fork-2").config().settingsHash("same image"))
                .isNotEqualTo(hash1);
        String none = new CitusClusterContainer().config().settingsHash("same image");
        System.setProperty("citustestkit.reuse.key", "fork-1");
        try {
            CitusClusterContainer fromProperty = new CitusClusterContainer();
            assertThat(fromProperty.getReuseKey()).isEqualTo("fork-1");
            assertThat(fromProperty.config().settingsHash("same image")).isEqualTo(hash1);
            assertThat(new CitusClusterContainer().withReuseKey("mine").getReuseKey()).isEqualTo("mine");
        } finally {
            System.clearProperty("citustestkit.reuse.key");
        }
        assertThat(new CitusClusterContainer().getReuseKey()).isEmpty();
        assertThat(new CitusClusterContainer().config().settingsHash("same image")).isEqualTo(none);
    }

    @Test
    void aMissingInitScriptIsNamedBeforeAnythingStarts() {
        assertThatThrownBy(() -> new CitusClusterContainer().withInitScript("no/such/schema.sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("initScript was \"no/such/schema.sql\"; allowed: a classpath resource that exists");
        assertThatThrownBy(() -> new CitusClusterContainer().withInitScripts("sql/init-tenants.sql", "missing.sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("initScript was \"missing.sql\"");
    }

    @Test
    void anInitScriptIsRecordedAsPartOfTheSettingsAndALaterCallReplacesIt() {
        CitusClusterContainer cluster = new CitusClusterContainer();
        assertThat(cluster.withInitScript("sql/init-tenants.sql")).isSameAs(cluster);

        // recorded: a reused cluster must have been made with the same script, so the script is in the settings hash
        String withScript = reuseHash(cluster);
        assertThat(withScript).isNotEqualTo(reuseHash(new CitusClusterContainer()))
                .isEqualTo(reuseHash(new CitusClusterContainer().withInitScripts("sql/init-tenants.sql")));
        // withInitScript replaces, as in JdbcDatabaseContainer; withInitScripts keeps the order given
        assertThat(reuseHash(new CitusClusterContainer().withInitScript("junit/schema.sql")
                .withInitScript("sql/init-tenants.sql"))).isEqualTo(withScript);
        assertThat(reuseHash(new CitusClusterContainer().withInitScripts("junit/schema.sql", "sql/init-tenants.sql")))
                .isNotEqualTo(reuseHash(new CitusClusterContainer()
                        .withInitScripts("sql/init-tenants.sql", "junit/schema.sql")));
    }

    @Test
    void keptTablesAreTableNamesAsSqlWritesThemAndALaterCallReplacesThem() {
        CitusClusterContainer cluster = new CitusClusterContainer()
                .withKeptTables("countries", "public.settings", "\"My Schema\".\"Odd \"\"name\"\"\"");
        assertThat(cluster.config().keptTables())
                .containsExactly("countries", "public.settings", "\"My Schema\".\"Odd \"\"name\"\"\"");
        assertThat(cluster.withKeptTables().config().keptTables()).isEmpty();
        for (String bad : List.of("a.b.c", "public.", "coun tries", "1st", "\"unclosed")) {
            assertThatThrownBy(() -> new CitusClusterContainer().withKeptTables("ok", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("keptTables[1] was \"" + bad + "\"; allowed: a table name as in SQL, table or"
                            + " schema.table (parts plain, such as public.countries, or double-quoted)");
        }
        assertThatThrownBy(() -> new CitusClusterContainer().withKeptTables((String) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keptTables[0]");
    }

    @Test
    void shardCountMustBePositive() {
        assertThatThrownBy(() -> new CitusClusterContainer().withShardCount(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shardCount was 0; allowed: 1..64000");
    }

    @Test
    void configParameterNamesMustBeSettingNames() {
        assertThatThrownBy(() -> new CitusClusterContainer().withConfigParameter("work mem", "1MB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("config parameter name was \"work mem\"; allowed: a PostgreSQL setting name");
        assertThatThrownBy(() -> new CitusClusterContainer().withConfigParameter("work_mem", "1\n2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("work_mem");
    }

    @Test
    void anImageThatIsNotCitusMustBeDeclaredCompatible() {
        assertThatThrownBy(() -> new CitusClusterContainer("postgres:17"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image was postgres:17")
                .hasMessageContaining("new CitusClusterContainer(DockerImageName.parse(\"postgres:17\")"
                        + ".asCompatibleSubstituteFor(\"citusdata/citus\"))")
                .hasMessageContaining("@CitusCluster(image) and the property citustestkit.image take any name");
        CitusClusterContainer mirrored = new CitusClusterContainer(
                DockerImageName.parse("registry.example.com/citus:13.2.0").asCompatibleSubstituteFor("citusdata/citus"));
        assertThat(mirrored.getBaseImage().getUnversionedPart()).isEqualTo("registry.example.com/citus");
    }

    @Test
    void everyNodeRunsTheTestSettingsTheShardCountAndTheUsersParameters() {
        CitusClusterContainer cluster = new CitusClusterContainer()
                .withShardCount(4)
                .withConfigParameter("work_mem", "8MB")
                .withConfigParameter("fsync", "on");
        List<String> command = cluster.config().serverCommand();
        assertThat(command.get(0)).isEqualTo("postgres");
        assertThat(command).containsSubsequence("-c", "citus.shard_count=4");
        assertThat(command).containsSubsequence("-c", "work_mem=8MB");
        assertThat(command).containsSubsequence("-c", "synchronous_commit=off");
        // the user's value wins over the test default
        assertThat(command).contains("fsync=on").doesNotContain("fsync=off");
    }

    @Test
    void nodesRunWithoutTlsUnlessTheUserConfiguresIt() {
        assertThat(new CitusClusterContainer().config().serverCommand())
                .containsSubsequence("-c", "ssl=off")
                .containsSubsequence("-c", "citus.node_conninfo=sslmode=prefer keepalives_idle=1 keepalives_interval=1"
                        + " keepalives_count=2 tcp_user_timeout=3000");
        // either setting given by the user: both are the user's (ssl=off with sslmode=require could not connect)
        assertThat(new CitusClusterContainer().withConfigParameter("citus.node_conninfo", "sslmode=require")
                .config().serverCommand())
                .contains("citus.node_conninfo=sslmode=require")
                .noneMatch(arg -> arg.startsWith("ssl="));
        // only ssl given: Citus' default sslmode=require, still with the fail-fast connection settings
        assertThat(new CitusClusterContainer().withConfigParameter("ssl", "on").config().serverCommand())
                .contains("ssl=on", "citus.node_conninfo=sslmode=require keepalives_idle=1 keepalives_interval=1"
                        + " keepalives_count=2 tcp_user_timeout=3000");
    }

    @Test
    void failFastTimeoutsAreDefaultsTheUserOverrides() {
        assertThat(new CitusClusterContainer().config().serverCommand())
                .contains("citus.node_connection_timeout=5000", "citus.recover_2pc_interval=2000",
                        "tcp_user_timeout=3000", "tcp_keepalives_idle=1");
        assertThat(new CitusClusterContainer().withConfigParameter("citus.node_connection_timeout", "30000")
                .config().serverCommand())
                .contains("citus.node_connection_timeout=30000")
                .doesNotContain("citus.node_connection_timeout=5000");
    }

    @Test
    void equalSettingsGiveTheSameReuseHashAndOtherSettingsAnother() {
        String a = reuseHash(new CitusClusterContainer().withWorkers(1));
        String b = reuseHash(new CitusClusterContainer().withWorkers(1));
        String c = reuseHash(new CitusClusterContainer().withWorkers(2));
        String d = reuseHash(new CitusClusterContainer().withWorkers(1).withPassword("other"));
        assertThat(a).isEqualTo(b).isNotEqualTo(c).isNotEqualTo(d);
    }

    @Test
    void nodeAccessBeforeStartExplainsWhatToDo() {
        CitusClusterContainer cluster = new CitusClusterContainer();
        assertThatThrownBy(cluster::getCoordinator).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("getCoordinator() needs a started cluster; call start() first");
        assertThatThrownBy(() -> cluster.getWorker(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("getWorker(int) needs a started cluster");
        assertThatThrownBy(cluster::addWorker).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(cluster::reset).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(cluster::rebalance).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stopWithoutStartIsHarmless() {
        CitusClusterContainer cluster = new CitusClusterContainer();
        cluster.stop();
        cluster.close();
        assertThat(cluster.getContainerId()).isNull();
    }


    private static String reuseHash(CitusClusterContainer cluster) {
        return cluster.config().settingsHash(cluster.reuseKey());
    }
}
