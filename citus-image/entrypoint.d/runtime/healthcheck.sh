#!/usr/bin/env bash
# Docker HEALTHCHECK: healthy when the server answers on its Unix socket (so it is right whatever networks
# the container is on), citus is loaded and its extension exists (unless CITUS_ENABLE=false), a coordinator
# with CITUS_EXPECTED_WORKERS sees that many active workers, and a self-registering worker is registered.
# Never during the first start's initialisation (that server listens on no TCP address).
set -Eeo pipefail

# shellcheck source=/dev/null
source /usr/local/lib/citus-testkit/lib.sh
ctk_defaults
POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"

# the first start's temporary server also answers on the socket, but with listen_addresses='' (no TCP yet):
# not healthy until the real server runs
if [ "$CITUS_ENABLE" != true ]; then
	query="SELECT 1 WHERE current_setting('listen_addresses') <> ''"
else
	query="SELECT 1 FROM pg_extension
	        WHERE extname = 'citus'
	          AND current_setting('listen_addresses') <> ''
	          AND citus_version() IS NOT NULL
	          AND (SELECT metadata ->> 'server_id' IS DISTINCT FROM metadata ->> 'citus_testkit_baked_server_id'
	                 FROM pg_dist_node_metadata)
	          AND (SELECT count(*) FROM citus_get_active_worker_nodes()) >= $CITUS_EXPECTED_WORKERS"
	if [ "$CITUS_ROLE" = worker ] && [ -n "$CITUS_COORDINATOR_HOST" ] && [ ! -e "$CTK_REGISTERED" ]; then
		echo "not yet registered on coordinator $CITUS_COORDINATOR_HOST"
		exit 1
	fi
fi
result="$(ctk_local_psql -tA -c "$query")"
if [ "$result" != 1 ]; then
	echo "not ready: citus not loaded or fewer than $CITUS_EXPECTED_WORKERS active workers"
	exit 1
fi
