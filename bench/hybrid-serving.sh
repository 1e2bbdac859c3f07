#!/usr/bin/env bash
# Hybrid serving's added latency (docs/benchmarks.md, "Feature store"): the demo model scored through :predict with its nine
# features spelled out, against the same model registered with a feature service and scored by entity key alone (inference
# looks the entity up in the feature store's online store), with wrk at a few connections, and a plain Kestrel endpoint
# (the registry's /alive) as the run's baseline. Release builds, private PostgreSQL/RabbitMQ, no Aspire.
# Usage: bench/hybrid-serving.sh [seconds per measurement] [connections] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
connections=${2:-8}
rounds=${3:-2}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
for project in gateway services/registry services/trainer services/inference services/feature-store; do
  flock /tmp/mlops-build.lock dotnet build "$project" -c Release --verbosity quiet -nologo >/dev/null
done
source bench/private-platform.sh
key="bench-admin-key-$(date +%s)"
start_service Gateway gateway 59080 ConnectionStrings__gatewaydb="$pg=gateway" MLOPS_ADMIN_KEY=$key
start_service Registry services/registry 59102 ConnectionStrings__registrydb="$pg=registry" MlOps__Registry__ArtifactRoot="$data/artifacts"
start_service Trainer services/trainer 59103 ConnectionStrings__trainerdb="$pg=trainer" MlOps__Trainer__RegistryUrl=http://127.0.0.1:59102

# 1,000 demo applicants with ids, in the warehouse schema the feature store reads for tenant admin, dataset lending.
PGPASSWORD=bench psql -h 127.0.0.1 -p 59432 -U mlops -d postgres -qc "CREATE DATABASE warehouse"
bench_warehouse_access
PGPASSWORD=bench psql -h 127.0.0.1 -p 59432 -U mlops -d warehouse -q <<SQL
CREATE SCHEMA admin__lending;
CREATE TABLE admin__lending.applicants (age float8, income float8, employment_years float8, loan_amount float8, credit_utilization float8,
  late_payments_12m float8, debt_to_income float8, home_ownership text, purpose text, defaulted int,
  applicant_id bigint GENERATED ALWAYS AS IDENTITY, updated_at timestamptz DEFAULT now() - interval '1 hour');
\copy admin__lending.applicants (age, income, employment_years, loan_amount, credit_utilization, late_payments_12m, debt_to_income, home_ownership, purpose, defaulted) FROM PROGRAM 'head -1001 services/trainer/DemoData/credit-default.csv' CSV HEADER
SQL
bench_warehouse_grant admin admin__lending
start_service FeatureStore services/feature-store 59105 ConnectionStrings__featurestoredb="$pg=featurestore" ConnectionStrings__warehouse="$warehouse_reader" \
  MlOps__FeatureStore__MaterializationInterval=00:00:00
start_service Inference services/inference 59104 ConnectionStrings__inferencedb="$pg=inference" MlOps__Inference__RegistryUrl=http://127.0.0.1:59102 \
  MlOps__Inference__FeatureStoreUrl=http://127.0.0.1:59105 MlOps__Inference__ModelCache="$data/models" MlOps__Inference__Jobs__Root="$data/jobs"

token=$(bench_token admin inference:read inference:predict registry:read registry:write registry:promote features:read features:write)
auth="Authorization: Bearer $token"
json=(-H "$auth" -H 'Content-Type: application/json')
until curl -sf -m 1 http://127.0.0.1:59104/v2/models/credit-default/ready -H "$auth" >/dev/null; do sleep 0.5; done
until curl -sf -m 1 http://127.0.0.1:59105/alive >/dev/null; do sleep 0.5; done

fs=http://127.0.0.1:59105
curl -sf -X PUT $fs/entities/applicant "${json[@]}" -d '{"joinKeys": ["applicant_id"]}' >/dev/null
features='[{"name":"age","type":"float64"},{"name":"income","type":"float64"},{"name":"employment_years","type":"float64"},{"name":"loan_amount","type":"float64"},
  {"name":"credit_utilization","type":"float64"},{"name":"late_payments_12m","type":"float64"},{"name":"debt_to_income","type":"float64"},
  {"name":"home_ownership","type":"string"},{"name":"purpose","type":"string"}]'
curl -sf -X PUT $fs/feature-views/applicants "${json[@]}" -d "{\"dataset\": \"lending\", \"table\": \"applicants\", \"entities\": [\"applicant\"],
  \"timestampColumn\": \"updated_at\", \"ttlSeconds\": 604800, \"features\": $features}" >/dev/null
