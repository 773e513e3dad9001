# shellcheck shell=bash
# Step 20: a first start fills PGDATA. When the settings that need initdb (POSTGRES_INITDB_ARGS but --no-sync,
# POSTGRES_INITDB_WALDIR, locale, time zone, CITUS_ENABLE, the server's uid; compared by hash, ctk_settings_hash)
# equal the baked ones and no user init scripts wait in /docker-entrypoint-initdb.d, the data directory made at
# build time is copied in (no initdb, extension already there). With the baked credentials it gets its own Citus
# server id (single-user mode: nothing listens). With others, the copy gets them instead (ctk_adapt_credentials,
# one single-user session) and its own server id once the server runs (after-start.sh), as in place below.
# Otherwise the official first-start path runs: initdb with the given credentials, a server on the Unix socket
# only, the init scripts; TCP opens only afterwards.
# PGDATA set to the baked directory itself: it is used in place (nothing copied; the container's layer copies a
# file only when the server writes it), given other credentials first when they differ. It gets its own server id
# as soon as the server runs (after-start.sh; not in single-user mode first: that would delay every start), and is
# healthy only then. The mark file makes later starts of the same container (docker stop/start) leave it alone.
if ctk_pgdata_is_baked; then
	if [ ! -e "$PGDATA/$CTK_IN_PLACE_MARK" ]; then
		ctk_require_baked_settings
		if ctk_baked_credentials; then
			ctk_log "data directory initialised at build time used in place (fast start)"
		else
			docker_verify_minimum_env
			ctk_adapt_credentials \
				|| ctk_die "PGDATA is $CTK_BAKED (the data directory initialised at build time) but POSTGRES_USER, POSTGRES_PASSWORD or POSTGRES_DB could not be applied to it (see above); allowed with that PGDATA: what initdb accepts for them (or another PGDATA)"
			ctk_log "data directory initialised at build time used in place, with your POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB (fast start)"
		fi
		: > "$PGDATA/$CTK_IN_PLACE_MARK"
	fi
elif [ -z "$DATABASE_ALREADY_EXISTS" ]; then
	ctk_fast=
	if ctk_can_use_baked; then
		if ctk_baked_credentials; then
			cp -a "$CTK_BAKED/." "$PGDATA/"
			ctk_new_server_id
			ctk_fast="data directory copied from the one initialised at build time (fast start)"
		elif ctk_why="$(ctk_credentials_not_adaptable)" && [ -n "$ctk_why" ]; then
			ctk_log "$ctk_why: initdb runs"
		else
			docker_verify_minimum_env
			cp -a "$CTK_BAKED/." "$PGDATA/"
			if ctk_adapt_credentials; then
				ctk_fast="data directory copied from the one initialised at build time, with your POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB (fast start)"
			else
				# the official path below gives what it gives for these credentials (initdb's own message)
				find "$PGDATA" -mindepth 1 -delete
				ctk_log "could not apply POSTGRES_USER, POSTGRES_PASSWORD or POSTGRES_DB to the copied data directory (see above): initdb runs"
			fi
		fi
	fi
	if [ -n "$ctk_fast" ]; then
		ctk_log "$ctk_fast"
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
	unset ctk_fast ctk_why
fi
