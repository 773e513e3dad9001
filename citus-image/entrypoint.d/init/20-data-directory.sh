# shellcheck shell=bash
# Step 20: a first start fills PGDATA. When the POSTGRES_* settings equal the baked ones (compared by hash)
# and no user init scripts wait in /docker-entrypoint-initdb.d, the data directory made at build time is
# copied in (no initdb, extension already there) and given its own Citus server id (single-user mode: nothing
# listens). Otherwise the official first-start path runs: initdb with
# the given credentials, a server on the Unix socket only, the init scripts; TCP opens only afterwards.
# PGDATA set to the baked directory itself: it is used in place (nothing copied; the container's layer copies a
# file only when the server writes it). It gets its own server id as soon as the server runs (after-start.sh;
# not in single-user mode first: that would delay every start), and is healthy only then.
if ctk_pgdata_is_baked; then
	if [ ! -e "$PGDATA/$CTK_IN_PLACE_MARK" ]; then
		ctk_require_baked_settings
		: > "$PGDATA/$CTK_IN_PLACE_MARK"
		ctk_log "data directory initialised at build time used in place (fast start)"
	fi
elif [ -z "$DATABASE_ALREADY_EXISTS" ]; then
	if ctk_can_use_baked; then
		cp -a "$CTK_BAKED/." "$PGDATA/"
		ctk_new_server_id
		ctk_log "data directory copied from the one initialised at build time (fast start)"
	else
		docker_verify_minimum_env
		if declare -F docker_error_old_databases > /dev/null; then
			docker_error_old_databases
		fi
		ls /docker-entrypoint-initdb.d/ > /dev/null
		docker_init_database_dir
		pg_setup_hba_conf "$@"
		# role/profile settings (shared_preload_libraries) before the temporary server starts
		ctk_configure
		export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
		docker_temp_server_start "$@"
		docker_setup_db
		docker_process_init_files /docker-entrypoint-initdb.d/*
		docker_temp_server_stop
		unset PGPASSWORD
		ctk_log "first start: data directory initialised (initdb)"
	fi
fi
