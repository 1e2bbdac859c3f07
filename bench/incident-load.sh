#!/usr/bin/env bash
# Alert to incident (docs/benchmarks.md, "Incident"): two incident replicas (Release, private PostgreSQL/RabbitMQ, one
# database) take alerts at a fixed rate through POST /v1/alerts, alternating replicas; one alert in 100 has a new dedup key
# (an incident opens and a signed webhook goes to a local receiver), the rest hit three hot keys. Reports the answer latency
# (incident stored), the first notification's arrival after the alert was sent, the replicas' plain Kestrel /alive at the
# same rate as the baseline, and whether dedup held (one incident per key, every answered alert counted).
# Usage: bench/incident-load.sh [seconds] [rate] [new key every]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
rate=${2:-1000}
every=${3:-100}
scripts/setup.sh >/dev/null
for project in services/incident bench/MlOps.Incident.Bench; do
  flock /tmp/mlops-build.lock dotnet build "$project" -c Release --verbosity quiet -nologo >/dev/null
done
source bench/private-platform.sh
receiver=59190
for port in 59110 59111; do
  start_service Incident services/incident $port ConnectionStrings__incidentdb="$pg=incident" MlOps__Outbound__Allow__0=127.0.0.1:$receiver \
    MlOps__Messaging__EndpointPrefix=replica$port
  # The first replica creates the database and migrates it before the second starts.
  until curl -sf http://127.0.0.1:$port/alive >/dev/null; do sleep 0.3; done
done
token=$(bench_token acme incident:read incident:write incident:alert)
flock /tmp/mlops-build.lock dotnet bench/MlOps.Incident.Bench/bin/Release/net10.0/MlOps.Incident.Bench.dll \
  http://127.0.0.1:59110 http://127.0.0.1:59111 "$token" $receiver "$pg=incident" "$seconds" "$rate" "$every"
