#!/usr/bin/env bash
# Installs what the platform needs on Debian 12 (PostgreSQL and RabbitMQ servers; Redis for the feature store's optional
# Redis online store and its tests; Prometheus and Alertmanager) when missing,
# and restores the solution.
# Safe to run again; needs root (or sudo) only when something must be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
if [ ${#missing[@]} -gt 0 ] && ! docker info >/dev/null 2>&1; then
  echo "Installing ${missing[*]} ..."
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The packages' own services are not used: the platform runs private servers on its own ports.
  for service in postgresql rabbitmq-server; do $sudo_cmd service "$service" stop >/dev/null 2>&1 || true; done
fi

# Prometheus, Alertmanager and Redis run as local servers in every mode (the services they watch run on this machine).
servers=()
[ -x /usr/bin/prometheus ] || servers+=(prometheus)
[ -x /usr/bin/prometheus-alertmanager ] || servers+=(prometheus-alertmanager)
[ -x /usr/bin/redis-server ] || servers+=(redis-server)
if [ ${#servers[@]} -gt 0 ]; then
  echo "Installing ${servers[*]} ..."
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${servers[@]}" >/dev/null
  # The packages' own services are not used: the platform runs private servers on its own ports.
  for service in prometheus prometheus-alertmanager redis-server; do $sudo_cmd service "$service" stop >/dev/null 2>&1 || true; done
fi

# The manifest tests (tests/MlOps.Deploy.Tests) render deploy/kubernetes with kubectl's built-in Kustomize; no cluster is used.
[ -x /usr/bin/kubectl ] || echo "Note: /usr/bin/kubectl is missing; tests/MlOps.Deploy.Tests need it (the kubectl package of the Kubernetes apt repository)." >&2
command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (https://dot.net)." >&2; exit 1; }
dotnet restore MlOps.sln --verbosity quiet
