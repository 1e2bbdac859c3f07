#!/usr/bin/env bash
# Gateway routing overhead: the same trivial GET sent to the service directly and through the gateway, in one run, with
# wrk: /alive (a probe: no identity checked at the service) and /signing-key (an authenticated read: the service validates
# the forwarded token; sent directly with a token the run signed). Release builds, private PostgreSQL/RabbitMQ on their own ports, no Aspire proxies.
# Usage: bench/gateway-overhead.sh [seconds per measurement]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
source bench/registry-behind-gateway.sh
start_gateway 59080
token=$(bench_token admin registry:read)

median() { grep -E '^\s+50%' | awk '{print $2}'; }
measure() { # label direct-url gateway-url direct-header
  for connections in 1 16; do
    wrk -t1 -c$connections -d5s -H "$4" "$2" >/dev/null; wrk -t1 -c$connections -d5s -H "Authorization: Bearer $key" "$3" >/dev/null
    d=$(wrk -t1 -c$connections -d${seconds}s --latency -H "$4" "$2")
    g=$(wrk -t1 -c$connections -d${seconds}s --latency -H "Authorization: Bearer $key" "$3")
    echo "$1 connections=$connections"
    echo "  direct : p50 $(echo "$d" | median)  p99 $(echo "$d" | grep -E '^\s+99%' | awk '{print $2}')  $(echo "$d" | grep Requests/sec)  $(echo "$d" | grep Non-2xx || true)"
    echo "  gateway: p50 $(echo "$g" | median)  p99 $(echo "$g" | grep -E '^\s+99%' | awk '{print $2}')  $(echo "$g" | grep Requests/sec)  $(echo "$g" | grep Non-2xx || true)"
  done
}
measure "GET /alive" http://127.0.0.1:59102/alive http://127.0.0.1:59080/api/registry/alive "X-Probe: 1"
measure "GET /signing-key" http://127.0.0.1:59102/signing-key http://127.0.0.1:59080/api/registry/signing-key "Authorization: Bearer $token"
