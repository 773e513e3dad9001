package io.citustestkit.assertj;

import static io.citustestkit.assertj.ShouldBeColocatedWithAll.shouldBeColocatedWithAll;
import static io.citustestkit.assertj.ShouldHaveNoForeignKeysToLocalTables.shouldHaveNoForeignKeysToLocalTables;
import static io.citustestkit.assertj.ShouldHaveNoLocalTables.schemaShouldExist;
import static io.citustestkit.assertj.ShouldHaveNoLocalTables.shouldHaveNoLocalTables;

import io.citustestkit.internal.Args;
import io.citustestkit.internal.SchemaTables;
import io.citustestkit.internal.TableMetadata;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/**
 * Tenant-safety checks of a whole schema, read from the coordinator's catalog: the table a migration added and
 * nobody distributed, the distributed table in a co-location group of its own, the foreign key to a local table.
 *
 * <pre>{@code
 * assertThat(cluster).schema("public")
 *         .except("schema_version")            // Flyway's and Liquibase's history tables are excepted already
 *         .hasNoLocalTables()
 *         .allDistributedTablesAreColocatedWith("companies")
 *         .hasNoForeignKeysToLocalTables();
 * }</pre>
 *
 * <p>Local means what stays on the coordinator: a plain PostgreSQL table (not in {@code pg_dist_partition}) or a
 * Citus-local table. Partitions are left out (their parent speaks for them). A schema that does not exist fails
 * every check. Works with soft assertions ({@link CitusSoftAssertions}).
 */
public class SchemaAssert extends AbstractAssert<SchemaAssert, ClusterSchema> {

    /** Tables excepted from every check: the migration history of Flyway and Liquibase. */
    public static final List<String> MIGRATION_HISTORY_TABLES =
            List.of("flyway_schema_history", "databasechangelog", "databasechangeloglock");

    private final Set<String> excepted = new LinkedHashSet<>(MIGRATION_HISTORY_TABLES);

    /** Assertions about the given schema; usually created by {@link CitusClusterAssert#schema(String)}. */
    public SchemaAssert(ClusterSchema actual) {
        super(actual, SchemaAssert.class);
    }

    /**
     * Leaves tables out of the checks that follow: names in the schema ({@code "audit_log"}) or qualified
     * ({@code "public.audit_log"}), as the catalog stores them.
     */
    public SchemaAssert except(String... tables) {
        Args.notNull("tables", tables);
        for (int i = 0; i < tables.length; i++) {
            excepted.add(Args.notBlank("tables[" + i + "]", tables[i]));
        }
        return myself;
    }

    /**
     * Verifies that every table of the schema is distributed or a reference table. The failure lists each local
     * table and says how to fix it: distribute it, make it a reference table, or except it.
     */
    public SchemaAssert hasNoLocalTables() {
        CitusErrorMessage.Parts expectation = CitusErrorMessage.parts(
                "have no local tables (every table distributed or a reference table)");
        List<SchemaTables.Table> local = new ArrayList<>();
        for (SchemaTables.Table t : tables(expectation)) {
            if (t.metadata().isLocal()) {
                local.add(t);
            }
        }
        if (!local.isEmpty()) {
            throwAssertionError(shouldHaveNoLocalTables(actual.name(), expectation, local, excepted));
        }
        return myself;
    }

    /**
     * Verifies that every distributed table of the schema (with or without a distribution column) is in the
     * co-location group of {@code table} (resolved like {@code 'name'::regclass}), so joins on the distribution
     * column stay on one node. Reference and local tables are not looked at.
     */
    public SchemaAssert allDistributedTablesAreColocatedWith(String table) {
        Args.notBlank("table", table);
        CitusErrorMessage.Parts expectation = CitusErrorMessage.parts("have every distributed table co-located with ")
                .verbatim(table);
        List<SchemaTables.Table> tables = tables(expectation);
        Optional<TableMetadata> anchor;
        try (Connection c = Coordinator.connect(actual.cluster(), "allDistributedTablesAreColocatedWith")) {
            anchor = TableMetadata.read(c, table);
        } catch (SQLException e) {
            throw Coordinator.readFailure("allDistributedTablesAreColocatedWith", e);
        }
        List<SchemaTables.Table> apart = new ArrayList<>();
        if (anchor.isPresent() && anchor.get().isDistributed()) {
            for (SchemaTables.Table t : tables) {
                if (t.metadata().isDistributed() && !anchor.get().colocationId().equals(t.metadata().colocationId())) {
                    apart.add(t);
                }
            }
        }
        if (anchor.isEmpty() || !anchor.get().isDistributed() || !apart.isEmpty()) {
            throwAssertionError(shouldBeColocatedWithAll(actual.name(), expectation, table, anchor.orElse(null),
                    apart));
        }
        return myself;
    }

    /**
     * Verifies that no table of the schema has a foreign key to a local table (plain or Citus-local): such a key
     * ties a distributed or reference table to data that stays on the coordinator.
     */
    public SchemaAssert hasNoForeignKeysToLocalTables() {
        CitusErrorMessage.Parts expectation = CitusErrorMessage.parts("have no foreign keys to local tables");
        List<SchemaTables.ForeignKey> toLocal = new ArrayList<>();
        try (Connection c = connect(expectation)) {
            for (SchemaTables.ForeignKey fk : SchemaTables.foreignKeys(c, actual.name())) {
                if (fk.referenced().isLocal() && !isExcepted(fk.table(), fk.qualifiedTable())
                        && !isExcepted(fk.referencedName(), fk.referenced().qualifiedName())) {
                    toLocal.add(fk);
                }
            }
        } catch (SQLException e) {
            throw Coordinator.readFailure("hasNoForeignKeysToLocalTables", e);
        }
        if (!toLocal.isEmpty()) {
            throwAssertionError(shouldHaveNoForeignKeysToLocalTables(actual.name(), expectation, toLocal));
        }
        return myself;
    }

    private List<SchemaTables.Table> tables(CitusErrorMessage.Parts expectation) {
        try (Connection c = connect(expectation)) {
            List<SchemaTables.Table> out = new ArrayList<>();
            for (SchemaTables.Table t : SchemaTables.tables(c, actual.name())) {
                if (!isExcepted(t.name(), t.metadata().qualifiedName())) {
                    out.add(t);
                }
            }
            return out;
        } catch (SQLException e) {
            throw Coordinator.readFailure("schema(\"" + actual.name() + "\")", e);
        }
    }

    /** A connection to the coordinator once the schema is known to exist. */
    private Connection connect(CitusErrorMessage.Parts expectation) throws SQLException {
        isNotNull();
        Connection c = Coordinator.connect(actual.cluster(), "schema(\"" + actual.name() + "\")");
        if (!SchemaTables.exists(c, actual.name())) {
            c.close();
            throwAssertionError(schemaShouldExist(actual.name(), expectation));
        }
        return c;
    }

    private boolean isExcepted(String name, String qualifiedName) {
        return excepted.contains(name) || excepted.contains(qualifiedName)
                || excepted.contains(actual.name() + "." + name);
    }
}
