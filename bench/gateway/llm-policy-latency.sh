#!/usr/bin/env bash
# Added latency of the gateway's LLM policy path (virtual key, RPM/TPM, budget reservation and settlement, cache miss,
# input guard, output redaction, usage row) against calling the same development provider directly: one run, side by
# side, Release builds, private PostgreSQL/RabbitMQ. Open loop at a fixed rate (latency from the scheduled send time),
# then concurrent streams, then cache hits, then the same rate with the learned injection scanners on.
# Usage: bench/gateway/llm-policy-latency.sh [seconds per measurement] [requests/s] [streams]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20} rate=${2:-1000} streams=${3:-200}
source bench/private-platform.sh
for project in gateway services/dev-llm-provider bench/MlOps.Gateway.LlmLoad; do dotnet build $project -c Release --verbosity quiet -nologo >/dev/null; done
# The provider streams one word every 20 ms, like a real model; whole answers come at once.
start_service DevLlmProvider services/dev-llm-provider 59301 DevProvider__TokenDelayMs=20
admin="bench-admin-key-$(date +%s)"
start_service Gateway gateway 59080 "ConnectionStrings__gatewaydb=$pg=gateway" MLOPS_ADMIN_KEY=$admin ${GATEWAY_ENV:-} \
  MlOps__Gateway__PermitPerSecond=1000000 MlOps__Gateway__Burst=1000000 services__guardrail-gateway__http__0=http://127.0.0.1:59301
gateway_pid=${pids[-1]}
until curl -sf -m 1 -o /dev/null http://127.0.0.1:59080/health && curl -sf -m 1 -o /dev/null http://127.0.0.1:59301/health; do sleep 0.3; done
virtual_key() { # input guard
  curl -s http://127.0.0.1:59080/admin/llm-keys -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"tenantId\":\"bench\",\"name\":\"$1\",\"models\":[\"dev-chat\"],\"budget\":{\"tokens\":1000000000000,\"cost\":1000000,\"window\":\"day\"},\"rpm\":1000000,\"tpm\":1000000000,\"inputGuard\":\"$1\"${KEY_EXTRA:-}}" \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["secret"])'
}
rules=$(virtual_key rules) learned=$(virtual_key learned)
load="dotnet bench/MlOps.Gateway.LlmLoad/bin/Release/net10.0/MlOps.Gateway.LlmLoad.dll"
cpu() { awk '{print $14 + $15}' /proc/$gateway_pid/stat; } # gateway CPU time in clock ticks (1/100 s)
measure() { local before; before=$(cpu); "$@"; echo "  gateway CPU: $(( ($(cpu) - before) * 10 )) ms"; }
direct=http://127.0.0.1:59301/v1 via=http://127.0.0.1:59080/v1
echo "warm-up"; $load rate $direct - 300 5 >/dev/null; $load rate $via "$rules" 300 5 >/dev/null; $load rate $via "$learned" 100 5 >/dev/null
echo "== $rate requests/s, open loop, new prompt each time (cache misses)"
$load rate $direct - $rate $seconds | sed 's/^/direct : /'
measure $load rate $via "$rules" $rate $seconds | sed 's/^/gateway: /'
# The same POST through the gateway's plain proxy route (API key, rate limiter, YARP; no LLM policy), for comparison.
measure $load rate http://127.0.0.1:59080/api/guardrail-gateway/v1 "$admin" $rate $seconds | sed 's/^/proxy  : /'
echo "== $streams concurrent streams, paced at one word per 20 ms (time to the last byte, then to the first token)"
$load streams $direct - $streams $seconds | sed 's/^/direct : /'
$load streams $via "$rules" $streams $seconds | sed 's/^/gateway: /'
echo "== cache hits, one client"
$load same $via "$rules" 1 $seconds | sed 's/^/gateway: /'
echo "== $rate requests/s with the learned injection scanners (n-gram, then MiniLM on uncertain prompts)"
$load rate $direct - $rate $seconds | sed 's/^/direct : /'
$load rate $via "$learned" $rate $seconds | sed 's/^/gateway: /'
echo "gateway VmRSS at the end: $(( $(awk '/VmRSS/ {print $2}' /proc/$gateway_pid/status) / 1024 )) MiB"
