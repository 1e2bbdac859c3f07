#!/usr/bin/env bash
# Runs a private Alertmanager (Debian's prometheus-alertmanager package) on loopback for the platform, routing every alert to
# incident's Alertmanager receiver under the platform Alertmanager's own identity (OAuth 2.0 client credentials at the gateway).
# Usage: alertmanager.sh DATA_DIR PORT
#   MLOPS_INCIDENT_URL (incident's base address), MLOPS_TOKEN_URL (the gateway's /identity/token), MLOPS_ALERTMANAGER_SECRET_FILE
set -euo pipefail
. "$(dirname "$0")/ports.sh"
data_dir=$1 port=$2
[ -x /usr/bin/prometheus-alertmanager ] || { echo "prometheus-alertmanager not found: run scripts/setup.sh (apt-get install prometheus-alertmanager)" >&2; exit 1; }
: "${MLOPS_INCIDENT_URL:?}" "${MLOPS_TOKEN_URL:?}" "${MLOPS_ALERTMANAGER_SECRET_FILE:?}"
mkdir -p "$data_dir/data"
config="$data_dir/alertmanager.yml"
cat > "$config" <<YAML
route:
  receiver: incident
  group_by: [tenant, slo, alertname]
  group_wait: 10s
  group_interval: 1m
  repeat_interval: 4h
receivers:
- name: incident
  webhook_configs:
  - url: ${MLOPS_INCIDENT_URL%/}/v1/alerts/alertmanager
    send_resolved: true
    max_alerts: 1000
    http_config:
      oauth2:
        client_id: alertmanager
        client_secret_file: $MLOPS_ALERTMANAGER_SECRET_FILE
        token_url: $MLOPS_TOKEN_URL
        endpoint_params:
          tenant: platform
YAML
report_port_holders "$port"
exec /usr/bin/prometheus-alertmanager --config.file="$config" --storage.path="$data_dir/data" --web.listen-address="127.0.0.1:$port" \
  --cluster.listen-address= --log.level=warn
