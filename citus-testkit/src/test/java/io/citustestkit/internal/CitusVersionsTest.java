package io.citustestkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citustestkit.UnsupportedCitusVersionException;
import org.junit.jupiter.api.Test;

/** Which Citus and PostgreSQL versions a cluster may run, read from what a coordinator reports. */
class CitusVersionsTest {

    private static final String CITUS_12_1 = "Citus 12.1.12 on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit";

    @Test
    void theVersionComesFromCitusVersionTextAndPostgresFromServerVersion() {
        CitusVersions v = CitusVersions.of(CITUS_12_1, "12.1-2", "15.14 (Debian 15.14-0+deb12u1)", 150014);
        assertThat(v.citus()).isEqualTo("12.1.12");
        assertThat(v.citusMajor()).isEqualTo(12);
        assertThat(v.citusMinor()).isEqualTo(1);
        assertThat(v.postgres()).isEqualTo("15.14");
        assertThat(v.postgresMajor()).isEqualTo(15);
        assertThat(v).hasToString("Citus 12.1.12 on PostgreSQL 15.14");
    }

    @Test
    void withoutUsableCitusVersionTextTheExtensionVersionCounts() {
        CitusVersions v = CitusVersions.of("", "13.2-1", "17.6", 170006);
        assertThat(v.citusMajor()).isEqualTo(13);
        assertThat(v.citusMinor()).isEqualTo(2);
    }

    @Test
    void everySupportedLinePasses() {
        for (String[] line : new String[][] {{"Citus 12.1.0", "15.2", "150002"}, {"Citus 12.1.12", "16.4", "160004"},
                {"Citus 13.0.1", "15.10", "150010"}, {"Citus 13.2.0", "17.6", "170006"}, {"Citus 14.0.0", "18.1", "180001"}}) {
            CitusVersions v = CitusVersions.of(line[0], "x", line[1], Integer.parseInt(line[2]));
            assertThatCode(() -> v.requireSupported("img")).as(v.toString()).doesNotThrowAnyException();
        }
    }

    @Test
    void citusOlderThan12Point1IsRefusedNamingImageVersionsAndRange() {
        CitusVersions v = CitusVersions.of("Citus 11.3.0 on x86_64-pc-linux-gnu", "11.3-1", "15.14", 150014);
        assertThatThrownBy(() -> v.requireSupported("citusdata/citus:11.3.0-pg15"))
                .isInstanceOf(UnsupportedCitusVersionException.class)
                .hasMessageStartingWith("image citusdata/citus:11.3.0-pg15 has Citus 11.3.0 on PostgreSQL 15.14;"
                        + " citus-testkit supports Citus 12.1 to 14.x on PostgreSQL 15 to 18.")
                .satisfies(e -> {
                    UnsupportedCitusVersionException u = (UnsupportedCitusVersionException) e;
                    assertThat(u.getImage()).isEqualTo("citusdata/citus:11.3.0-pg15");
                    assertThat(u.getCitusVersion()).isEqualTo("11.3.0");
                    assertThat(u.getPostgresVersion()).isEqualTo("15.14");
                });
        assertThatThrownBy(() -> CitusVersions.of("Citus 12.0.0", "12.0-1", "15.4", 150004).requireSupported("i"))
                .isInstanceOf(UnsupportedCitusVersionException.class);
    }

    @Test
    void postgresOlderThan15IsRefusedEvenWithASupportedCitus() {
        CitusVersions v = CitusVersions.of("Citus 12.1.5", "12.1-1", "14.11", 140011);
        assertThatThrownBy(() -> v.requireSupported("citusdata/citus:12.1.5-pg14"))
                .isInstanceOf(UnsupportedCitusVersionException.class)
                .hasMessageContaining("has Citus 12.1.5 on PostgreSQL 14.11;");
    }

    @Test
    void aDatabaseWithoutTheExtensionIsLeftToItsOwnError() {
        CitusVersions v = new CitusVersions(null, 0, 0, "17.6", 170006);
        assertThat(v.hasCitus()).isFalse();
        assertThatCode(() -> v.requireSupported("postgres:17")).doesNotThrowAnyException();
    }
}
