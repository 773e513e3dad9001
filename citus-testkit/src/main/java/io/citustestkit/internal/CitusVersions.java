package io.citustestkit.internal;

import io.citustestkit.UnsupportedCitusVersionException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Citus and PostgreSQL versions a coordinator runs, read in one statement as soon as it answers, and the check
 * that they are in the supported range (Citus 12.1 and later on PostgreSQL 15 and later). Everything the kit does on a
 * cluster works on the oldest supported Citus, so this is the only place that compares versions.
 *
 * <pre>{@code
 * CitusVersions v = CitusVersions.read(connection);   // Citus 12.1.12 on PostgreSQL 15.14
 * v.requireSupported("citusdata/citus:12.1-pg15");    // throws UnsupportedCitusVersionException below the range
 * }</pre>
 *
 * @param citus the Citus version as {@code citus_version()} names it ({@code 12.1.12}), or the extension's version
 *     ({@code 12.1-1}) when that function says nothing usable; null when the extension is not installed
 * @param citusMajor Citus' major version (12), 0 when unknown
 * @param citusMinor Citus' minor version (1)
 * @param postgres PostgreSQL's version ({@code 15.14})
 * @param postgresNum {@code server_version_num} (150014)
 */
public record CitusVersions(String citus, int citusMajor, int citusMinor, String postgres, int postgresNum) {

    /** The oldest supported Citus, major and minor. */
    public static final int MIN_CITUS_MAJOR = 12;
    public static final int MIN_CITUS_MINOR = 1;

    /** The oldest supported PostgreSQL major. */
    public static final int MIN_POSTGRES_MAJOR = 15;

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:[.-](\\d+))?");

    /** Reads the versions on a coordinator session (no Citus function is called when the extension is missing). */
    public static CitusVersions read(Connection c) throws SQLException {
        List<Object> row = Jdbc.query(c, ClusterSql.VERSIONS).get(0);
        String postgres = String.valueOf(row.get(0));
        int postgresNum = Integer.parseInt(String.valueOf(row.get(1)).trim());
        String extension = (String) row.get(2);
        if (extension == null) {
            return new CitusVersions(null, 0, 0, postgres, postgresNum);
        }
        String full = (String) Jdbc.single(c, ClusterSql.CITUS_VERSION); // "Citus 12.1.12 on x86_64-pc-linux-gnu, ..."
        return of(full, extension, postgres, postgresNum);
    }

    /** From what the coordinator reported: {@code citus_version()}, the extension's version, PostgreSQL's. */
    static CitusVersions of(String citusVersionText, String extensionVersion, String postgres, int postgresNum) {
        Matcher full = VERSION.matcher(citusVersionText == null ? "" : citusVersionText);
        Matcher ext = VERSION.matcher(extensionVersion);
        Matcher m = full.find() ? full : ext.find() ? ext : null;
        if (m == null) {
            return new CitusVersions(extensionVersion, 0, 0, postgres, postgresNum);
        }
        return new CitusVersions(m.group(0), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                postgres.split(" ")[0], postgresNum);
    }

    /** Whether the Citus extension is installed in the cluster's database. */
    public boolean hasCitus() {
        return citus != null;
    }

    /** PostgreSQL's major version (15, 16, ...). */
    public int postgresMajor() {
        return postgresNum / 10_000;
    }

    /** Whether this Citus is at least {@code major.minor}. */
    public boolean citusAtLeast(int major, int minor) {
        return citusMajor > major || citusMajor == major && citusMinor >= minor;
    }

    /**
     * Throws {@link UnsupportedCitusVersionException} naming the image and both versions when Citus or PostgreSQL is
     * older than supported. A database without the extension passes: what happens then is the caller's clear error.
     */
    public void requireSupported(String image) {
        if (!hasCitus()) {
            return;
        }
        boolean citusOk = citusMajor == 0 || citusAtLeast(MIN_CITUS_MAJOR, MIN_CITUS_MINOR);
        if (!citusOk || postgresMajor() < MIN_POSTGRES_MAJOR) {
            throw new UnsupportedCitusVersionException(image, citus, postgres);
        }
    }

    @Override
    public String toString() {
        return "Citus " + (citus == null ? "(not installed)" : citus) + " on PostgreSQL " + postgres;
    }
}
