#!/usr/bin/env bash
# Runs a private Prometheus (Debian's prometheus package) on loopback for the platform: scrapes every service's /metrics with
# the metrics credential, reads the SLO rules incident writes, and sends alerts to the platform's Alertmanager.
# Usage: prometheus.sh DATA_DIR PORT
#   MLOPS_SCRAPE_TARGETS="name=http://host:port ..." (the services), MLOPS_METRICS_CREDENTIAL_FILE, MLOPS_RULES_DIR,
#   MLOPS_ALERTMANAGER (host:port), MLOPS_SCRAPE_INTERVAL (default 15s)
set -euo pipefail
. "$(dirname "$0")/ports.sh"
data_dir=$1 port=$2
[ -x /usr/bin/prometheus ] || { echo "prometheus not found: run scripts/setup.sh (apt-get install prometheus)" >&2; exit 1; }
: "${MLOPS_SCRAPE_TARGETS:?}" "${MLOPS_METRICS_CREDENTIAL_FILE:?}" "${MLOPS_RULES_DIR:?}" "${MLOPS_ALERTMANAGER:?}"
interval=${MLOPS_SCRAPE_INTERVAL:-15s}
mkdir -p "$data_dir/tsdb" "$MLOPS_RULES_DIR"
config="$data_dir/prometheus.yml"
{
  printf 'global:\n  scrape_interval: %s\n  evaluation_interval: %s\n' "$interval" "$interval"
  printf 'rule_files: ["%s/*.yml"]\n' "$MLOPS_RULES_DIR"
  printf 'alerting:\n  alertmanagers:\n  - static_configs: [{targets: ["%s"]}]\n' "$MLOPS_ALERTMANAGER"
  printf 'scrape_configs:\n'
  for target in $MLOPS_SCRAPE_TARGETS; do
    name=${target%%=*} url=${target#*=}
    scheme=${url%%://*} address=${url#*://}
    printf -- '- job_name: %s\n  scheme: %s\n  authorization: {credentials_file: "%s"}\n  static_configs: [{targets: ["%s"], labels: {service: %s}}]\n' \
      "$name" "$scheme" "$MLOPS_METRICS_CREDENTIAL_FILE" "${address%/}" "$name"
  done
} > "$config"
report_port_holders "$port"
# Every SLO change reloads Prometheus, after which it knows no Alertmanager until discovery syncs (up to 5 s); an alert first
# sent in that gap is lost until its next send, so firing alerts are re-sent every 15 s instead of every minute.
exec /usr/bin/prometheus --config.file="$config" --storage.tsdb.path="$data_dir/tsdb" --storage.tsdb.retention.time=15d \
  --web.listen-address="127.0.0.1:$port" --web.enable-lifecycle --rules.alert.resend-delay=15s --log.level=warn
