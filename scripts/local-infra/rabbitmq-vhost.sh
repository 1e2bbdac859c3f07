#!/usr/bin/env bash
# Creates a virtual host on the private RabbitMQ node started by rabbitmq.sh and grants USER all rights on it.
# Usage: rabbitmq-vhost.sh DATA_DIR AMQP_PORT VHOST USER
set -euo pipefail
data_dir=$1 port=$2 vhost=$3 user=$4
ctl() {
  if [ "$(id -u)" = 0 ]; then runuser -u rabbitmq -m -- env HOME="$data_dir" /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "mlops-$port@localhost" "$@"
  else env HOME="$data_dir" /usr/lib/rabbitmq/bin/rabbitmqctl -q -n "mlops-$port@localhost" "$@"; fi
}
ctl add_vhost "$vhost" >/dev/null 2>&1 || true
ctl set_permissions -p "$vhost" "$user" '.*' '.*' '.*' >/dev/null
