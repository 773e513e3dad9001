#!/usr/bin/env python3
"""Renders patroni.yml for one Patroni node of a Citus group from the environment.

Patroni also reads PATRONI_* variables itself (they win over the file), so anything not covered
here can still be set the Patroni way. Prints the YAML on stdout; one line on stderr and exit
status 64 for an invalid value (naming the variable). Secrets are never printed on stderr.
"""
import os
import socket
import sys

import yaml


def fail(message):
    print('citus-ha: ' + message, file=sys.stderr)
    sys.exit(64)


def env(name, default=None):
    value = os.environ.get(name)
    return default if value is None or value == '' else value


def whole(name, default, minimum):
    value = env(name, str(default))
    if not value.isdigit() or int(value) < minimum:
        fail('%s was %r; allowed: a whole number of %d or more' % (name, value, minimum))
    return int(value)


def hosts(name, default):
    value = env(name, default)
    items = [h.strip().strip('\'"') for h in value.split(',')]
    items = [h for h in items if h]
    if not items:
        fail('%s was %r; allowed: host:port[,host:port...]' % (name, value))
    return items


name = env('PATRONI_NAME', socket.gethostname())
group = whole('PATRONI_CITUS_GROUP', '', 0)
database = env('PATRONI_CITUS_DATABASE', env('POSTGRES_DB', 'citus'))
superuser = env('PATRONI_SUPERUSER_USERNAME', env('POSTGRES_USER', 'postgres'))
superuser_password = env('PATRONI_SUPERUSER_PASSWORD', env('POSTGRES_PASSWORD'))
if superuser_password is None:
    fail('PATRONI_SUPERUSER_PASSWORD (or POSTGRES_PASSWORD) is not set; allowed: a non-empty password '
         '(Patroni puts it in pg_dist_authinfo for node-to-node connections)')
replicator = env('PATRONI_REPLICATION_USERNAME', 'replicator')
replicator_password = env('PATRONI_REPLICATION_PASSWORD', superuser_password)
profile = env('CITUS_PROFILE', 'test')
ttl = whole('PATRONI_TTL', 20, 20)
loop_wait = whole('PATRONI_LOOP_WAIT', 1, 1)
retry_timeout = whole('PATRONI_RETRY_TIMEOUT', 5, 3)
if loop_wait + 2 * retry_timeout > ttl:
    fail('PATRONI_LOOP_WAIT + 2 * PATRONI_RETRY_TIMEOUT was %d, more than PATRONI_TTL %d; allowed: at most PATRONI_TTL'
         % (loop_wait + 2 * retry_timeout, ttl))


def patroni_major():
    """The major version of the Patroni installed here, as Patroni itself reports it (patroni --version)."""
    try:
        from patroni.version import __version__
    except ImportError:
        fail('Patroni is not installed (no Python module patroni); the image installs Debian\'s patroni package')
    major = __version__.split('.')[0]
    return int(major) if major.isdigit() else 0


# Patroni 4 has quorum-based synchronous replication (a commit waits for a quorum of the standbys, every standby is a
# failover candidate). Patroni 3.0 (Debian bookworm) knows only on/off and reads "quorum" as off (not a boolean):
# commits would not wait for any standby. There it is "on", with every standby of the group synchronous
# (synchronous_node_count = CITUS_HA_REPLICAS, the standbys per group): Patroni 3.0 fails and switches over only to
# a synchronous standby, and a commit is on all of them.
synchronous_mode = 'quorum' if patroni_major() >= 4 else True
replicas = whole('CITUS_HA_REPLICAS', 1, 0)

pg_major = env('PG_MAJOR')
if pg_major is None:
    fail('PG_MAJOR is not set; the base image must be an official citusdata/citus (PostgreSQL) image')

parameters = {
    'max_connections': 100,
    'max_wal_senders': 10,
    'max_replication_slots': 10,
    'wal_level': 'logical',          # shard moves use logical replication
    'wal_log_hints': 'on',           # pg_rewind after a switchover or failover
    'hot_standby': 'on',
    'password_encryption': 'scram-sha-256',
}
if profile == 'test':
    # A test cluster need not survive a power cut; commits still wait for the quorum standby,
    # so what a test wrote before a failover is on the new primary.
    parameters.update({'fsync': 'off', 'shared_buffers': '128MB', 'checkpoint_timeout': '30min'})
if env('CITUS_SHARD_COUNT'):
    parameters['citus.shard_count'] = whole('CITUS_SHARD_COUNT', 1, 1)

dcs = {
    'ttl': ttl,
    'loop_wait': loop_wait,
    'retry_timeout': retry_timeout,
    'maximum_lag_on_failover': 1048576,
    'synchronous_mode': synchronous_mode,
}
if synchronous_mode is True:
    dcs['synchronous_node_count'] = max(1, replicas)
dcs['postgresql'] = {
    'use_pg_rewind': True,
    'remove_data_directory_on_rewind_failure': True,
    'remove_data_directory_on_diverged_timelines': True,
    'use_slots': True,
    'parameters': parameters,
}

config = {
    'scope': env('PATRONI_SCOPE', 'citus'),
    'namespace': env('PATRONI_NAMESPACE', '/service'),
    'name': name,
    'restapi': {
        'listen': '0.0.0.0:8008',
        'connect_address': env('PATRONI_RESTAPI_CONNECT_ADDRESS', name + ':8008'),
    },
    'etcd3': {'hosts': hosts('PATRONI_ETCD3_HOSTS', 'etcd:2379')},
    'citus': {'group': group, 'database': database},
    'bootstrap': {
        'dcs': dcs,
        'initdb': [{'encoding': 'UTF8'}, {'locale': 'C.UTF-8'}],  # Patroni refuses --nosync
    },
    'postgresql': {
        'listen': '0.0.0.0:5432',
        'connect_address': env('PATRONI_POSTGRESQL_CONNECT_ADDRESS', name + ':5432'),
        'data_dir': env('PATRONI_DATA_DIR', '/var/lib/postgresql/patroni/data'),
        'bin_dir': '/usr/lib/postgresql/%s/bin' % pg_major,
        'pgpass': '/tmp/pgpass',
        'use_unix_socket': True,
        'authentication': {
            'superuser': {'username': superuser, 'password': superuser_password},
            'replication': {'username': replicator, 'password': replicator_password},
        },
        'basebackup': [{'checkpoint': 'fast'}],
        'pg_hba': [
            'local all all trust',
            'host all all 127.0.0.1/32 trust',
            'host replication %s 0.0.0.0/0 scram-sha-256' % replicator,
            'host replication %s ::/0 scram-sha-256' % replicator,
            'host all all 0.0.0.0/0 scram-sha-256',
            'host all all ::/0 scram-sha-256',
        ],
        'parameters': {'unix_socket_directories': '/var/run/postgresql'},
    },
    'tags': {'nofailover': False, 'noloadbalance': False, 'clonefrom': False, 'nosync': False},
}

yaml.safe_dump(config, sys.stdout, default_flow_style=False, sort_keys=False)
