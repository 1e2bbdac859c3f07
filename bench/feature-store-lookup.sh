#!/usr/bin/env bash
# Online lookup (docs/benchmarks.md, "Feature store"): a Release feature store on a private PostgreSQL, a warehouse table of
# N entities × 3 rows × 10 float features materialized into its online store, then POST /online-features for one random
# entity at a fixed rate (open loop, bench/MlOps.FeatureStore.Bench), GET /alive at the same rate, and pgbench reading the
# same online row (same table, same key shape) at the same rate, all in one run.
# Usage: bench/feature-store-lookup.sh [seconds] [rate] [entities]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
rate=${2:-5000}
entities=${3:-100000}
for project in services/feature-store bench/MlOps.FeatureStore.Bench; do
  flock /tmp/mlops-build.lock dotnet build "$project" -c Release --verbosity quiet -nologo >/dev/null
done
source bench/private-platform.sh
bench="dotnet bench/MlOps.FeatureStore.Bench/bin/Release/net10.0/MlOps.FeatureStore.Bench.dll"
PGPASSWORD=bench psql -h 127.0.0.1 -p 59432 -U mlops -d postgres -qc "CREATE DATABASE warehouse"
flock /tmp/mlops-build.lock $bench setup "$pg=warehouse" "$entities"
port=59120
start_service FeatureStore services/feature-store $port ConnectionStrings__featurestoredb="$pg=featurestore" \
  ConnectionStrings__warehouse="$pg=warehouse" MlOps__FeatureStore__MaterializationInterval=00:00:00
until curl -sf http://127.0.0.1:$port/alive >/dev/null; do sleep 0.3; done
token=$(bench_token acme features:read features:write)
flock /tmp/mlops-build.lock $bench run http://127.0.0.1:$port "$token" "$seconds" "$rate" "$entities"
# The same read straight from PostgreSQL: the lookup's query for one random entity, at the same rate.
cat > "$data/lookup.sql" <<SQL
\set id random(1, $entities)
SELECT o.features::text, o.event_time, o.materialized_at FROM unnest(ARRAY['stats'], ARRAY['["' || :id || '"]'], ARRAY[0]) AS q(v, k, n)
JOIN online_features o ON o.tenant_id = 'acme' AND o.view_name = q.v AND o.entity_key = q.k;
SQL
(cd "$data" && flock /tmp/mlops-build.lock env PGPASSWORD=bench pgbench -h 127.0.0.1 -p 59432 -U mlops -n -M prepared -c 16 -j 2 \
  -R "$rate" -T "$seconds" -l -f lookup.sql featurestore | grep -E "latency|tps|processed")
python3 - "$data" <<'PY'
import glob, sys
lat = sorted(int(line.split()[2]) / 1000 for f in glob.glob(sys.argv[1] + "/pgbench_log.*") for line in open(f))
at = lambda q: lat[min(len(lat) - 1, int(q * len(lat) + 0.999999) - 1)]
print(f"pgbench same read: n={len(lat)} p50={at(.5):.2f} ms p95={at(.95):.2f} ms p99={at(.99):.2f} ms max={lat[-1]:.2f} ms")
PY
