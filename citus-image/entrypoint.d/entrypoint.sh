#!/usr/bin/env bash
# citus-testkit entrypoint. Wraps the official postgres entrypoint: its functions are sourced (the script
# runs its own main only when executed), the steps in init/NN-name.sh run in order at every start of the
# server, then the server is exec'ed as postgres. Anything but a `postgres` command runs unchanged.
set -Eeo pipefail

# shellcheck source=/dev/null
source /usr/local/bin/docker-entrypoint.sh
# shellcheck source=lib.sh
source /usr/local/lib/citus-testkit/lib.sh

ctk_main() {
	if [ "${1:0:1}" = '-' ]; then
		set -- postgres "$@"
	fi
	if [ "$1" != 'postgres' ] || _pg_want_help "$@"; then
		exec "$@"
	fi

	# a bad CITUS_* value stops the container before anything else happens
	ctk_validate
	docker_setup_env
	docker_create_db_directories
	if [ "$(id -u)" = '0' ]; then
		exec gosu postgres "${BASH_SOURCE[0]}" "$@"
	fi

	local step
	for step in "$CTK_HOME"/init/*.sh; do
		# shellcheck source=/dev/null
		. "$step"
	done
	exec "$@"
}

ctk_main "$@"
