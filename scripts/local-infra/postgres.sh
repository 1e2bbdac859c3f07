#!/usr/bin/env bash
# Runs a private PostgreSQL 15 server on loopback for the platform, initialising its data folder on first use.
# Usage: MLOPS_PG_PASSWORD=... postgres.sh DATA_DIR PORT   (the password of the superuser "mlops", used at initialisation)
set -euo pipefail
. "$(dirname "$0")/traverse.sh"
. "$(dirname "$0")/ports.sh"
data_dir=$1 port=$2
password=${MLOPS_PG_PASSWORD:?MLOPS_PG_PASSWORD must be set}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/postgres" ] || { echo "PostgreSQL server not found: run scripts/setup.sh (apt-get install postgresql)" >&2; exit 1; }

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$data_dir"
ensure_traversable "$data_dir" postgres
[ "$(id -u)" = 0 ] && chown postgres:postgres "$data_dir"
chmod 700 "$data_dir"
if [ ! -f "$data_dir/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$password" > "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
  as_postgres "$pg_bin/initdb" -D "$data_dir" -U mlops --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
fi
# A server orphaned by a killed AppHost would hold the port: stop it first.
if [ -f "$data_dir/postmaster.pid" ] && kill -0 "$(head -n 1 "$data_dir/postmaster.pid")" 2>/dev/null; then
  as_postgres "$pg_bin/pg_ctl" -D "$data_dir" stop -m fast >/dev/null || true
fi
report_port_holders "$port"
# Postgres forks its own children; exec keeps the resource's process the server itself.
exec_args=("$pg_bin/postgres" -D "$data_dir" -p "$port" -c listen_addresses=127.0.0.1 -c unix_socket_directories="$data_dir" -c max_connections=300 -c fsync=on)
if [ "$(id -u)" = 0 ]; then exec runuser -u postgres -- "${exec_args[@]}"; else exec "${exec_args[@]}"; fi