curl -sf -X PUT $fs/feature-services/credit "${json[@]}" -d '{"features": [{"view": "applicants"}]}' >/dev/null
run=$(curl -sf -X POST $fs/materializations "${json[@]}" -d '{}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
until curl -sf $fs/materializations/$run -H "$auth" | grep -q '"status":"succeeded"'; do sleep 0.3; done

# The demo model's artifact registered again as credit-hybrid, with the feature service in its lineage.
reg=http://127.0.0.1:59102
curl -sf $reg/models/credit-default/versions/1/artifact -H "$auth" -o "$data/demo.onnx"
curl -sf -X POST $reg/models "${json[@]}" -d '{"name": "credit-hybrid"}' >/dev/null
curl -sf -X POST $reg/models/credit-hybrid/versions -H "$auth" -F 'metadata={"metrics":{"auc":0.75},"lineage":{"featureService":"credit"}};type=application/json' \
  -F "artifact=@$data/demo.onnx;type=application/octet-stream" >/dev/null
curl -sf -X POST $reg/models/credit-hybrid/versions/1/load-tests "${json[@]}" -d '{"source":"load-test","requests":1000,"errorRate":0,"p99Milliseconds":20}' >/dev/null
curl -sf -X PUT $reg/models/credit-hybrid/aliases/champion "${json[@]}" -d '{"version": 1}' >/dev/null
until curl -sf -m 1 http://127.0.0.1:59104/v2/models/credit-hybrid/ready -H "$auth" >/dev/null; do sleep 0.5; done

# Applicant 17, spelled out and by key; both must answer the same before anything is timed.
row=$(sed -n 18p services/trainer/DemoData/credit-default.csv)
IFS=, read -r age income years amount util late dti home purpose _ <<< "$row"
echo "{\"instances\":[{\"age\":$age,\"income\":$income,\"employment_years\":$years,\"loan_amount\":$amount,\"credit_utilization\":$util,\"late_payments_12m\":$late,\"debt_to_income\":$dti,\"home_ownership\":\"$home\",\"purpose\":\"$purpose\"}]}" > "$data/spelled.json"
echo '{"instances":[{"applicant_id":17}]}' > "$data/keyed.json"
echo '{"featureService":"credit","entities":[{"applicant_id":17}]}' > "$data/lookup.json"
spelled=$(curl -sf http://127.0.0.1:59104/v1/models/credit-hybrid:predict "${json[@]}" -d @"$data/spelled.json" | sed -E 's/.*"predictions"//')
keyed=$(curl -sf http://127.0.0.1:59104/v1/models/credit-hybrid:predict "${json[@]}" -d @"$data/keyed.json" | sed -E 's/.*"predictions"//')
[ "$spelled" = "$keyed" ] || { echo "spelled-out and keyed answers differ: $spelled vs $keyed" >&2; exit 1; }
echo "same answer both ways: $keyed"

measure() { # label url [body]
  local label=$1 url=$2 body=${3:-}
  local args=(-t2 -c"$connections" --latency)
  if [ -n "$body" ]; then
    env WRK_BODY="$body" WRK_KEY="$token" wrk "${args[@]}" -d5s -s bench/inference/oip-infer.lua "$url" >/dev/null
    out=$(env WRK_BODY="$body" WRK_KEY="$token" wrk "${args[@]}" -d"${seconds}s" -s bench/inference/oip-infer.lua "$url")
  else
    out=$(wrk "${args[@]}" -d"${seconds}s" "$url")
  fi
  printf '%-34s %s  p50 %s  p99 %s  %s\n' "$label" "$(echo "$out" | grep Requests/sec)" "$(echo "$out" | grep -E '^\s+50%' | awk '{print $2}')" \
    "$(echo "$out" | grep -E '^\s+99%' | awk '{print $2}')" "$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr '\n' ' ' || true)"
}
for round in $(seq 1 "$rounds"); do
  echo "round $round, $connections connections, ${seconds} s each"
  measure "plain Kestrel GET /alive" $reg/alive
  measure ":predict, 9 features spelled out" http://127.0.0.1:59104/v1/models/credit-hybrid:predict "$data/spelled.json"
  measure ":predict by entity key" http://127.0.0.1:59104/v1/models/credit-hybrid:predict "$data/keyed.json"
  measure "online lookup alone (feature store)" $fs/online-features "$data/lookup.json"
done
