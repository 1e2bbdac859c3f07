#!/usr/bin/env bash
# Runs a private Redis server (Debian's redis-server) on loopback for the feature store's online store, with its own data folder.
# Usage: MLOPS_REDIS_PASSWORD=... redis.sh DATA_DIR PORT   (clients authenticate with the password; the default user only)
# Append-only persistence keeps the online store across restarts; memory is not capped here (maxmemory is the operator's:
# an evicted key would read as a missing entity, so set a noeviction policy if you cap it).
set -euo pipefail
. "$(dirname "$0")/ports.sh"
data_dir=$1 port=$2
password=${MLOPS_REDIS_PASSWORD:?MLOPS_REDIS_PASSWORD must be set}
[ -x /usr/bin/redis-server ] || { echo "redis-server not found: run scripts/setup.sh (apt-get install redis-server)" >&2; exit 1; }

mkdir -p "$data_dir"
chmod 700 "$data_dir"
# A server orphaned by a killed AppHost would hold the port: stop it first.
if [ -f "$data_dir/redis.pid" ] && kill -0 "$(cat "$data_dir/redis.pid")" 2>/dev/null; then
  kill "$(cat "$data_dir/redis.pid")" || true
  for _ in $(seq 1 50); do kill -0 "$(cat "$data_dir/redis.pid")" 2>/dev/null || break; sleep 0.2; done
fi
report_port_holders "$port"
umask 077
cat > "$data_dir/redis.conf" <<CONF
bind 127.0.0.1
port $port
protected-mode yes
daemonize no
dir $data_dir
pidfile $data_dir/redis.pid
logfile ""
requirepass $password
appendonly yes
appendfsync everysec
save ""
maxmemory-policy noeviction
lazyfree-lazy-server-del yes
CONF
exec /usr/bin/redis-server "$data_dir/redis.conf"
