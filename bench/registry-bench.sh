#!/usr/bin/env bash
# Registry figures: alias resolution latency at a fixed 500 requests/s (hey, 4 workers x 125 req/s) and a 100 MB
# artifact upload (throughput and the service's resident memory growth), against a Release build of the registry
# run directly (no gateway, no Aspire proxy) with private PostgreSQL/RabbitMQ. Usage: bench/registry-bench.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
command -v hey >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hey >/dev/null; }
scripts/setup.sh >/dev/null
dotnet build services/registry -c Release --verbosity quiet -nologo >/dev/null

source bench/private-platform.sh
start_service Registry services/registry 59102 ConnectionStrings__registrydb="$pg=registry" MlOps__Registry__ArtifactRoot="$data/artifacts"
registry=${pids[-1]}
until curl -sf -m 1 http://127.0.0.1:59102/alive >/dev/null; do sleep 0.3; done

api=http://127.0.0.1:59102
auth="Authorization: Bearer $(bench_token bench admin)"
h=(-H "$auth")
curl -sf "${h[@]}" -H 'Content-Type: application/json' -d '{"name":"bench-model"}' $api/models >/dev/null
python3 bench/make-onnx.py "$data/small.onnx" 1
# Evaluation metrics: the readiness gate wants them before champion.
curl -sf "${h[@]}" -F 'metadata={"metrics":{"auc":0.9}};type=application/json' -F "artifact=@$data/small.onnx" $api/models/bench-model/versions >/dev/null
curl -sf "${h[@]}" -X PUT -H 'Content-Type: application/json' -d '{"version":1}' $api/models/bench-model/aliases/champion >/dev/null

echo "== alias resolution, 500 req/s for ${seconds}s"
hey -z 5s -q 125 -c 4 -H "$auth" $api/models/bench-model/aliases/champion >/dev/null
hey -z "${seconds}s" -q 125 -c 4 -H "$auth" $api/models/bench-model/aliases/champion | grep -E "Requests/sec|50% in|90% in|99% in|^\s+\[[0-9]{3}\]\s+[0-9]+ responses"

echo "== 100 MB artifact upload"
python3 bench/make-onnx.py "$data/large.onnx" 100
for run in 1 2 3; do
  rss_before=$(awk '/VmRSS/ {print $2}' /proc/$registry/status)
  peak=$rss_before
  ( while kill -0 $registry 2>/dev/null; do awk '/VmRSS/ {print $2}' /proc/$registry/status; sleep 0.02; done ) > "$data/rss.$run" &
  sampler=$!
  seconds_taken=$(curl -sf -o /dev/null -w '%{time_total}' "${h[@]}" -F "artifact=@$data/large.onnx" $api/models/bench-model/versions)
  kill $sampler; wait $sampler 2>/dev/null || true
  peak=$(sort -n "$data/rss.$run" | tail -n 1)
  echo "run $run: $(python3 -c "print(f'{104857753/1e6/$seconds_taken:.0f} MB/s in {$seconds_taken:.2f} s')"), RSS before $((rss_before / 1024)) MiB, peak $((peak / 1024)) MiB, extra $(((peak - rss_before) / 1024)) MiB"
done
