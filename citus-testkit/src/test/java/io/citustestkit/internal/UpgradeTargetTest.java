package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpgradeTargetTest {

    @Test
    void versionsCompareByMajorMinorAndPatch() {
        assertThat(UpgradeTarget.compare("13.2.0", "12.1.12")).isPositive();
        assertThat(UpgradeTarget.compare("12.1.12", "12.1.9")).isPositive();
        assertThat(UpgradeTarget.compare("11.3.0", "12.1.12")).isNegative();
        assertThat(UpgradeTarget.compare("13.2", "13.2.0")).isZero();
        assertThat(UpgradeTarget.compare("14.0.0", "13.2.0")).isPositive();
    }

    @Test
    void pgdataIsTheLastPgdataOfAnEnvironment() {
        assertThat(DataDirectoryCopy.pgdataOf(new String[] {"PATH=/bin", "PGDATA=/var/lib/postgresql/data",
                "PGDATA=/opt/citus-testkit/pgdata"})).contains("/opt/citus-testkit/pgdata");
        assertThat(DataDirectoryCopy.pgdataOf(new String[] {"PATH=/bin"})).isEmpty();
        assertThat(DataDirectoryCopy.pgdataOf(null)).isEmpty();
    }
}
