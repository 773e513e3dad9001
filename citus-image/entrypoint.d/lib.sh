# Shared functions of the citus-testkit image. Sourced (never executed) by entrypoint.sh, bake.sh and the
# runtime scripts, after /usr/local/bin/docker-entrypoint.sh (the official image's functions).
# shellcheck shell=bash disable=SC2034

CTK_HOME=/usr/local/lib/citus-testkit
# the data directory initialised at build time; outside every VOLUME the base images declare
CTK_BAKED=/opt/citus-testkit/pgdata
# sha256 of the POSTGRES_* settings the baked directory was made with (never the settings themselves)
CTK_BAKED_HASH=/opt/citus-testkit/pgdata.settings.sha256
# in the baked directory used in place (PGDATA=$CTK_BAKED): this container gave it its own server id
CTK_IN_PLACE_MARK=citus-testkit.in-place
# generated at every start inside PGDATA and included from postgresql.conf
CTK_CONF_NAME=citus-testkit.conf
# node-to-node password file (written by the server user, mode 0600) and registration marker
CTK_RUN_DIR=/var/run/postgresql
CTK_PGPASS="$CTK_RUN_DIR/.citus-testkit.pgpass"
CTK_REGISTERED="$CTK_RUN_DIR/citus-testkit.registered"

ctk_log() {
	printf 'citus-testkit: %s\n' "$*"
}

# one line naming the variable, its value and what is allowed; the container stops at once
ctk_die() {
	printf 'citus-testkit: %s\n' "$*" >&2
	exit 1
}

# defaults of the CITUS_* variables (an empty value means the default)
ctk_defaults() {
	: "${CITUS_ENABLE:=true}"
	: "${CITUS_ROLE:=standalone}"
	: "${CITUS_PROFILE:=test}"
	: "${CITUS_COORDINATOR_HOST:=}"
	: "${CITUS_COORDINATOR_PORT:=5432}"
	: "${CITUS_EXPECTED_WORKERS:=0}"
	: "${CITUS_SHARD_COUNT:=}"
	: "${CITUS_NODE_HOST:=}"
	export CITUS_ENABLE CITUS_ROLE CITUS_PROFILE CITUS_COORDINATOR_HOST CITUS_COORDINATOR_PORT \
		CITUS_EXPECTED_WORKERS CITUS_SHARD_COUNT CITUS_NODE_HOST
}

# ctk_int NAME VALUE MIN MAX
ctk_int() {
	if ! [[ "$2" =~ ^(0|[1-9][0-9]{0,8})$ ]] || [ "$2" -lt "$3" ] || [ "$2" -gt "$4" ]; then
		ctk_die "$1 is \"$2\"; allowed: a whole number from $3 to $4"
	fi
}

# ctk_host NAME VALUE: a DNS name or an IP address
ctk_host() {
	if ! [[ "$2" =~ ^[A-Za-z0-9]([A-Za-z0-9._:-]{0,251}[A-Za-z0-9])?$ ]]; then
		ctk_die "$1 is \"$2\"; allowed: a host name or IP address (letters, digits, '.', '-', ':')"
	fi
}

