#!/usr/bin/env bash
# Resident memory of guardrail-gateway under scan load: starts the Release build against the private PostgreSQL/RabbitMQ
# of bench/private-platform.sh, drives POST /v1/guard/scan with wrk (scan-mix.lua) and samples VmRSS every second.
# Usage: bench/guardrails/memory-under-load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60} connections=${2:-16}
source bench/private-platform.sh
dotnet build services/guardrail-gateway -c Release --verbosity quiet -nologo
start_service GuardrailGateway services/guardrail-gateway 5199 "ConnectionStrings__guardraildb=$pg=guardraildb" ${GUARDRAIL_ENV:-}
pid=${pids[-1]}
export WRK_TOKEN; WRK_TOKEN=$(bench_token load guard:read)
until curl -sf -o /dev/null http://127.0.0.1:5199/health; do sleep 0.5; done
# One request of each kind first, so the MiniLM model is loaded before sampling starts.
for body in '{"text":"hello"}' '{"messages":[{"role":"tool","content":"Hi team, the invoice is attached."}]}'; do
  curl -s -o /dev/null -H 'Content-Type: application/json' -H "Authorization: Bearer $WRK_TOKEN" -d "$body" http://127.0.0.1:5199/v1/guard/scan
done
peak=0
( while kill -0 "$pid" 2>/dev/null; do rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status); [ "$rss" -gt "$peak" ] && peak=$rss && echo "$peak" > /tmp/guardrail-peak-rss; sleep 1; done ) &
sampler=$!
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/guardrails/scan-mix.lua http://127.0.0.1:5199
kill $sampler 2>/dev/null || true
echo "peak VmRSS: $(( $(cat /tmp/guardrail-peak-rss) / 1024 )) MiB"
