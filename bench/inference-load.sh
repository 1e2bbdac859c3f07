#!/usr/bin/env bash
# Inference throughput: single-row OIP v2 infer of the demo model with wrk at 64 connections, to the service directly and
# through the gateway, batching on and off. Release builds, private PostgreSQL/RabbitMQ, no Aspire, no telemetry export;
# the trainer registers and promotes the demo model exactly as on first start, and the prediction log stays on.
# Usage: bench/inference-load.sh [seconds per measurement] [connections]
# A plain Kestrel endpoint (the registry's /alive) is measured first in the same run, as the baseline of the ratio.
# Environment: BATCHING="true false" (the settings to measure), DIRECT_ONLY=1 (skip the gateway), RATE=15000 (also measure
# latency at that fixed total rate with hey), PACED_DELAY_MS=2 (also measure with wrk pausing that long between each
# connection's requests), WARMUP=15 (seconds of
# load before each measurement), INFERENCE_ENV="Name=value ..." (extra settings for the inference service).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
connections=${2:-64}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
scripts/setup.sh >/dev/null
for project in gateway services/registry services/trainer services/inference; do
  dotnet build "$project" -c Release --verbosity quiet -nologo >/dev/null
done

source bench/private-platform.sh
export DOTNET_PerfMapEnabled=${PERF_MAP:-0} DOTNET_EnableWriteXorExecute=${PERF_MAP:+0}
key="bench-admin-key-$(date +%s)"
start_service Gateway gateway 59080 ConnectionStrings__gatewaydb="$pg=gateway" MLOPS_ADMIN_KEY=$key MlOps__Gateway__PermitPerSecond=1000000 \
  MlOps__Gateway__Burst=1000000 services__inference__http__0=http://127.0.0.1:59104
# Direct calls carry a token as the gateway would sign it (and the old header, for builds before the signed identity).
direct_token=$(bench_token admin inference:read inference:predict)
start_service Registry services/registry 59102 ConnectionStrings__registrydb="$pg=registry" MlOps__Registry__ArtifactRoot="$data/artifacts"
start_service Trainer services/trainer 59103 ConnectionStrings__trainerdb="$pg=trainer" MlOps__Trainer__RegistryUrl=http://127.0.0.1:59102
infer() { # port batching
  start_service Inference services/inference "$1" ConnectionStrings__inferencedb="$pg=inference" MlOps__Inference__RegistryUrl=http://127.0.0.1:59102 \
    MlOps__Inference__ModelCache="$data/models" MlOps__Inference__Jobs__Root="$data/jobs" MlOps__Inference__Batching__Enabled="$2" ${INFERENCE_ENV:-}
  inference_pid=${pids[-1]}
  until curl -sf -m 1 "http://127.0.0.1:$1/v2/models/credit-default/ready" -H 'X-MlOps-Tenant: admin' -H "Authorization: Bearer $direct_token" >/dev/null; do sleep 0.5; done
}
run() { # label url auth-env
  local label=$1 url=$2; shift 2
  env "$@" wrk -t2 -c"$connections" -d"${WARMUP:-15}s" -s bench/inference/oip-infer.lua "$url" >/dev/null
  local out; out=$(env "$@" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/inference/oip-infer.lua "$url")
  printf '%-28s %s  p50 %s  p99 %s  errors: %s\n' "$label" "$(echo "$out" | grep Requests/sec)" \
    "$(echo "$out" | grep -E '^\s+50%' | awk '{print $2}')" "$(echo "$out" | grep -E '^\s+99%' | awk '{print $2}')" \
    "$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr '\n' ' ' || true)"
}
fixed_rate() { # label url header: the same request at a fixed total rate (hey, rate per connection), to read latency at that load
  local label=$1 url=$2 header=$3 per=$(( ${RATE:-15000} / connections ))
  local out; out=$(hey -c "$connections" -q "$per" -z "${seconds}s" -m POST -T application/json -H "$header" -D bench/inference/oip-row.json "$url")
  printf '%-28s rate %s/s: %s  p50 %s  p99 %s  %s\n' "$label" "${RATE:-15000}" "$(echo "$out" | grep 'Requests/sec' | awk '{print $2}') req/s" \
    "$(echo "$out" | grep -E '50% in' | awk '{print $3*1000 "ms"}')" "$(echo "$out" | grep -E '99% in' | awk '{print $3*1000 "ms"}')" \
    "$(echo "$out" | grep -A3 'Status code distribution' | tail -3 | tr -s ' ' | tr '\n' ' ')"
}
paced() { # label url auth-env: wrk with a pause of PACED_DELAY_MS between each connection's requests (bench/inference/oip-infer-paced.lua)
  local label=$1 url=$2; shift 2
  local out; out=$(env "$@" WRK_DELAY_MS="$PACED_DELAY_MS" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/inference/oip-infer-paced.lua "$url")
  printf '%-28s paced %sms: %s  p50 %s  p99 %s\n' "$label" "$PACED_DELAY_MS" "$(echo "$out" | grep Requests/sec)" \
    "$(echo "$out" | grep -E '^\s+50%' | awk '{print $2}')" "$(echo "$out" | grep -E '^\s+99%' | awk '{print $2}')"
}
for batching in ${BATCHING:-true false}; do
  infer 59104 $batching
  # The plain Kestrel endpoint of the same run: the registry's /alive (no identity, no body), the ratio's denominator.
  if [ -z "${plain_done:-}" ]; then
    plain=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency http://127.0.0.1:59102/alive); plain_done=1
    printf '%-28s %s  p50 %s  p99 %s\n' "plain Kestrel GET /alive" "$(echo "$plain" | grep Requests/sec)" \
      "$(echo "$plain" | grep -E '^\s+50%' | awk '{print $2}')" "$(echo "$plain" | grep -E '^\s+99%' | awk '{print $2}')"
  fi
  run "direct  batching=$batching" http://127.0.0.1:59104/v2/models/credit-default/infer WRK_TENANT=admin WRK_KEY=$direct_token
  [ -z "${RATE:-}" ] || fixed_rate "direct  batching=$batching" http://127.0.0.1:59104/v2/models/credit-default/infer "Authorization: Bearer $direct_token"
  [ -z "${PACED_DELAY_MS:-}" ] || paced "direct  batching=$batching" http://127.0.0.1:59104/v2/models/credit-default/infer WRK_TENANT=admin WRK_KEY=$direct_token
  [ -n "${DIRECT_ONLY:-}" ] || run "gateway batching=$batching" http://127.0.0.1:59080/api/inference/v2/models/credit-default/infer WRK_KEY=$key
  echo "  prediction log: $(curl -s http://127.0.0.1:59104/metrics -H "$metrics_auth" | grep -E '^mlops_inference_prediction_log_(written|dropped)' | sed -E 's/\{[^}]*\}//' | tr '\n' ' ')"
  kill -TERM "$inference_pid"; wait "$inference_pid" 2>/dev/null || true
done