ctk_validate() {
	ctk_defaults
	case "$CITUS_ENABLE" in true|false) ;; *) ctk_die "CITUS_ENABLE is \"$CITUS_ENABLE\"; allowed: true, false" ;; esac
	case "$CITUS_ROLE" in standalone|coordinator|worker) ;; *) ctk_die "CITUS_ROLE is \"$CITUS_ROLE\"; allowed: standalone, coordinator, worker" ;; esac
	case "$CITUS_PROFILE" in test|default) ;; *) ctk_die "CITUS_PROFILE is \"$CITUS_PROFILE\"; allowed: test, default" ;; esac
	ctk_int CITUS_COORDINATOR_PORT "$CITUS_COORDINATOR_PORT" 1 65535
	ctk_int CITUS_EXPECTED_WORKERS "$CITUS_EXPECTED_WORKERS" 0 10000
	if [ -n "$CITUS_SHARD_COUNT" ]; then
		ctk_int CITUS_SHARD_COUNT "$CITUS_SHARD_COUNT" 1 64000
	fi
	if [ -n "$CITUS_COORDINATOR_HOST" ]; then
		ctk_host CITUS_COORDINATOR_HOST "$CITUS_COORDINATOR_HOST"
	fi
	if [ -n "$CITUS_NODE_HOST" ]; then
		ctk_host CITUS_NODE_HOST "$CITUS_NODE_HOST"
	fi
	if [ "$CITUS_ENABLE" = false ] && [ "$CITUS_ROLE" != standalone ]; then
		ctk_die "CITUS_ROLE is \"$CITUS_ROLE\" but CITUS_ENABLE is false; allowed with CITUS_ENABLE=false: standalone"
	fi
	if [ "$CITUS_EXPECTED_WORKERS" != 0 ] && [ "$CITUS_ROLE" != coordinator ]; then
		ctk_die "CITUS_EXPECTED_WORKERS is \"$CITUS_EXPECTED_WORKERS\" but CITUS_ROLE is $CITUS_ROLE; allowed: 0 unless CITUS_ROLE=coordinator"
	fi
	if [ -n "$CITUS_COORDINATOR_HOST" ] && [ "$CITUS_ROLE" = standalone ]; then
		ctk_die "CITUS_COORDINATOR_HOST is set but CITUS_ROLE is standalone; allowed: unset unless CITUS_ROLE is worker or coordinator"
	fi
}

# sha256 of everything that decides what a first start puts into PGDATA
ctk_settings_hash() {
	printf '%s\0' v1 \
		"$POSTGRES_USER" "$POSTGRES_PASSWORD" "$POSTGRES_DB" \
		"${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" "${POSTGRES_INITDB_ARGS:-}" "${POSTGRES_INITDB_WALDIR:-}" \
		"$CITUS_ENABLE" "$(id -u)" \
		| sha256sum | cut -d' ' -f1
}

# true when a first start may copy the baked data directory instead of running initdb
ctk_can_use_baked() {
	[ -s "$CTK_BAKED/PG_VERSION" ] && [ -s "$CTK_BAKED_HASH" ] || return 1
	[ -z "$(ls -A "$PGDATA")" ] || return 1
	# user init scripts must run: only the image's own one may be there
	[ -z "$(ctk_foreign_init_script)" ] || return 1
	[ "$(ctk_settings_hash)" = "$(cat "$CTK_BAKED_HASH")" ]
}

