package io.citustestkit.internal;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.testcontainers.containers.GenericContainer;

/**
 * Whether one node runs on the tuned image's baked data directory in place ({@code PGDATA} set to
 * {@link TunedImages#BAKED_DATA_DIRECTORY}): the cluster's settings allow it ({@link ClusterConfig#usesBakedDirectory()},
 * any credentials the image can apply) and nothing the user gave that node's container needs {@code initdb}. The
 * image stops a container in place whose settings need {@code initdb} ({@code ctk_require_baked_settings} in
 * {@code entrypoint.d/lib.sh}); such a node runs the image's normal first start instead, as before.
 *
 * <pre>{@code
 * if (InPlaceDataDirectory.possible(config, node)) node.addEnv("PGDATA", TunedImages.BAKED_DATA_DIRECTORY);
 * }</pre>
 */
public final class InPlaceDataDirectory {

    /** Environment the image's settings hash covers besides POSTGRES_INITDB_ARGS: what initdb reads from it. */
    private static final Set<String> INITDB_ENVIRONMENT = Set.of("POSTGRES_INITDB_WALDIR", "TZ", "LANG", "LANGUAGE");

    private static final String INIT_SCRIPTS = "/docker-entrypoint-initdb.d";

    private InPlaceDataDirectory() {}

    /** True when this node (its environment, binds and copied files as the user set them) can run in place. */
    public static boolean possible(ClusterConfig config, GenericContainer<?> node) {
        return config.usesBakedDirectory() && !needsInitdb(node.getEnvMap()) && !hasInitScripts(node);
    }

    /** True when a create command runs a node in place: the entrypoint then need not start as root. */
    public static boolean isSetOn(CreateContainerCmd cmd) {
        String[] env = cmd.getEnv();
        return env != null && Arrays.asList(env).contains("PGDATA=" + TunedImages.BAKED_DATA_DIRECTORY);
    }

    static boolean needsInitdb(Map<String, String> env) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (value.isEmpty()) {
                continue;
            }
            if (INITDB_ENVIRONMENT.contains(name) || name.startsWith("LC_")) {
                return true;
            }
            if ("CITUS_ENABLE".equals(name) && !"true".equals(value)) {
                return true;
            }
            if ("POSTGRES_HOST_AUTH_METHOD".equals(name) && !value.matches("[a-z0-9-]+")) {
                return true;
            }
            if ("POSTGRES_INITDB_ARGS".equals(name)
                    && !Arrays.stream(value.split("\\s+")).allMatch(a -> "--no-sync".equals(a) || "-N".equals(a))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasInitScripts(GenericContainer<?> node) {
        for (Bind bind : node.getBinds()) {
            if (bind.getVolume() != null && bind.getVolume().getPath().startsWith(INIT_SCRIPTS)) {
                return true;
            }
        }
        return node.getCopyToFileContainerPathMap().values().stream().anyMatch(p -> p.startsWith(INIT_SCRIPTS));
    }
}
