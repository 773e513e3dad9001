# citus-testkit: replaces the base image's 001-create-citus-extension.sql. Sourced by the official
# entrypoint's first-start path (and at build time for the baked data directory): creates the extension in
# POSTGRES_DB unless CITUS_ENABLE=false, and marks the node as running in Docker like the base image does.
# shellcheck shell=bash
if [ "${CITUS_ENABLE:-true}" = true ]; then
	docker_process_sql <<-'EOSQL'
		BEGIN;
		CREATE EXTENSION IF NOT EXISTS citus;
		UPDATE pg_dist_node_metadata SET metadata = jsonb_set(metadata, '{docker}', 'true');
		COMMIT;
	EOSQL
fi
