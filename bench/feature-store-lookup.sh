#!/usr/bin/env bash
# Online lookup (docs/benchmarks.md, "Feature store"): Release feature stores on a private PostgreSQL — one with the PostgreSQL
# online store, one with the Redis online store (a private redis-server), and, given BEFORE=<a checkout of an earlier commit>,
# that commit's feature store as a same-run baseline — each over the same warehouse table of N entities × 3 rows × 10 float
# features, materialized, then POST /online-features for one random entity at a fixed rate (open loop,
# bench/MlOps.FeatureStore.Bench) and GET /alive at the same rate; then pgbench and redis-benchmark doing the same read
# (the lookup's SQL; HMGET of one entity's field), all in one run.
# Usage: [BEFORE=dir] bench/feature-store-lookup.sh [seconds] [rate] [entities]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
rate=${2:-5000}
entities=${3:-100000}
before=${BEFORE:-}
for project in services/feature-store bench/MlOps.FeatureStore.Bench ${before:+$before/services/feature-store}; do
  flock /tmp/mlops-build.lock dotnet build "$project" -c Release --verbosity quiet -nologo >/dev/null
done
source bench/private-platform.sh
MLOPS_REDIS_PASSWORD=bench scripts/local-infra/redis.sh "$data/redis" 59379 > "$data/redis.log" 2>&1 &
pids+=($!)
until (exec 3<>/dev/tcp/127.0.0.1/59379) 2>/dev/null; do sleep 0.3; done
bench="dotnet bench/MlOps.FeatureStore.Bench/bin/Release/net10.0/MlOps.FeatureStore.Bench.dll"
PGPASSWORD=bench psql -h 127.0.0.1 -p 59432 -U mlops -d postgres -qc "CREATE DATABASE warehouse"
bench_warehouse_access
flock /tmp/mlops-build.lock $bench setup "$pg=warehouse" "$entities"
bench_warehouse_grant acme acme__shop
common=(ConnectionStrings__warehouse="$warehouse_reader" MlOps__FeatureStore__MaterializationInterval=00:00:00)
start_service FeatureStore services/feature-store 59120 ConnectionStrings__featurestoredb="$pg=featurestore" "${common[@]}"
start_service FeatureStore services/feature-store 59121 ConnectionStrings__featurestoredb="$pg=featurestore_redis" "${common[@]}" \
  MlOps__FeatureStore__OnlineStore=redis ConnectionStrings__onlinestore="127.0.0.1:59379,password=bench"
targets=("postgres 59120" "redis 59121")
if [ -n "$before" ]; then
  start_service FeatureStore "$before/services/feature-store" 59122 ConnectionStrings__featurestoredb="$pg=featurestore_before" "${common[@]}"
  targets=("before-postgres 59122" "${targets[@]}")
fi
token=$(bench_token acme features:read features:write)
for target in "${targets[@]}"; do
  set -- $target
  until curl -sf http://127.0.0.1:$2/alive >/dev/null; do sleep 0.3; done
  echo "== $1 (feature store at :$2)"
  flock /tmp/mlops-build.lock $bench run http://127.0.0.1:$2 "$token" "$seconds" "$rate" "$entities"
done
# The same read straight from PostgreSQL: the lookup's query for one random entity, at the same rate.
cat > "$data/lookup.sql" <<SQL
\set id random(1, $entities)
SELECT q.n, o.features::text, o.event_time, o.materialized_at FROM unnest(ARRAY['stats'], ARRAY['["' || :id || '"]'], ARRAY[0]) AS q(v, k, n)
JOIN online_features o ON o.tenant_id = 'acme' AND o.view_name = q.v AND o.entity_key = q.k;
SQL
echo "== pgbench, the PostgreSQL store's read"
(cd "$data" && flock /tmp/mlops-build.lock env PGPASSWORD=bench pgbench -h 127.0.0.1 -p 59432 -U mlops -n -M prepared -c 16 -j 2 \
  -R "$rate" -T "$seconds" -l -f lookup.sql featurestore | grep -E "latency|tps|processed")
python3 - "$data" <<'PY'
import glob, sys
lat = sorted(int(line.split()[2]) / 1000 for f in glob.glob(sys.argv[1] + "/pgbench_log.*") for line in open(f))
at = lambda q: lat[min(len(lat) - 1, int(q * len(lat) + 0.999999) - 1)]
print(f"pgbench same read: n={len(lat)} p50={at(.5):.2f} ms p95={at(.95):.2f} ms p99={at(.99):.2f} ms max={lat[-1]:.2f} ms")
PY
# The same read straight from Redis: HMGET of one random entity's field in the view's hash. redis-benchmark substitutes
# __rand_int__ as a 12-digit number, so the hash is copied once under such field names (same values, same hash size).
echo "== redis-benchmark, the Redis store's read"
rcli=(redis-cli -p 59379 -a bench --no-auth-warning)
"${rcli[@]}" EVAL "local c = '0' repeat local p = redis.call('HSCAN', KEYS[1], c, 'COUNT', 1000) c = p[1]
  for i = 1, #p[2], 2 do redis.call('HSET', KEYS[2], string.format('%012d', tonumber(string.match(p[2][i], '%d+'))), p[2][i + 1]) end
  until c == '0' return redis.call('HLEN', KEYS[2])" 2 'mlops:fs:{acme/stats}' 'bench:copy'
# redis-benchmark has no rate limit: 16 connections, one command in flight each (closed loop, as fast as it goes).
flock /tmp/mlops-build.lock redis-benchmark -p 59379 -a bench -c 16 -n $((seconds * rate)) -r "$entities" --precision 3 --csv \
  HMGET bench:copy __rand_int__ 2>/dev/null | tail -n 2
