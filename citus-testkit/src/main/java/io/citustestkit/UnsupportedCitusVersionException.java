package io.citustestkit;

import org.testcontainers.containers.ContainerLaunchException;

/**
 * The cluster's image has a Citus or PostgreSQL older than citus-testkit supports (Citus {@value #SUPPORTED_CITUS}
 * on PostgreSQL {@value #SUPPORTED_POSTGRES}). Thrown by {@code start()} as soon as the coordinator answers, before
 * any worker is registered; the cluster's containers and network are already removed when it is thrown.
 *
 * <pre>{@code
 * try (CitusClusterContainer cluster = new CitusClusterContainer("citusdata/citus:11.3.0-pg15")) {
 *     cluster.start();
 * } catch (UnsupportedCitusVersionException e) {
 *     System.err.println(e.getImage() + " has Citus " + e.getCitusVersion()); // 11.3.0
 * }
 * }</pre>
 */
public class UnsupportedCitusVersionException extends ContainerLaunchException {

    private static final long serialVersionUID = 1L;

    /** The Citus versions citus-testkit supports. */
    public static final String SUPPORTED_CITUS = "12.1 to 14.x";

    /** The PostgreSQL major versions citus-testkit supports. */
    public static final String SUPPORTED_POSTGRES = "15 to 18";

    private final String image;
    private final String citusVersion;
    private final String postgresVersion;

    public UnsupportedCitusVersionException(String image, String citusVersion, String postgresVersion) {
        super("image " + image + " has Citus " + citusVersion + " on PostgreSQL " + postgresVersion
                + "; citus-testkit supports Citus " + SUPPORTED_CITUS + " on PostgreSQL " + SUPPORTED_POSTGRES
                + ". Choose an image of a supported Citus, such as citusdata/citus:12.1-pg15 (Citus 12.1 on"
                + " PostgreSQL 15) or " + CitusClusterContainer.DEFAULT_IMAGE
                + " (see the support table in docs/cluster.md)");
        this.image = image;
        this.citusVersion = citusVersion;
        this.postgresVersion = postgresVersion;
    }

    /** The image the cluster ran, as the user named it, such as {@code citusdata/citus:11.3.0-pg15}. */
    public String getImage() {
        return image;
    }

    /** The Citus version the coordinator reported, such as {@code 11.3.0}. */
    public String getCitusVersion() {
        return citusVersion;
    }

    /** The PostgreSQL version the coordinator reported, such as {@code 15.14}. */
    public String getPostgresVersion() {
        return postgresVersion;
    }
}
