#!/usr/bin/env bash
# shellcheck disable=SC2153  # CITUS_* are set by ctk_defaults
# Runs in the background once per server start (see init/40-after-start.sh): waits for the server on its
# Unix socket, makes sure the extension exists, records a coordinator's host, and registers a worker that has
# CITUS_COORDINATOR_HOST on its coordinator (retrying with backoff while the coordinator starts).
# Registration is idempotent (citus_add_node returns the existing node), so restarts leave one entry.
set -Eeo pipefail

# shellcheck source=/dev/null
source /usr/local/bin/docker-entrypoint.sh
# shellcheck source=/dev/null
source /usr/local/lib/citus-testkit/lib.sh
ctk_defaults

# the server is PID 1 once the entrypoint has exec'ed it
server_alive() {
	kill -0 1 2> /dev/null
}

until pg_isready -q -h "$CTK_RUN_DIR" -p "${PGPORT:-5432}" -U "$POSTGRES_USER" -d "$POSTGRES_DB"; do
	server_alive || exit 0
	sleep 0.05
done

# One session (process starts are not free while the nodes of a cluster start together on a small machine):
# the extension when it is missing, and a coordinator records its host under a lock, only when nobody (such
# as the citus-testkit library) has set it already. The server may still be finishing its start: a few retries.
script="SELECT NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') AS ctk_missing \\gset
\\if :ctk_missing
CREATE EXTENSION IF NOT EXISTS citus;
\\echo ctk-extension-created
\\endif
$CTK_NEW_SERVER_ID_SQL"
if [ "$CITUS_ROLE" = coordinator ]; then
	script="$script
BEGIN;
LOCK TABLE pg_dist_node IN EXCLUSIVE MODE;
SELECT citus_set_coordinator_host(:'host', :'port') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_node WHERE groupid = 0);
COMMIT;"
fi
for attempt in $(seq 1 100); do
	if out="$(ctk_local_psql -tA -v host="${CITUS_COORDINATOR_HOST:-$(hostname)}" -v port="${PGPORT:-5432}" \
		<<< "$script" 2>&1)"; then
		break
	fi
	server_alive || exit 0
	if [ "$attempt" = 100 ]; then
		printf '%s\n' "$out" >&2
		ctk_die "could not prepare database $POSTGRES_DB for Citus"
	fi
	sleep 0.1
done
if grep -q ctk-extension-created <<< "$out"; then
	ctk_log "extension citus created in database $POSTGRES_DB"
fi

case "$CITUS_ROLE" in
worker)
	if [ -n "$CITUS_COORDINATOR_HOST" ]; then
		me="${CITUS_NODE_HOST:-$(hostname)}"
		delay=0.2
		attempt=0
		while server_alive; do
			attempt=$((attempt + 1))
			if out="$(PGPASSWORD="${POSTGRES_PASSWORD:-}" PGCONNECT_TIMEOUT=3 psql -X -q -tA -v ON_ERROR_STOP=1 \
				-h "$CITUS_COORDINATOR_HOST" -p "$CITUS_COORDINATOR_PORT" -U "$POSTGRES_USER" -d "$POSTGRES_DB" \
				-v me="$me" -v port="${PGPORT:-5432}" 2>&1 <<< "SELECT citus_add_node(:'me', :'port')")"; then
				touch "$CTK_REGISTERED"
				ctk_log "worker $me:${PGPORT:-5432} registered on coordinator $CITUS_COORDINATOR_HOST:$CITUS_COORDINATOR_PORT (node id $out)"
				break
			fi
			if [ "$attempt" = 1 ] || [ $((attempt % 10)) = 0 ]; then
				ctk_log "waiting for coordinator $CITUS_COORDINATOR_HOST:$CITUS_COORDINATOR_PORT (attempt $attempt): $(printf '%s' "$out" | tail -n 1)"
			fi
			sleep "$delay"
			delay="$(awk -v d="$delay" 'BEGIN { d = d * 2; if (d > 5) d = 5; print d }')"
		done
	fi
	;;
esac
