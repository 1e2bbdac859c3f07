#!/usr/bin/env bash
# Point-in-time join at scale (docs/benchmarks.md, "Feature store"): a Release feature store on a private PostgreSQL, a
# warehouse feature table of ENTITIES × ROWS_PER_ENTITY rows (10 float features, indexed by key and time) and an entity table
# of ENTITY_ROWS labelled rows at random times; the training set built through POST /training-sets (time, the service's
# peak resident memory), and in the same run the same join as plain SQL (LATERAL, and the window form) as the baseline.
# Usage: bench/feature-store-pit.sh [entities] [rows per entity] [entity rows] [ttl days]
set -euo pipefail
cd "$(dirname "$0")/.."
entities=${1:-1000000}
per_entity=${2:-10}
entity_rows=${3:-1000000}
ttl_days=${4:-3}
for project in services/feature-store bench/MlOps.FeatureStore.Bench; do
  flock /tmp/mlops-build.lock dotnet build "$project" -c Release --verbosity quiet -nologo >/dev/null
done
source bench/private-platform.sh
bench="dotnet bench/MlOps.FeatureStore.Bench/bin/Release/net10.0/MlOps.FeatureStore.Bench.dll"
PGPASSWORD=bench psql -h 127.0.0.1 -p 59432 -U mlops -d postgres -qc "CREATE DATABASE warehouse"
bench_warehouse_access
$bench pit-setup "$pg=warehouse" "$entities" "$per_entity" "$entity_rows"
bench_warehouse_grant acme acme__shop
start_service FeatureStore services/feature-store 59120 ConnectionStrings__featurestoredb="$pg=featurestore" \
  ConnectionStrings__warehouse="$warehouse_reader" MlOps__FeatureStore__MaterializationInterval=00:00:00
service_pid=${pids[-1]}
until curl -sf http://127.0.0.1:59120/alive >/dev/null; do sleep 0.3; done
token=$(bench_token acme features:read features:write)
flock /tmp/mlops-build.lock $bench pit-baseline "$pg=warehouse" "$ttl_days"
flock /tmp/mlops-build.lock $bench pit-run http://127.0.0.1:59120 "$token" "$ttl_days" "$service_pid" || { tail -40 "$data/FeatureStore-59120.log"; exit 1; }
