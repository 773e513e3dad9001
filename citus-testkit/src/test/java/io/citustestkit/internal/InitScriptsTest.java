package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one init-script check: what it accepts, and what each refusal says. */
class InitScriptsTest {

    @Test
    void anExistingClasspathResourceIsReturnedAsGiven() {
        assertThat(InitScripts.requireClasspathResource("initScript", "sql/init-tenants.sql"))
                .isEqualTo("sql/init-tenants.sql");
    }

    @Test
    void nullAndBlankAreRefusedNamingTheElement() {
        assertThatThrownBy(() -> InitScripts.requireClasspathResource("initScript", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initScript was null; allowed: a classpath resource that exists, such as \"schema.sql\""
                        + " in src/test/resources");
        assertThatThrownBy(() -> InitScripts.requireClasspathResource("initScript", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("initScript was blank (\" \"); allowed: a classpath resource that exists");
    }

    @Test
    void aLeadingSlashIsRefusedEvenWhenTheResourceExistsSayingToDropIt() {
        assertThatThrownBy(() -> InitScripts.requireClasspathResource("initScript", "/sql/init-tenants.sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("initScript was \"/sql/init-tenants.sql\"; allowed: a classpath resource"
                        + " without a leading \"/\"")
                .hasMessageContaining("ClassLoader.getResource")
                .hasMessageEndingWith("drop the leading slash, as in \"sql/init-tenants.sql\"");
    }

    @Test
    void aMissingResourceIsRefusedWithTheElementAndThePath() {
        assertThatThrownBy(() -> InitScripts.requireClasspathResource("@CitusCluster(initScripts) of a.B",
                "no/such/schema.sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@CitusCluster(initScripts) of a.B was \"no/such/schema.sql\"; allowed: a classpath"
                        + " resource that exists, such as \"schema.sql\" in src/test/resources");
    }

    @Test
    void aMissingResourceNextToOtherScriptsListsThem() {
        assertThatThrownBy(() -> InitScripts.requireClasspathResource("@CitusCluster(dataScripts) of a.B",
                "scripts/invoices-sed.sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@CitusCluster(dataScripts) of a.B was \"scripts/invoices-sed.sql\"; allowed: a classpath"
                        + " resource that exists; the .sql files in \"scripts/\" are \"scripts/broken-schema.sql\","
                        + " \"scripts/invoices-schema.sql\", \"scripts/invoices-seed.sql\"");
    }

    @Test
    void theSqlFilesOfAFolderInAJarAreListedToo() {
        // ScriptUtils of Testcontainers lives in a jar; no .sql there, but its folder lists without failing
        assertThat(InitScripts.sqlFilesNextTo("org/testcontainers/ext/nothing.sql")).isEmpty();
        assertThat(InitScripts.sqlFilesNextTo("no/such/folder/schema.sql")).isEmpty();
        assertThat(InitScripts.sqlFilesNextTo("sql/nothing.sql")).containsExactly("sql/init-tenants.sql");
    }
}
