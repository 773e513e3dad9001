package io.citustestkit.assertj;

import static io.citustestkit.assertj.CitusAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.CitusClusterContainer;
import io.citustestkit.testsupport.PerImageCluster;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The schema checks on every test image: a schema where a migration forgot to distribute tables (one of them
 * referenced by a foreign key) and put one distributed table in a co-location group of its own, and a clean one.
 */
class SchemaAssertIT extends PerImageCluster {

    static final String NL = System.lineSeparator();

    static final List<String> SCHEMA = List.of(
            "CREATE SCHEMA shop",
            "CREATE TABLE shop.companies (company_id bigint PRIMARY KEY, name text)",
            "SELECT create_distributed_table('shop.companies', 'company_id', shard_count => 4)",
            "CREATE TABLE shop.projects (company_id bigint, id bigint, PRIMARY KEY (company_id, id),"
                    + " FOREIGN KEY (company_id) REFERENCES shop.companies (company_id))",
            "SELECT create_distributed_table('shop.projects', 'company_id', colocate_with => 'shop.companies')",
            "CREATE TABLE shop.tasks (company_id bigint, id bigint)",
            "SELECT create_distributed_table('shop.tasks', 'company_id', colocate_with => 'none', shard_count => 3)",
            "CREATE TABLE shop.countries (code text PRIMARY KEY)",
            "SELECT create_reference_table('shop.countries')",
            "CREATE TABLE shop.flyway_schema_history (installed_rank int PRIMARY KEY)",
            "CREATE TABLE shop.invoices (id bigint PRIMARY KEY, company_id bigint)",
            "CREATE TABLE shop.invoice_notes (invoice_id bigint REFERENCES shop.invoices (id), note text)",
            "CREATE TABLE shop.audit (id bigint PRIMARY KEY)",
            "SELECT citus_add_local_table_to_metadata('shop.audit')",
            "CREATE SCHEMA clean",
            "CREATE TABLE clean.companies (company_id bigint PRIMARY KEY)",
            "SELECT create_distributed_table('clean.companies', 'company_id', shard_count => 4)",
            "CREATE TABLE clean.users (company_id bigint, id bigint, PRIMARY KEY (company_id, id),"
                    + " FOREIGN KEY (company_id) REFERENCES clean.companies (company_id))",
            "SELECT create_distributed_table('clean.users', 'company_id', colocate_with => 'clean.companies')",
            "CREATE TABLE clean.countries (code text PRIMARY KEY)",
            "SELECT create_reference_table('clean.countries')",
            "CREATE TABLE clean.databasechangelog (id text)");

    @Override
    protected CitusClusterContainer newCluster(String image) {
        return new CitusClusterContainer(image).withWorkers(1);
    }

    @Override
    protected void afterStart() throws Exception {
        try (Connection c = cluster.createConnection(""); Statement s = c.createStatement()) {
            for (String sql : SCHEMA) {
                s.execute(sql);
            }
        }
    }

    @Test
    void forgottenTablesAreListedWithWhatToDoAndMigrationHistoryIsExcepted() {
        assertThatThrownBy(() -> assertThat(cluster).schema("shop").hasNoLocalTables())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(NL + "Expecting schema:" + NL + "  shop" + NL
                        + "to have no local tables (every table distributed or a reference table)" + NL
                        + "but it has 3 local tables:" + NL
                        + "  shop.audit: a Citus-local table")
                .hasMessageContaining(NL + "  shop.invoice_notes: a plain PostgreSQL table")
                .hasMessageContaining(NL + "  shop.invoices: a plain PostgreSQL table")
                .hasMessageContaining(NL + "Distribute each (SELECT create_distributed_table('shop.audit',"
                        + " '<tenant column>')), make it a reference table (SELECT create_reference_table('shop.audit')),"
                        + " or except it: schema(\"shop\").except(\"audit\")")
                .hasMessageEndingWith("(excepted: flyway_schema_history, databasechangelog, databasechangeloglock)")
                .message().doesNotContain("companies", "flyway_schema_history:");
    }

    @Test
    void exceptedTablesByNameOrQualifiedNamePass() {
        assertThat(cluster).schema("shop").except("invoices", "shop.invoice_notes", "audit").hasNoLocalTables();
        assertThat(cluster).schema("clean").hasNoLocalTables();
    }

    @Test
    void aDistributedTableInAnotherColocationGroupIsListed() {
        assertThatThrownBy(() -> assertThat(cluster).schema("shop").allDistributedTablesAreColocatedWith("shop.companies"))
                .hasMessageContaining("to have every distributed table co-located with shop.companies" + NL
                        + "but 1 distributed table is in another co-location group than shop.companies (colocation id ")
                .hasMessageContaining(NL + "  shop.tasks: a distributed table (partition method hash, distribution"
                        + " column company_id")
                .hasMessageContaining("colocate_with => 'shop.companies'")
                .message().doesNotContain("shop.projects:");
        assertThat(cluster).schema("clean").allDistributedTablesAreColocatedWith("clean.companies");
    }

    @Test
    void theColocationAnchorMustBeADistributedTable() {
        assertThatThrownBy(() -> assertThat(cluster).schema("clean").allDistributedTablesAreColocatedWith("clean.countries"))
                .hasMessageContaining("but clean.countries is not distributed: a reference table");
        assertThatThrownBy(() -> assertThat(cluster).schema("clean").allDistributedTablesAreColocatedWith("nope"))
                .hasMessageContaining("but nope does not exist");
    }

    @Test
    void aForeignKeyToALocalTableIsListed() {
        assertThatThrownBy(() -> assertThat(cluster).schema("shop").hasNoForeignKeysToLocalTables())
                .hasMessageContaining("to have no foreign keys to local tables" + NL
                        + "but 1 foreign key references a local table:" + NL
                        + "  shop.invoice_notes (invoice_id) -> shop.invoices (constraint invoice_notes_invoice_id_fkey):"
                        + " shop.invoices is a plain PostgreSQL table");
        assertThat(cluster).schema("clean").hasNoForeignKeysToLocalTables();
        assertThat(cluster).schema("shop").except("invoices").hasNoForeignKeysToLocalTables();
    }

    @Test
    void aSchemaThatDoesNotExistFailsEveryCheck() {
        assertThatThrownBy(() -> assertThat(cluster).schema("Shop").hasNoLocalTables())
                .hasMessage(NL + "Expecting schema:" + NL + "  Shop" + NL
                        + "to have no local tables (every table distributed or a reference table)" + NL
                        + "but it does not exist (pg_namespace has no schema of that name; names are case-sensitive)");
    }

    @Test
    void theChecksAreSoftAssertionCompatible() {
        CitusSoftAssertions softly = new CitusSoftAssertions();
        softly.assertThat(cluster).schema("shop").hasNoLocalTables().allDistributedTablesAreColocatedWith("shop.companies")
                .hasNoForeignKeysToLocalTables();
        softly.assertThat(cluster).schema("clean").hasNoLocalTables().hasNoForeignKeysToLocalTables();
        assertThat(softly.errorsCollected()).hasSize(3);
    }
}
