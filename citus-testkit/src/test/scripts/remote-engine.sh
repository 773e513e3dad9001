#!/usr/bin/env bash
# A second Docker engine, "remote" to the test JVM: dockerd in a network namespace of its own, reached over a veth
# pair on a 10.x /24 at tcp://10.<a>.<b>.2:2375, for RemoteEngineIT. Traffic stays on this machine.
#   remote-engine.sh up   NAME 10.a.b IMAGE   make the namespace, start dockerd there, load IMAGE into it
#   remote-engine.sh down NAME                stop that dockerd (by its pid file), remove the namespace and its data
# NAME: at most 11 characters (the veth ends are NAME-h and NAME-n). Needs root, ip, nsenter, dockerd, docker.
set -euo pipefail

cmd=${1:?up or down}
name=${2:?name}
dir=/var/lib/citustestkit-remote/$name   # data root on the host's disk (overlay2 needs a real file system)

down() {
  if [[ -f $dir/dockerd.pid ]]; then
    pid=$(cat "$dir/dockerd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  ip netns del "$name" 2>/dev/null || true
  ip link del "$name-h" 2>/dev/null || true
  if [[ -d $dir ]]; then
    grep -o " $dir[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "$dir"
  fi
}

case $cmd in
up)
  net=${3:?10.a.b}
  image=${4:?image}
  down
  mkdir -p "$dir"
  ip netns add "$name"
  ip link add "$name-h" type veth peer name "$name-n"
  ip link set "$name-n" netns "$name"
  ip addr add "$net.1/24" dev "$name-h"
  ip link set "$name-h" up
  # no default route: the namespace reaches this machine's end of the pair and nothing else
  nsenter --net="/var/run/netns/$name" sh -c "ip link set lo up && ip addr add $net.2/24 dev $name-n \
    && ip link set $name-n up"
  # nsenter --net, not ip netns exec: the latter remounts /sys and hides the cgroup mounts dockerd needs
  nsenter --net="/var/run/netns/$name" dockerd --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$dir/dockerd.pid" -H "tcp://$net.2:2375" --tls=false --bip 172.31.250.1/24 \
    --default-address-pool base=172.30.0.0/16,size=24 >"$dir/dockerd.log" 2>&1 &
  export DOCKER_HOST=tcp://$net.2:2375
  for _ in $(seq 1 150); do docker version >/dev/null 2>&1 && break; sleep 0.2; done
  if ! docker version >/dev/null 2>&1; then
    echo "dockerd in $name did not come up; its log:" >&2
    tail -n 20 "$dir/dockerd.log" >&2
    exit 1
  fi
  DOCKER_HOST= docker save "$image" | docker load >/dev/null
  echo "UP $DOCKER_HOST"
  ;;
down)
  down
  echo "DOWN"
  ;;
*)
  echo "usage: $0 up NAME 10.a.b IMAGE | down NAME" >&2
  exit 2
  ;;
esac
