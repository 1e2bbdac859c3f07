#!/usr/bin/env bash
# What "Expect: 100-continue" on forwarded bodies over 64 KiB costs: the same 256 KiB JSON POST sent to the registry
# directly, through a gateway with the default threshold (the header sent) and through one with it off, in one run, with
# wrk. The registry reads the whole body and refuses it (400, a name too long), so every request moves the full body.
# Usage: bench/gateway-large-body.sh [seconds per measurement] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10} rounds=${2:-2}
source bench/registry-behind-gateway.sh
start_gateway 59080
start_gateway 59081 MlOps__Gateway__ExpectContinueAboveBytes=1000000000
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
