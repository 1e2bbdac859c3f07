#!/usr/bin/env bash
# Added latency of 200 (or N) concurrent paced streams through the gateway's LLM route and through its plain proxy route,
# against the same development provider called directly: the stream step of llm-policy-latency.sh alone, repeated.
# Each measurement switches between the provider and the gateway in blocks of five seconds, N streams at once in each.
# Release builds, private PostgreSQL/RabbitMQ.
# Usage: [ALONE=1] bench/gateway/stream-latency.sh [seconds per side] [streams] [repetitions] [warm-up seconds]
# ALONE=1 gives the gateway CPU 1 to itself (see llm-platform.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30} streams=${2:-200} reps=${3:-2} warmup=${4:-30}
source bench/gateway/llm-platform.sh
rules=$(virtual_key rules)
# Warm-up: the runtime promotes the hot paths to optimized code (under 200 streams, about 40 s to a steady CPU).
$load rate $via "$rules" 500 10 >/dev/null; $load streams $via "$rules" $streams $warmup >/dev/null; $load streams $proxy "$admin" $streams 10 >/dev/null
for run in $(seq $reps); do
  echo "== LLM route, run $run"
  measure $load streams "$direct,$via" "-,$rules" $streams $((seconds * 2))
done
echo "== plain proxy route (no LLM policy)"
measure $load streams "$direct,$proxy" "-,$admin" $streams $((seconds * 2))
echo "gateway VmRSS at the end: $(( $(awk '/VmRSS/ {print $2}' /proc/$gateway_pid/status) / 1024 )) MiB"
echo "gateway garbage collections over the whole run (warm-up included):"
curl -s http://127.0.0.1:59080/metrics -H "$metrics_auth" | grep -E '^dotnet_gc_(collections_total|pause_time_seconds_total|heap_total_allocated_bytes_total)' | sed 's/^/  /'
