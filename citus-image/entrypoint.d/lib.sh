# Shared functions of the citus-testkit image. Sourced (never executed) by entrypoint.sh, bake.sh and the
# runtime scripts, after /usr/local/bin/docker-entrypoint.sh (the official image's functions).
# shellcheck shell=bash disable=SC2034

CTK_HOME=/usr/local/lib/citus-testkit
# the data directory initialised at build time; outside every VOLUME the base images declare
CTK_BAKED=/opt/citus-testkit/pgdata
# sha256 of the settings but the credentials the baked directory was made with (ctk_settings_hash)
CTK_BAKED_HASH=/opt/citus-testkit/pgdata.settings.sha256
# in the baked directory used in place (PGDATA=$CTK_BAKED): this container checked (and applied) its settings
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

# the credentials the baked directory was made with (bake.sh): the documented defaults, not secrets. Other
# credentials are applied to a copy (or the in-place use) of the directory at its first start: ctk_adapt_credentials
CTK_BAKED_USER="test"
CTK_BAKED_PASSWORD="test"
CTK_BAKED_DB="test"
CTK_BAKED_AUTH=scram-sha-256

# POSTGRES_INITDB_ARGS without the options that leave no trace in the data directory (--no-sync/-N only decides
# whether initdb flushes its files), so that a value of only those still takes the fast path
ctk_initdb_args_that_matter() {
	local arg kept=()
	# word splitting as the official entrypoint's `initdb $POSTGRES_INITDB_ARGS` does
	# shellcheck disable=SC2086
	for arg in ${POSTGRES_INITDB_ARGS:-}; do
		case "$arg" in --no-sync|-N) ;; *) kept+=("$arg") ;; esac
	done
	printf '%s\n' "${kept[@]}"
}

# sha256 of everything but the credentials that decides what initdb puts into PGDATA: options, the WAL directory,
# the locale and time zone initdb takes from the environment, Citus or not, the server's uid. The credentials
# (POSTGRES_USER/PASSWORD/DB, POSTGRES_HOST_AUTH_METHOD) are compared apart; the image stores no hash of them.
ctk_settings_hash() {
	printf '%s\0' v2 \
		"$(ctk_initdb_args_that_matter)" "${POSTGRES_INITDB_WALDIR:-}" "$(locale 2> /dev/null)" "${TZ:-}" \
		"$CITUS_ENABLE" "$(id -u)" \
		| sha256sum | cut -d' ' -f1
}

# true when the credentials are the baked ones: the directory is usable as it is
ctk_baked_credentials() {
	[ "$POSTGRES_USER" = "$CTK_BAKED_USER" ] && [ "$POSTGRES_PASSWORD" = "$CTK_BAKED_PASSWORD" ] \
		&& [ "$POSTGRES_DB" = "$CTK_BAKED_DB" ] \
		&& { [ -z "$POSTGRES_HOST_AUTH_METHOD" ] || [ "$POSTGRES_HOST_AUTH_METHOD" = "$CTK_BAKED_AUTH" ]; }
}

# prints why the credentials cannot be applied to the baked directory, nothing when they can. What initdb would
# refuse (a user pg_*) or treat differently (names over 63 bytes are cut; a template database as POSTGRES_DB) goes
# the official way, and so do line breaks in names (they could end a statement of the single-user session).
ctk_credentials_not_adaptable() {
	local user_bytes db_bytes
	user_bytes="$(LC_ALL=C; printf '%s' "${#POSTGRES_USER}")"
	db_bytes="$(LC_ALL=C; printf '%s' "${#POSTGRES_DB}")"
	case "$POSTGRES_USER" in pg_*) printf 'POSTGRES_USER starts with pg_'; return 0 ;; esac
	case "$POSTGRES_DB" in template0|template1) printf 'POSTGRES_DB is a template database'; return 0 ;; esac
	if [ "$user_bytes" -gt 63 ] || [ "$db_bytes" -gt 63 ]; then
		printf 'POSTGRES_USER or POSTGRES_DB is longer than 63 bytes'
	elif [[ "$POSTGRES_USER$POSTGRES_DB" == *[$'\n\r']* ]]; then
		printf 'POSTGRES_USER or POSTGRES_DB contains a line break'
	elif [ -n "$POSTGRES_HOST_AUTH_METHOD" ] && ! [[ "$POSTGRES_HOST_AUTH_METHOD" =~ ^[a-z0-9-]+$ ]]; then
		printf 'POSTGRES_HOST_AUTH_METHOD is not a plain method name'
	fi
}

