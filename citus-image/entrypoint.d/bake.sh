#!/usr/bin/env bash
# Build time, as postgres: initialise the data directory a first start copies into PGDATA (or uses in place) when
# the settings that need initdb match these; other credentials are applied at start (ctk_adapt_credentials). The
# credentials here are the library's documented defaults. Same functions as a first start at run time.
set -Eeo pipefail

# shellcheck source=/dev/null
source /usr/local/bin/docker-entrypoint.sh
# shellcheck source=lib.sh
source /usr/local/lib/citus-testkit/lib.sh

export POSTGRES_USER="$CTK_BAKED_USER" POSTGRES_PASSWORD="$CTK_BAKED_PASSWORD" POSTGRES_DB="$CTK_BAKED_DB"
export CITUS_ENABLE=true CITUS_ROLE=standalone CITUS_PROFILE=test
unset POSTGRES_INITDB_ARGS POSTGRES_INITDB_WALDIR POSTGRES_HOST_AUTH_METHOD
ctk_defaults
export PGDATA="$CTK_BAKED"
mkdir -p "$PGDATA"
chmod 0700 "$PGDATA"
docker_setup_env
# 1 MB WAL segments: the directory (and the image layer) is 15 MB smaller
docker_init_database_dir --wal-segsize=1 > /dev/null
pg_setup_hba_conf postgres
ctk_configure
export PGPASSWORD="$POSTGRES_PASSWORD"
# no recycled WAL segments left behind in the image
docker_temp_server_start postgres -c wal_recycle=off -c min_wal_size=2MB > /dev/null
docker_setup_db > /dev/null
# shellcheck source=initdb.d/001-create-citus-extension.sh
. /docker-entrypoint-initdb.d/001-create-citus-extension.sh
# the id every node started from this directory has until it gets its own (ctk_new_server_id, after-start.sh)
docker_process_sql -c "UPDATE pg_dist_node_metadata
   SET metadata = metadata || jsonb_build_object('citus_testkit_baked_server_id', metadata ->> 'server_id')" > /dev/null
docker_process_sql -c 'CHECKPOINT' > /dev/null
docker_temp_server_stop > /dev/null
rm -f "$PGDATA/$CTK_CONF_NAME" "$PGDATA/postmaster.opts" "$CTK_PGPASS"
# what initdb depended on, without the credentials (compared apart, ctk_baked_credentials)
ctk_settings_hash > "$CTK_BAKED_HASH"
ctk_log "baked data directory: $(du -sh "$PGDATA" | cut -f1)"
