#!/usr/bin/env bash
# Batch scoring throughput: a CSV of the demo data (the trainer's 20,000 rows repeated to N rows) submitted as one job to
# the inference service; rows/s from the job's own start and finish times and from upload to results on disk.
# Release builds, private PostgreSQL/RabbitMQ, the demo model registered by the trainer as on first start.
# Usage: bench/inference-batch-job.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
scripts/setup.sh >/dev/null
for project in services/registry services/trainer services/inference; do
  dotnet build "$project" -c Release --verbosity quiet -nologo >/dev/null
done
source bench/private-platform.sh
# The gateway only issues the trainer's and inference's service identities here; the job is submitted to inference directly.
dotnet build gateway -c Release --verbosity quiet -nologo >/dev/null
start_service Gateway gateway 59080 ConnectionStrings__gatewaydb="$pg=gateway"
auth="Authorization: Bearer $(bench_token admin inference:read inference:write)"
start_service Registry services/registry 59102 ConnectionStrings__registrydb="$pg=registry" MlOps__Registry__ArtifactRoot="$data/artifacts"
start_service Trainer services/trainer 59103 ConnectionStrings__trainerdb="$pg=trainer" MlOps__Trainer__RegistryUrl=http://127.0.0.1:59102
start_service Inference services/inference 59104 ConnectionStrings__inferencedb="$pg=inference" MlOps__Inference__RegistryUrl=http://127.0.0.1:59102 \
  MlOps__Inference__ModelCache="$data/models" MlOps__Inference__Jobs__Root="$data/jobs" ${INFERENCE_ENV:-}
until curl -sf -m 1 http://127.0.0.1:59104/v2/models/credit-default/ready -H "$auth" >/dev/null; do sleep 0.5; done

csv="$data/input.csv"
head -1 services/trainer/DemoData/credit-default.csv > "$csv"
body=$(tail -n +2 services/trainer/DemoData/credit-default.csv)
for _ in $(seq 1 $(( (rows + 19999) / 20000 ))); do echo "$body"; done | head -n "$rows" >> "$csv"
echo "input: $rows rows, $(du -h "$csv" | cut -f1)"
# One warm-up job first: the service has scored before (a fresh process runs its first chunks on unoptimised code).
warm=$(curl -s -X POST "http://127.0.0.1:59104/jobs?model=credit-default" -H "$auth" -H 'Content-Type: text/csv' \
  --data-binary @services/trainer/DemoData/credit-default.csv | sed -E 's/.*"id":"([^"]+)".*/\1/')
until curl -s "http://127.0.0.1:59104/jobs/$warm" -H "$auth" | grep -q '"status":"succeeded"'; do sleep 0.1; done
t0=$(date +%s.%N)
job=$(curl -s -X POST "http://127.0.0.1:59104/jobs?model=credit-default" -H "$auth" -H 'Content-Type: text/csv' --data-binary @"$csv")
id=$(echo "$job" | sed -E 's/.*"id":"([^"]+)".*/\1/')
t1=$(date +%s.%N)
until curl -s "http://127.0.0.1:59104/jobs/$id" -H "$auth" | grep -q '"status":"\(succeeded\|failed\)"'; do sleep 0.05; done
t2=$(date +%s.%N)
status=$(curl -s "http://127.0.0.1:59104/jobs/$id" -H "$auth")
echo "$status"
lines=$(curl -s "http://127.0.0.1:59104/jobs/$id/results" -H "$auth" | wc -l)
psql_secs=$(PGPASSWORD=bench psql -h 127.0.0.1 -p 59432 -U mlops -d inference -tAc "SELECT extract(epoch FROM finished_at - started_at) FROM batch_jobs WHERE id = '$id'")
awk -v r="$rows" -v up="$(echo "$t1 - $t0" | bc)" -v all="$(echo "$t2 - $t0" | bc)" -v job="$psql_secs" -v l="$lines" 'BEGIN {
  printf "upload %.2f s; job (claim to finish) %.2f s = %.0f rows/s; upload to results %.2f s = %.0f rows/s; results lines %d\n", up, job, r/job, all, r/all, l }'
