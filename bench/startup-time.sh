#!/usr/bin/env bash
# Measures the time from `dotnet run --project AppHost` (warm build) to every service answering /health 200 through
# the gateway with the admin key. Usage: bench/startup-time.sh [runs]   (the platform must not be running)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
dotnet build AppHost --verbosity quiet -nologo >/dev/null
services="ingest registry trainer inference drift guardrail-gateway agentops-tracer incident"
for run in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  dotnet run --project AppHost --no-build > /tmp/mlops-startup-$run.log 2>&1 &
  apphost=$!
  key_file=.mlops/data/admin-key
  while :; do
    if [ -f "$key_file" ]; then
      ok=0
      for s in $services; do
        code=$(curl -s -o /dev/null -w '%{http_code}' -m 1 "http://localhost:8080/api/$s/health" -H "Authorization: Bearer $(cat $key_file)" || true)
        [ "$code" = 200 ] && ok=$((ok + 1))
      done
      [ "$ok" = 8 ] && break
    fi
    sleep 0.5
    if [ "$(echo "$(date +%s.%N) - $start > 180" | bc)" = 1 ]; then echo "run $run: not healthy after 180 s" >&2; break; fi
  done
  echo "run $run: all services healthy through the gateway after $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f') s"
  kill -TERM "$apphost"; wait "$apphost" 2>/dev/null || true
  # DCP needs a moment to stop its children and free the ports.
  while ss -ltn | grep -qE ':(8080|55432|55672) '; do sleep 0.5; done
done
