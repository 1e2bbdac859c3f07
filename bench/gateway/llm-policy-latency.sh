#!/usr/bin/env bash
# Added latency of the gateway's LLM policy path (virtual key, RPM/TPM, budget reservation and settlement, cache miss,
# input guard, output redaction, usage row) against calling the same development provider directly: one run, side by
# side, Release builds, private PostgreSQL/RabbitMQ. Open loop at a fixed rate (latency from the scheduled send time),
# then concurrent streams, then cache hits, then the same rate with the learned injection scanners on; each measurement
# alternates between the provider and the gateway (every second at a fixed rate, in five-second blocks for streams).
# Usage: bench/gateway/llm-policy-latency.sh [seconds per measurement] [requests/s] [streams]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20} rate=${2:-1000} streams=${3:-200}
source bench/gateway/llm-platform.sh
rules=$(virtual_key rules) learned=$(virtual_key learned)
# Warm-up, a minute at the full rate and 20 s of streams: the runtime promotes hot code to optimized tiers (the JIT
# took a quarter of the gateway's CPU in a stream test without it) and the cache fills to its bound.
echo "warm-up"; $load rate $direct - $rate 10 >/dev/null; $load rate $via "$rules" $rate 60 >/dev/null
$load streams $via "$rules" $streams 20 >/dev/null; $load rate $via "$learned" 100 10 >/dev/null
# Each measurement switches between the direct provider and the gateway (twice the seconds in all), so a slow spell of
# this shared machine falls on both alike; target 1 is the provider called directly, target 2 the gateway.
both=$(( seconds * 2 ))
echo "== $rate requests/s, open loop, new prompt each time (cache misses)"
measure $load rate "$direct,$via" "-,$rules" $rate $both
# The same POST through the gateway's plain proxy route (API key, rate limiter, YARP; no LLM policy), for comparison.
echo "== the same through the plain proxy route (no LLM policy)"
measure $load rate "$direct,$proxy" "-,$admin" $rate $both
echo "== $streams concurrent streams, paced at one word per 20 ms (time to the last byte, then to the first token)"
measure $load streams "$direct,$via" "-,$rules" $streams $both
echo "== cache hits, one client"
$load same $via "$rules" 1 $seconds
echo "== $rate requests/s with the learned injection scanners (n-gram, then MiniLM on uncertain prompts)"
$load rate "$direct,$via" "-,$learned" $rate $both
echo "gateway VmRSS at the end: $(( $(awk '/VmRSS/ {print $2}' /proc/$gateway_pid/status) / 1024 )) MiB"
