#!/usr/bin/env bash
# Added latency of 200 (or N) concurrent paced streams through the gateway's LLM route and through its plain proxy route,
# against the same development provider called directly: the stream step of llm-policy-latency.sh alone, repeated.
# Each measurement alternates between the provider and the gateway every second. Release builds, private PostgreSQL/RabbitMQ.
# Usage: bench/gateway/stream-latency.sh [seconds per side] [streams] [repetitions]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30} streams=${2:-200} reps=${3:-2}
source bench/private-platform.sh
for project in gateway services/dev-llm-provider bench/MlOps.Gateway.LlmLoad; do dotnet build $project -c Release --verbosity quiet -nologo >/dev/null; done
# One word every 20 ms on a fixed schedule, like a real model.
start_service DevLlmProvider services/dev-llm-provider 59301 DevProvider__TokenDelayMs=20
admin="bench-admin-key-$(date +%s)"
start_service Gateway gateway 59080 "ConnectionStrings__gatewaydb=$pg=gateway" MLOPS_ADMIN_KEY=$admin \
  MlOps__Gateway__PermitPerSecond=1000000 MlOps__Gateway__Burst=1000000 services__guardrail-gateway__http__0=http://127.0.0.1:59301
gateway_pid=${pids[-1]}
until curl -sf -m 1 -o /dev/null http://127.0.0.1:59080/health && curl -sf -m 1 -o /dev/null http://127.0.0.1:59301/health; do sleep 0.3; done
rules=$(curl -s http://127.0.0.1:59080/admin/llm-keys -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"tenantId":"bench","name":"rules","models":["dev-chat"],"budget":{"tokens":1000000000000,"cost":1000000,"window":"day"},"rpm":1000000,"tpm":1000000000,"inputGuard":"rules"}' \
  | python3 -c 'import sys,json; print(json.load(sys.stdin)["secret"])')
load="dotnet bench/MlOps.Gateway.LlmLoad/bin/Release/net10.0/MlOps.Gateway.LlmLoad.dll"
cpu() { awk '{print $14 + $15}' /proc/$gateway_pid/stat; }
direct=http://127.0.0.1:59301/v1 via=http://127.0.0.1:59080/v1 proxy=http://127.0.0.1:59080/api/guardrail-gateway/v1
# Warm-up: the runtime promotes the hot paths to optimized code.
$load rate $via "$rules" 500 10 >/dev/null; $load streams $via "$rules" $streams 30 >/dev/null; $load streams $proxy "$admin" $streams 10 >/dev/null
for run in $(seq $reps); do
  echo "== LLM route, run $run"
  before=$(cpu); $load streams "$direct,$via" "-,$rules" $streams $((seconds * 2)); echo "  gateway CPU: $(( ($(cpu) - before) * 10 )) ms"
done
echo "== plain proxy route (no LLM policy)"
before=$(cpu); $load streams "$direct,$proxy" "-,$admin" $streams $((seconds * 2)); echo "  gateway CPU: $(( ($(cpu) - before) * 10 )) ms"
