# shellcheck shell=bash
# Step 30: postgresql settings by role and profile (PGDATA/citus-testkit.conf, rewritten at every start) and
# the node-to-node password file. The server reads it through PGPASSFILE.
ctk_configure
export PGPASSFILE="$CTK_PGPASS"
rm -f "$CTK_REGISTERED"
