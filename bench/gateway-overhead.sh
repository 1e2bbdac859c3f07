#!/usr/bin/env bash
# Gateway routing overhead: the same trivial GET (/alive of the registry) sent to the service directly and through
# the gateway, in one run, with wrk. Release builds, private PostgreSQL/RabbitMQ on their own ports, no Aspire proxies.
# Usage: bench/gateway-overhead.sh [seconds per measurement]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
scripts/setup.sh >/dev/null
dotnet build gateway -c Release --verbosity quiet -nologo >/dev/null
dotnet build services/registry -c Release --verbosity quiet -nologo >/dev/null

data=$(mktemp -d /tmp/mlops-bench.XXXXXX)
MLOPS_PG_PASSWORD=bench scripts/local-infra/postgres.sh "$data/postgres" 59432 > "$data/postgres.log" 2>&1 &
pg=$!
MLOPS_RABBITMQ_PASSWORD=bench scripts/local-infra/rabbitmq.sh "$data/rabbitmq" 59672 59673 mlops > "$data/rabbitmq.log" 2>&1 &
rabbit=$!
pids=($pg $rabbit)
cleanup() { kill -TERM "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT
until (exec 3<>/dev/tcp/127.0.0.1/59432) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/59672) 2>/dev/null; do sleep 0.3; done

export ConnectionStrings__messaging="amqp://mlops:bench@127.0.0.1:59672"
export Logging__LogLevel__Default=Warning
(cd services/registry/bin/Release/net10.0 && ConnectionStrings__registrydb="Host=127.0.0.1;Port=59432;Username=mlops;Password=bench;Database=registry" \
  ASPNETCORE_URLS=http://127.0.0.1:59102 exec ./MlOps.Registry) > "$data/registry.log" 2>&1 &
pids+=($!)
key="bench-admin-key-$(date +%s)"
(cd gateway/bin/Release/net10.0 && ConnectionStrings__gatewaydb="Host=127.0.0.1;Port=59432;Username=mlops;Password=bench;Database=gateway" \
  MLOPS_ADMIN_KEY=$key MlOps__Gateway__PermitPerSecond=1000000 MlOps__Gateway__Burst=1000000 \
  services__registry__http__0=http://127.0.0.1:59102 ASPNETCORE_URLS=http://127.0.0.1:59080 exec ./MlOps.Gateway) > "$data/gateway.log" 2>&1 &
pids+=($!)
until curl -sf -m 1 http://127.0.0.1:59080/api/registry/alive -H "Authorization: Bearer $key" >/dev/null; do sleep 0.3; done

direct=http://127.0.0.1:59102/alive
via=http://127.0.0.1:59080/api/registry/alive
auth="Authorization: Bearer $key"
median() { grep -E '^\s+50%' | awk '{print $2}'; }
for connections in 1 16; do
  wrk -t1 -c$connections -d5s "$direct" >/dev/null; wrk -t1 -c$connections -d5s -H "$auth" "$via" >/dev/null
  d=$(wrk -t1 -c$connections -d${seconds}s --latency "$direct")
  g=$(wrk -t1 -c$connections -d${seconds}s --latency -H "$auth" "$via")
  echo "connections=$connections"
  echo "  direct : p50 $(echo "$d" | median)  p99 $(echo "$d" | grep -E '^\s+99%' | awk '{print $2}')  $(echo "$d" | grep Requests/sec)"
  echo "  gateway: p50 $(echo "$g" | median)  p99 $(echo "$g" | grep -E '^\s+99%' | awk '{print $2}')  $(echo "$g" | grep Requests/sec)"
done
