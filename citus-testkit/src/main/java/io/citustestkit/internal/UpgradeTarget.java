package io.citustestkit.internal;

import com.github.dockerjava.api.command.InspectImageResponse;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.utility.DockerImageName;

/**
 * The image a running cluster is asked to move to ({@code upgradeTo}), resolved through the pipeline and checked
 * against what the cluster runs before anything changes: it must have Citus (the {@code CITUS_VERSION} the
 * {@code citusdata/citus} images declare), the same PostgreSQL major version (another one is {@code pg_upgrade}'s
 * job) and the same or a later Citus. Its {@code PGDATA} is where the nodes' data goes.
 *
 * <pre>{@code
 * UpgradeTarget t = UpgradeTarget.resolve(DockerImageName.parse("citusdata/citus:13.2.0-pg15"), running);
 * t.citusVersion();   // "13.2.0"
 * t.images(true);     // the tuned image on it, built first when missing
 * }</pre>
 *
 * @param requested the image as the caller named it
 * @param resolved the base image, resolved (substituted, present locally)
 * @param citusVersion the Citus version the image declares ({@code 13.2.0})
 * @param postgresMajor the PostgreSQL major version the image declares, 0 when it declares none
 * @param pgdata the image's {@code PGDATA}
 */
public record UpgradeTarget(String requested, ImagePipeline.Resolved resolved, String citusVersion, int postgresMajor,
        String pgdata) {

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** Resolves the image and refuses it, naming both sides, when the cluster cannot move to it. */
    public static UpgradeTarget resolve(DockerImageName image, CitusVersions running) {
        String name = image.asCanonicalNameString();
        ImagePipeline.Resolved resolved = ImagePipeline.resolveLocal(ImagePipeline.requested(image,
                "Choose another with upgradeTo(\"citusdata/citus:<tag>\")."));
        String[] env = resolved.image().getConfig() == null ? null : resolved.image().getConfig().getEnv();
        String citus = env(env, "CITUS_VERSION").orElse(null);
        int runningPostgres = running.postgresNum() / 10000;
        String allowed = "; allowed: a citusdata/citus image with Citus " + running.citus() + " or later on PostgreSQL "
                + runningPostgres + " (such as citusdata/citus:<version>-pg" + runningPostgres + ")";
        if (citus == null) {
            throw new IllegalArgumentException("upgradeTo(" + name + "): the image has no Citus (its environment"
                    + " declares no CITUS_VERSION, as citusdata/citus images do)" + allowed);
        }
        Matcher m = VERSION.matcher(citus);
        if (!m.find()) {
            throw new IllegalArgumentException("upgradeTo(" + name + "): the image declares CITUS_VERSION=" + citus
                    + ", which names no version" + allowed);
        }
        String version = m.group(0);
        int postgres = env(env, "PG_MAJOR").map(v -> v.replaceAll("\\D.*", "")).filter(v -> !v.isEmpty())
                .map(Integer::parseInt).orElse(0);
        if (postgres != 0 && postgres != runningPostgres) {
            throw new IllegalArgumentException("upgradeTo(" + name + "): the image runs PostgreSQL " + postgres
                    + ", the cluster PostgreSQL " + running.postgres() + ". Moving data to another PostgreSQL major"
                    + " version is pg_upgrade's job, which upgradeTo() does not do" + allowed);
        }
        if (compare(version, running.citus()) < 0) {
            throw new IllegalArgumentException("upgradeTo(" + name + "): the image has Citus " + version
                    + ", older than the cluster's Citus " + running.citus() + "; a downgrade is not supported" + allowed);
        }
        String pgdata = DataDirectoryCopy.pgdataOf(env).orElseThrow(() -> new IllegalArgumentException("upgradeTo("
                + name + "): the image declares no PGDATA, so its nodes' data directory is unknown" + allowed));
        return new UpgradeTarget(name, resolved, version, postgres, pgdata);
    }

    /** The images the nodes run: the tuned image on the new base (built first when missing), or the base itself. */
    public ClusterImages images(boolean tuned) {
        InspectImageResponse base = resolved.image();
        if (!tuned) {
            return new ClusterImages(resolved.name(), resolved.name(), false, PlainImageStart.supports(base), null);
        }
        return new ClusterImages(resolved.name(),
                TunedImages.resolve(resolved.name(), resolved.id()).asCanonicalNameString(), true, false, null);
    }

    /** Compares two versions ({@code 12.1.12}, {@code 13.2}) by major, minor and patch. */
    static int compare(String a, String b) {
        int[] x = parts(a);
        int[] y = parts(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    private static int[] parts(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.find()) {
            return new int[3];
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
    }

    private static Optional<String> env(String[] env, String name) {
        return env == null ? Optional.empty()
                : Arrays.stream(env).filter(e -> e.startsWith(name + "=")).map(e -> e.substring(name.length() + 1))
                        .reduce((first, later) -> later);
    }
}