# prints the first script in /docker-entrypoint-initdb.d that is not the image's own (the baked directory
# cannot have run it), nothing when there is none
ctk_foreign_init_script() {
	local f
	for f in /docker-entrypoint-initdb.d/*; do
		[ -e "$f" ] || continue
		if [ "$f" != /docker-entrypoint-initdb.d/001-create-citus-extension.sh ]; then
			printf '%s' "$f"
			return 0
		fi
	done
}

# true when PGDATA is the baked directory itself (used in place, in the container's writable layer)
ctk_pgdata_is_baked() {
	[ "$PGDATA" -ef "$CTK_BAKED" ]
}

# PGDATA=$CTK_BAKED: the settings must be the baked ones, there is no initdb to apply others
ctk_require_baked_settings() {
	local f
	f="$(ctk_foreign_init_script)"
	[ -z "$f" ] \
		|| ctk_die "PGDATA is $CTK_BAKED (the data directory initialised at build time) but $f would not run; allowed with that PGDATA: no scripts in /docker-entrypoint-initdb.d (or another PGDATA)"
	[ "$(ctk_settings_hash)" = "$(cat "$CTK_BAKED_HASH")" ] \
		|| ctk_die "PGDATA is $CTK_BAKED (the data directory initialised at build time) but the POSTGRES_* settings differ from the baked ones; allowed with that PGDATA: POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB test, POSTGRES_INITDB_ARGS, POSTGRES_INITDB_WALDIR and POSTGRES_HOST_AUTH_METHOD unset (or another PGDATA)"
}

# escape a .pgpass field
ctk_pgpass_field() {
	local v="${1//\\/\\\\}"
	printf '%s' "${v//:/\\:}"
}

# writes PGDATA/citus-testkit.conf from CITUS_* (every start), makes postgresql.conf include it (last,
# so it wins over the base image's shared_preload_libraries line), and the node-to-node password file
ctk_configure() {
	local conf="$PGDATA/$CTK_CONF_NAME"
	{
		printf '# written at every start by citus-testkit from the CITUS_* variables; edits are overwritten\n'
		printf "citus_testkit.role = '%s'\n" "$CITUS_ROLE"
		printf "citus_testkit.profile = '%s'\n" "$CITUS_PROFILE"
		if [ "$CITUS_ENABLE" = true ]; then
			printf "shared_preload_libraries = 'citus'\n"
			# no usage reports from test containers
			printf 'citus.enable_statistics_collection = off\n'
			if [ -n "$CITUS_SHARD_COUNT" ]; then
				printf 'citus.shard_count = %s\n' "$CITUS_SHARD_COUNT"
			fi
		else
			printf "shared_preload_libraries = ''\n"
		fi
		if [ "$CITUS_PROFILE" = test ]; then
			printf '# profile test: nothing needs to survive a power cut; small memory\n'
			printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n'
			printf 'shared_buffers = 32MB\nwal_buffers = 1MB\nmaintenance_work_mem = 16MB\n'
			printf 'jit = off\ncheckpoint_timeout = 30min\nmax_wal_size = 256MB\n'
		fi
	} > "$conf.tmp"
	mv -f "$conf.tmp" "$conf"
	if ! grep -q "^include_if_exists = '$CTK_CONF_NAME'" "$PGDATA/postgresql.conf"; then
		printf "\n# citus-testkit: role and profile settings (generated at every start)\ninclude_if_exists = '%s'\n" \
			"$CTK_CONF_NAME" >> "$PGDATA/postgresql.conf"
	fi
	# nodes of one cluster share POSTGRES_USER/POSTGRES_PASSWORD: the server uses them for node-to-node
	# connections (citus_add_node, metadata sync, distributed queries)
	rm -f "$CTK_PGPASS"
	if [ -n "${POSTGRES_PASSWORD:-}" ]; then
		(umask 077; printf '*:*:*:%s:%s\n' "$(ctk_pgpass_field "$POSTGRES_USER")" \
			"$(ctk_pgpass_field "$POSTGRES_PASSWORD")" > "$CTK_PGPASS")
	fi
}

# Citus tells nodes apart by pg_dist_node_metadata's server_id (citus_add_node refuses a node whose id equals
# its own). The baked directory records its id as citus_testkit_baked_server_id; a node whose id is still that
# one gets a new one. Idempotent and safe to run from several sessions at once (the citus-testkit library runs the
# same statement, ClusterSql.NEW_SERVER_ID, before it registers a node).
CTK_NEW_SERVER_ID_SQL="UPDATE pg_dist_node_metadata
   SET metadata = jsonb_set(metadata, '{server_id}', to_jsonb(gen_random_uuid()::text))
 WHERE metadata ->> 'server_id' = metadata ->> 'citus_testkit_baked_server_id';"

# A copy of the baked directory gets its own server id in single-user mode, before the server starts.
ctk_new_server_id() {
	local out
	if ! out="$(postgres --single -D "$PGDATA" -j -c shared_preload_libraries= -c fsync=off -c shared_buffers=1MB \
		-c max_connections=5 -c max_worker_processes=0 -c autovacuum=off -c log_min_messages=warning \
		"$POSTGRES_DB" 2>&1 <<< "$CTK_NEW_SERVER_ID_SQL")"; then
		printf '%s\n' "$out" >&2
		ctk_die "could not give the copied data directory its own Citus server id"
	fi
}

# psql on this node over the Unix socket
ctk_local_psql() {
	PGPASSWORD="${POSTGRES_PASSWORD:-}" psql -X -q -v ON_ERROR_STOP=1 -h "$CTK_RUN_DIR" -p "${PGPORT:-5432}" \
		-U "$POSTGRES_USER" -d "$POSTGRES_DB" "$@"
}