# true when a first start may copy the baked data directory instead of running initdb (its credentials may differ)
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

# PGDATA=$CTK_BAKED: the settings must be the baked ones but for the credentials, there is no initdb to apply others
ctk_require_baked_settings() {
	local f why
	f="$(ctk_foreign_init_script)"
	[ -z "$f" ] \
		|| ctk_die "PGDATA is $CTK_BAKED (the data directory initialised at build time) but $f would not run; allowed with that PGDATA: no scripts in /docker-entrypoint-initdb.d (or another PGDATA)"
	[ "$(ctk_settings_hash)" = "$(cat "$CTK_BAKED_HASH")" ] \
		|| ctk_die "PGDATA is $CTK_BAKED (the data directory initialised at build time) but settings that need initdb differ from the baked ones; allowed with that PGDATA: POSTGRES_INITDB_ARGS unset or only --no-sync, POSTGRES_INITDB_WALDIR unset, the image's locale and time zone (LANG, LC_*, TZ as in the image), CITUS_ENABLE=true, the image's postgres user (or another PGDATA)"
	why="$(ctk_credentials_not_adaptable)"
	[ -z "$why" ] \
		|| ctk_die "PGDATA is $CTK_BAKED (the data directory initialised at build time) but $why; allowed with that PGDATA: user and database names of at most 63 bytes without line breaks, a user not starting with pg_, a database other than template0/template1, a plain POSTGRES_HOST_AUTH_METHOD (or another PGDATA)"
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

# SQL quoting for the single-user session: an identifier in double quotes; a literal as E'...' with backslash
# escapes, so that a line break in a password never reaches the session's input as one (-j ends a statement at
# a semicolon and an empty line)
ctk_sql_ident() {
	local dq='"'
	printf '"%s"' "${1//"$dq"/"$dq$dq"}"
}

# (replacements quoted: bash 5.2 would read a bare & in them as the match)
ctk_sql_literal() {
	local bs="\\" sq="'" v="$1"
	v="${v//"$bs"/"$bs$bs"}"
	v="${v//"$sq"/"$sq$sq"}"
	v="${v//$'\n'/"${bs}n"}"
	v="${v//$'\r'/"${bs}r"}"
	printf "E'%s'" "$v"
}

# POSTGRES_HOST_AUTH_METHOD in the baked pg_hba.conf: its last line is the one pg_setup_hba_conf wrote at build
# time (host all all all scram-sha-256); it gets the given method, and the official image's comment for trust.
# Nothing to do when it is set already (an in-place start that stopped before it was marked).
ctk_set_host_auth() {
	local hba="$PGDATA/pg_hba.conf" line="host all all all $POSTGRES_HOST_AUTH_METHOD" last
	last="$(tail -n 1 "$hba")"
	[ "$last" != "$line" ] || return 0
	if [ "$last" != "host all all all $CTK_BAKED_AUTH" ]; then
		printf 'citus-testkit: the last line of pg_hba.conf is not the baked host line\n' >&2
		return 1
	fi
	sed -i '$d' "$hba"
	{
		if [ "$POSTGRES_HOST_AUTH_METHOD" = trust ]; then
			printf '# warning trust is enabled for all connections\n'
			printf '# see https://www.postgresql.org/docs/%s/auth-trust.html\n' "${PG_MAJOR:-current}"
		fi
		printf '%s\n' "$line"
	} >> "$hba"
}

# Applies POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB and POSTGRES_HOST_AUTH_METHOD to the baked directory in
# PGDATA (a copy, or the directory in place) before the server starts, so that nothing of the baked credentials
# stays usable: the superuser (oid 10, owner of everything) is renamed and gets the password (none with an empty
# POSTGRES_PASSWORD, as initdb leaves it), the database is renamed, pg_hba.conf gets the host method. One
# single-user session on template1 (nothing listens; the database to rename must not be the session's), one
# transaction: all or nothing. Only dropping the database postgres (POSTGRES_DB=postgres) cannot be in it.
# Single-user mode's session user is that superuser, and the session user cannot be renamed: a helper superuser is
# the session user meanwhile, and is dropped again in the same transaction.
# The password goes to the session through a pipe (never a file or an argument). A failure prints no statement
# (log_min_error_statement=panic), only the error lines, the password masked. Returns 1 on failure.
ctk_adapt_credentials() {
	local helper=ctk_adapt user sql out
	[ "$POSTGRES_USER" != "$helper" ] || helper=ctk_adapt_2
	user="$(ctk_sql_ident "$POSTGRES_USER")"
	if [ -n "$POSTGRES_HOST_AUTH_METHOD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != "$CTK_BAKED_AUTH" ]; then
		ctk_set_host_auth || return 1
	fi
	sql=''
	if [ "$POSTGRES_DB" = postgres ]; then
		sql="DROP DATABASE IF EXISTS postgres;"$'\n\n'
	fi
	sql+="BEGIN;"$'\n\n'"CREATE ROLE $helper SUPERUSER;"$'\n\n'"SET SESSION AUTHORIZATION $helper;"$'\n\n'
	if [ "$POSTGRES_USER" != "$CTK_BAKED_USER" ]; then
		sql+="ALTER ROLE $(ctk_sql_ident "$CTK_BAKED_USER") RENAME TO $user;"$'\n\n'
	fi
	if [ -n "$POSTGRES_PASSWORD" ]; then
		sql+="ALTER ROLE $user PASSWORD $(ctk_sql_literal "$POSTGRES_PASSWORD");"$'\n\n'
	else
		sql+="ALTER ROLE $user PASSWORD NULL;"$'\n\n'
	fi
	if [ "$POSTGRES_DB" != "$CTK_BAKED_DB" ]; then
		sql+="ALTER DATABASE $(ctk_sql_ident "$CTK_BAKED_DB") RENAME TO $(ctk_sql_ident "$POSTGRES_DB");"$'\n\n'
	fi
	sql+="SET SESSION AUTHORIZATION $user;"$'\n\n'"DROP ROLE $helper;"$'\n\n'"COMMIT;"$'\n\n'
	# postgres --single exits 0 after a failed statement: the error lines tell
	out="$(printf '%s' "$sql" | postgres --single -D "$PGDATA" -j -c shared_preload_libraries= -c fsync=off \
		-c shared_buffers=1MB -c max_connections=5 -c max_worker_processes=0 -c autovacuum=off \
		-c log_min_messages=warning -c log_min_error_statement=panic -c log_error_verbosity=terse template1 2>&1)" \
		&& ! grep -qE '(ERROR|FATAL|PANIC):' <<< "$out" && return 0
	if [ -n "$POSTGRES_PASSWORD" ]; then
		out="${out//"$POSTGRES_PASSWORD"/***}"
	fi
	# the first error is the cause (the rest: "current transaction is aborted"); without the session's prompts; bytes
	# an encoding error quotes could be part of the password
	grep -E '(ERROR|FATAL|PANIC):' <<< "$out" | grep -v 'current transaction is aborted' | head -n 3 \
		| sed -E 's/^(backend> )+//; s/0x[0-9a-f]{2}( 0x[0-9a-f]{2})*/0x../g' >&2 || true
	return 1
}

# psql on this node over the Unix socket
ctk_local_psql() {
	PGPASSWORD="${POSTGRES_PASSWORD:-}" psql -X -q -v ON_ERROR_STOP=1 -h "$CTK_RUN_DIR" -p "${PGPORT:-5432}" \
		-U "$POSTGRES_USER" -d "$POSTGRES_DB" "$@"
}
