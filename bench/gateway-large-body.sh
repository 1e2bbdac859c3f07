#!/usr/bin/env bash
# What "Expect: 100-continue" on forwarded bodies over 64 KiB costs: the same 256 KiB JSON POST sent to the registry
# directly, through a gateway with the default threshold (the header sent) and through one with it off, in one run, with
# wrk. The registry reads the whole body and refuses it (400, a name too long), so every request moves the full body.
# Usage: bench/gateway-large-body.sh [seconds per measurement] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10} rounds=${2:-2}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
scripts/setup.sh >/dev/null
dotnet build gateway -c Release --verbosity quiet -nologo >/dev/null
dotnet build services/registry -c Release --verbosity quiet -nologo >/dev/null

source bench/private-platform.sh
start_service Registry services/registry 59102 ConnectionStrings__registrydb="$pg=registry" MlOps__Registry__ArtifactRoot="$data/artifacts"
key="bench-admin-key-$(date +%s)"
gateway_env=(ConnectionStrings__gatewaydb="$pg=gateway" MLOPS_ADMIN_KEY=$key MlOps__Gateway__PermitPerSecond=1000000
  MlOps__Gateway__Burst=1000000 MlOps__Gateway__ClientAddressPermitPerSecond=10000000 MlOps__Gateway__ClientAddressBurst=10000000
  services__registry__http__0=http://127.0.0.1:59102)
start_service Gateway gateway 59080 "${gateway_env[@]}"
until curl -sf -m 1 http://127.0.0.1:59080/api/registry/alive -H "Authorization: Bearer $key" >/dev/null; do sleep 0.3; done
start_service Gateway gateway 59081 "${gateway_env[@]}" MlOps__Gateway__ExpectContinueAboveBytes=1000000000
until curl -sf -m 1 http://127.0.0.1:59081/api/registry/alive -H "Authorization: Bearer $key" >/dev/null; do sleep 0.3; done
token=$(bench_token admin registry:write)

script="$data/post.lua"
cat > "$script" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"' .. string.rep("a", 256 * 1024) .. '"}'
LUA
run() { wrk -t1 -c$1 -d${seconds}s --latency -s "$script" -H "$2" "$3"; }
line() { echo "  $1: p50 $(echo "$2" | grep -E '^\s+50%' | awk '{print $2}')  p99 $(echo "$2" | grep -E '^\s+99%' | awk '{print $2}')  $(echo "$2" | grep Requests/sec)  $(echo "$2" | grep -E 'Non-2xx' || true)"; }
for round in $(seq 1 "$rounds"); do
  for connections in 1 16; do
    run $connections "Authorization: Bearer $key" http://127.0.0.1:59080/api/registry/models >/dev/null
    d=$(run $connections "Authorization: Bearer $token" http://127.0.0.1:59102/models)
    off=$(run $connections "Authorization: Bearer $key" http://127.0.0.1:59081/api/registry/models)
    on=$(run $connections "Authorization: Bearer $key" http://127.0.0.1:59080/api/registry/models)
    echo "round $round, connections=$connections"
    line "direct          " "$d"
    line "gateway, off    " "$off"
    line "gateway, default" "$on"
  done
done
