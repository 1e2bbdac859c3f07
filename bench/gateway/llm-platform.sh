# Sourced by the LLM gateway benchmarks: Release builds of the gateway, the development LLM provider (one word every
# 20 ms on a fixed schedule when streaming, like a real model; whole answers at once) and the load tool, started against
# private PostgreSQL/RabbitMQ; virtual_key NAME creates a key whose input guard is NAME; measure COMMAND runs it and
# prints the gateway's CPU time over it.
source bench/private-platform.sh
for project in gateway services/dev-llm-provider bench/MlOps.Gateway.LlmLoad; do dotnet build $project -c Release --verbosity quiet -nologo >/dev/null; done
start_service DevLlmProvider services/dev-llm-provider 59301 DevProvider__TokenDelayMs=20
provider_pid=${pids[-1]}
admin="bench-admin-key-$(date +%s)"
start_gateway() { # build folder, port: a gateway on the shared database and provider, rate limits out of the way
  start_service Gateway "$1" "$2" "ConnectionStrings__gatewaydb=$pg=gateway" MLOPS_ADMIN_KEY=$admin ${GATEWAY_ENV:-} \
    MlOps__Gateway__PermitPerSecond=1000000 MlOps__Gateway__Burst=1000000 services__guardrail-gateway__http__0=http://127.0.0.1:59301 \
    MlOps__Gateway__ClientAddressPermitPerSecond=10000000 MlOps__Gateway__ClientAddressBurst=10000000 services__incident__http__0=http://127.0.0.1:59301
}
start_gateway gateway 59080
gateway_pid=${pids[-1]}
until curl -sf -m 1 -o /dev/null http://127.0.0.1:59080/health && curl -sf -m 1 -o /dev/null http://127.0.0.1:59301/health; do sleep 0.3; done
virtual_key() { # input guard
  curl -s http://127.0.0.1:59080/admin/llm-keys -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"tenantId\":\"bench\",\"name\":\"$1\",\"models\":[\"dev-chat\"],\"budget\":{\"tokens\":1000000000000,\"cost\":1000000,\"window\":\"day\"},\"rpm\":1000000,\"tpm\":1000000000,\"inputGuard\":\"$1\"${KEY_EXTRA:-}}" \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["secret"])'
}
load="dotnet bench/MlOps.Gateway.LlmLoad/bin/Release/net10.0/MlOps.Gateway.LlmLoad.dll"
# ALONE=1: the gateway alone on CPU 1; the provider, the load client, PostgreSQL and RabbitMQ share CPU 0, for both the
# direct and the gateway half — what the gateway adds when it does not compete with the client and provider for a core.
if [ "${ALONE:-0}" = 1 ]; then
  for pid in $provider_pid $(pgrep -f "$data"); do taskset -a -p -c 0 "$pid" >/dev/null 2>&1 || true; done
  taskset -a -p -c 1 "$gateway_pid" >/dev/null
  load="taskset -c 0 $load"
fi
cpu() { awk '{print $14 + $15}' /proc/${1:-$gateway_pid}/stat; } # a gateway's CPU time in clock ticks (1/100 s)
measure() { local before; before=$(cpu); "$@"; echo "  gateway CPU: $(( ($(cpu) - before) * 10 )) ms (its share of the run)"; }
# The plain proxy route (API key, limits, scope, YARP; no LLM policy): the incident route pointed at the provider, since the
# OpenAI paths are refused on /api/guardrail-gateway (one LLM path).
direct=http://127.0.0.1:59301/v1 via=http://127.0.0.1:59080/v1 proxy=http://127.0.0.1:59080/api/incident/v1
