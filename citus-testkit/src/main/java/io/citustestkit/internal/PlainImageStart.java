package io.citustestkit.internal;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import java.util.Arrays;
import java.util.List;

/**
 * A node's first start on an official {@code citusdata/citus} (or {@code postgres}) image, done with the image's own
 * entrypoint functions but with one server instead of two.
 *
 * <p>The official entrypoint initialises an empty data directory with a temporary server (Unix socket only), creates
 * {@code POSTGRES_DB}, runs {@code /docker-entrypoint-initdb.d}, stops that server and starts the real one. This
 * start sources the same {@code docker-entrypoint.sh} and calls the same functions in the same order (initdb,
 * {@code pg_hba.conf}, database, init files), but on the real server, started once in the background: the temporary
 * server's start, shutdown checkpoint and stop are gone (about 0.2 s of CPU per node, see docs/performance.md). The
 * server then listens on TCP while the database and extension are still being created, so the node
 * logs {@value #READY_LINE} only once they are; the kit connects only after that line ({@link NodeReadyWait}).
 * A node whose data directory exists (a restart) starts its server the same way, without the set-up.
 *
 * <p>The script stays the container's first process and passes Docker's stop signal (the image's {@code SIGINT})
 * to the server and exits with its exit code, so {@code docker stop} shuts the server down as the official image
 * does.
 */
public final class PlainImageStart {

    /** What the node logs once its server accepts connections and its database and extension exist. */
    public static final String READY_LINE = "citus-testkit: node set up and ready";

    /** The official images' entrypoint; the start is used only on images whose entrypoint it is. */
    static final String OFFICIAL_ENTRYPOINT = "docker-entrypoint.sh";

    static final String SCRIPT = """
            # citus-testkit: the official entrypoint's first start, with the real server instead of a temporary one
            source /usr/local/bin/docker-entrypoint.sh
            set -Eeo pipefail
            if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
            docker_setup_env
            docker_create_db_directories
            if [ "$(id -u)" = '0' ]; then
            \texec gosu postgres bash -c "$BASH_EXECUTION_STRING" "$0" "$@"
            fi
            fresh=
            if [ -z "$DATABASE_ALREADY_EXISTS" ]; then
            \tfresh=1
            \tdocker_verify_minimum_env
            \tif declare -F docker_error_old_databases > /dev/null; then docker_error_old_databases; fi
            \tls /docker-entrypoint-initdb.d/ > /dev/null
            \tdocker_init_database_dir
            \tpg_setup_hba_conf "$@"
            \texport PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
            fi
            "$@" &
            server=$!
            trap 'kill -INT "$server" 2> /dev/null' INT
            trap 'kill -TERM "$server" 2> /dev/null' TERM
            trap 'kill -QUIT "$server" 2> /dev/null' QUIT
            # postmaster.pid names this server and says "ready" once it accepts connections
            until { read -r pid && for _ in 2 3 4 5 6 7; do read -r _; done && read -r state; } < "$PGDATA/postmaster.pid" 2> /dev/null \\
            \t&& [ "$pid" = "$server" ] && [ "${state%% *}" = ready ]; do
            \tif ! kill -0 "$server" 2> /dev/null; then wait "$server"; exit $?; fi
            \tsleep 0.02
            done
            if [ -n "$fresh" ]; then
            \tdocker_setup_db
            \tdocker_process_init_files /docker-entrypoint-initdb.d/*
            \techo 'PostgreSQL init process complete (citus-testkit: one server, no restart).'
            fi
            echo '@READY_LINE@'
            # a trapped signal interrupts wait: wait again until the server has gone, then exit with its status
            wait "$server" || true
            while kill -0 "$server" 2> /dev/null; do wait "$server" || true; done
            status=0
            wait "$server" || status=$?
            exit "$status"
            """.replace("@READY_LINE@", READY_LINE);

    private PlainImageStart() {}

    /**
     * True when the image starts the official way ({@code docker-entrypoint.sh postgres}), so this start can replace
     * it; false for an image with an entrypoint of its own, which then starts as it always does.
     */
    public static boolean supports(InspectImageResponse image) {
        ContainerConfig config = image.getConfig();
        return config != null && config.getEntrypoint() != null && config.getCmd() != null
                && supports(Arrays.asList(config.getEntrypoint()), Arrays.asList(config.getCmd()));
    }

    /** {@link #supports(InspectImageResponse)} on an image's entrypoint and command. */
    static boolean supports(List<String> entrypoint, List<String> cmd) {
        return entrypoint.equals(List.of(OFFICIAL_ENTRYPOINT)) && cmd.equals(List.of("postgres"));
    }

    /** Makes the node start this way; its command stays the server command ({@code postgres -c ...}). */
    public static void apply(CreateContainerCmd cmd) {
        cmd.withEntrypoint("bash", "-c", SCRIPT, "citus-testkit-start");
    }
}
