#!/bin/bash
# One entrypoint, two roles: "etcd" runs an etcd member, "patroni" (default) a Patroni node.
# Invalid settings stop the container at once with one line naming the variable.
set -euo pipefail

fail() { echo "citus-ha: $*" >&2; exit 64; }

role="${1:-patroni}"
[ "$#" -gt 0 ] && shift

case "$role" in
  etcd)
    # etcd reads its ETCD_* variables itself; defaults make a one-member cluster named after the host.
    : "${ETCD_NAME:=$(hostname)}"
    : "${ETCD_DATA_DIR:=/var/lib/postgresql/etcd/data}"
    : "${ETCD_LISTEN_CLIENT_URLS:=http://0.0.0.0:2379}"
    : "${ETCD_ADVERTISE_CLIENT_URLS:=http://${ETCD_NAME}:2379}"
    : "${ETCD_LISTEN_PEER_URLS:=http://0.0.0.0:2380}"
    : "${ETCD_INITIAL_ADVERTISE_PEER_URLS:=http://${ETCD_NAME}:2380}"
    : "${ETCD_INITIAL_CLUSTER:=${ETCD_NAME}=${ETCD_INITIAL_ADVERTISE_PEER_URLS}}"
    : "${ETCD_INITIAL_CLUSTER_STATE:=new}"
    : "${ETCD_INITIAL_CLUSTER_TOKEN:=citus-ha}"
    # test profile: a test DCS need not survive a power cut
    if [ "${CITUS_PROFILE:-test}" = "test" ]; then
      : "${ETCD_UNSAFE_NO_FSYNC:=true}"
      export ETCD_UNSAFE_NO_FSYNC
    fi
    export ETCD_NAME ETCD_DATA_DIR ETCD_LISTEN_CLIENT_URLS ETCD_ADVERTISE_CLIENT_URLS ETCD_LISTEN_PEER_URLS \
           ETCD_INITIAL_ADVERTISE_PEER_URLS ETCD_INITIAL_CLUSTER ETCD_INITIAL_CLUSTER_STATE ETCD_INITIAL_CLUSTER_TOKEN
    exec etcd "$@"
    ;;
  patroni)
    case "${PATRONI_CITUS_GROUP:-}" in
      '') fail "PATRONI_CITUS_GROUP is not set; allowed: 0 (coordinator) or 1, 2, ... (worker groups)" ;;
      *[!0-9]*) fail "PATRONI_CITUS_GROUP was '${PATRONI_CITUS_GROUP}'; allowed: 0 (coordinator) or 1, 2, ... (worker groups)" ;;
    esac
    case "${CITUS_PROFILE:-test}" in
      test|default) ;;
      *) fail "CITUS_PROFILE was '${CITUS_PROFILE}'; allowed: test, default" ;;
    esac
    config="${PATRONI_CONFIG_FILE:-/etc/patroni/patroni.yml}"
    # the renderer names the variable on stderr itself
    python3 /usr/local/bin/render-patroni-config.py > "$config" || exit 64
    chmod 0600 "$config"
    exec patroni "$config" "$@"
    ;;
  *)
    # anything else runs as given (a shell, patronictl, ...)
    exec "$role" "$@"
    ;;
esac
