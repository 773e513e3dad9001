#!/bin/bash
# Healthy: an etcd member answers its health endpoint; a Patroni node answers /health (PostgreSQL running).
set -eu
if [ -f /etc/patroni/patroni.yml ]; then
  exec python3 -c 'import sys,urllib.request; sys.exit(0 if urllib.request.urlopen("http://127.0.0.1:8008/health", timeout=2).status == 200 else 1)'
fi
exec etcdctl --endpoints=http://127.0.0.1:2379 endpoint health --command-timeout=2s
