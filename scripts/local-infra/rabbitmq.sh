#!/usr/bin/env bash
# Runs a private RabbitMQ node on loopback for the platform, with its own data folder, user and ports.
# Usage: MLOPS_RABBITMQ_PASSWORD=... [MLOPS_RABBITMQ_DEFINITIONS_FILE=FILE] rabbitmq.sh DATA_DIR AMQP_PORT DIST_PORT USER
# FILE: users, virtual hosts and permissions (RabbitMQ's definitions format, password hashes only), imported on every boot
# before the listener opens, so the services' own users exist, with their current passwords, before anyone connects.
# Importing skips the default user: FILE must declare USER too.
set -euo pipefail
. "$(dirname "$0")/traverse.sh"
. "$(dirname "$0")/ports.sh"
data_dir=$1 port=$2 dist_port=$3 user=$4
password=${MLOPS_RABBITMQ_PASSWORD:?MLOPS_RABBITMQ_PASSWORD must be set}
rabbit_bin=/usr/lib/rabbitmq/bin/rabbitmq-server
[ -x "$rabbit_bin" ] || { echo "RabbitMQ server not found: run scripts/setup.sh (apt-get install rabbitmq-server)" >&2; exit 1; }

mkdir -p "$data_dir/mnesia" "$data_dir/log"
ensure_traversable "$data_dir" rabbitmq
# A node orphaned by a killed AppHost would hold the ports: stop it first.
if [ -f "$data_dir/rabbitmq.pid" ] && kill -0 "$(cat "$data_dir/rabbitmq.pid")" 2>/dev/null; then
  kill "$(cat "$data_dir/rabbitmq.pid")" || true
  for _ in $(seq 1 50); do kill -0 "$(cat "$data_dir/rabbitmq.pid")" 2>/dev/null || break; sleep 0.2; done
fi
report_port_holders "$port" "$dist_port"
umask 077
cat > "$data_dir/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$port
default_user = $user
default_pass = $password
loopback_users = none
CONF
if [ -n "${MLOPS_RABBITMQ_DEFINITIONS_FILE:-}" ]; then
  cp "$MLOPS_RABBITMQ_DEFINITIONS_FILE" "$data_dir/definitions.json"
  echo "load_definitions = $data_dir/definitions.json" >> "$data_dir/rabbitmq.conf"
else
  rm -f "$data_dir/definitions.json"
fi
echo '[].' > "$data_dir/enabled_plugins"
[ -f "$data_dir/.erlang.cookie" ] || { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$data_dir/.erlang.cookie"; }
chmod 400 "$data_dir/.erlang.cookie"

export HOME="$data_dir"
export RABBITMQ_NODENAME="mlops-$port@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$port
export RABBITMQ_DIST_PORT=$dist_port
export RABBITMQ_CONFIG_FILE="$data_dir/rabbitmq.conf"
export RABBITMQ_MNESIA_BASE="$data_dir/mnesia"
export RABBITMQ_LOG_BASE="$data_dir/log"
export RABBITMQ_LOGS=-
export RABBITMQ_ENABLED_PLUGINS_FILE="$data_dir/enabled_plugins"
export RABBITMQ_PID_FILE="$data_dir/rabbitmq.pid"
export ERL_CRASH_DUMP="$data_dir/log/erl_crash.dump"
export ERL_EPMD_ADDRESS=127.0.0.1
if [ "$(id -u)" = 0 ]; then
  chown -R rabbitmq:rabbitmq "$data_dir"
  exec runuser -u rabbitmq -m -- "$rabbit_bin"
fi
exec "$rabbit_bin"
