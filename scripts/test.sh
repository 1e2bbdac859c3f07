#!/usr/bin/env bash
# One command: install what is missing, start private PostgreSQL, RabbitMQ and Redis servers for the tests on their own
# ports and data folder, run every test project, and end with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/setup.sh || exit 1

data="${MLOPS_TEST_DATA_DIR:-$root/.mlops/test-data}"
# Below Linux's ephemeral range (32768-60999): a test's client socket could otherwise hold a server's port before it binds.
pg_port=26432 amqp_port=26672 dist_port=26673 redis_port=26379
rm -rf "$data" && mkdir -p "$data/s3"
pg_password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
rabbit_password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
redis_password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')

MLOPS_PG_PASSWORD=$pg_password scripts/local-infra/postgres.sh "$data/postgres" $pg_port > "$data/postgres.log" 2>&1 &
pg_pid=$!
MLOPS_RABBITMQ_PASSWORD=$rabbit_password scripts/local-infra/rabbitmq.sh "$data/rabbitmq" $amqp_port $dist_port mlops > "$data/rabbitmq.log" 2>&1 &
rabbit_pid=$!
# Redis for the feature store's online store tests (the same tests run against PostgreSQL and Redis).
MLOPS_REDIS_PASSWORD=$redis_password scripts/local-infra/redis.sh "$data/redis" $redis_port > "$data/redis.log" 2>&1 &
redis_pid=$!
# An S3-compatible server (s3rver, from the npm registry) for the registry's S3 artifact store tests.
tools="$root/.mlops/tools"
if [ ! -x "$tools/node_modules/.bin/s3rver" ]; then
  command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
  npm install --prefix "$tools" --no-audit --no-fund --silent s3rver@3.7.1 >/dev/null || { echo "could not install s3rver" >&2; exit 1; }
fi
# Debian's Chromium and its driver, for the incident page's browser test.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null \
    || { echo "could not install chromium and chromium-driver" >&2; exit 1; }
fi
# The official openai npm package, for the gateway's SDK compatibility test (pinned by its package-lock.json).
if [ ! -d tests/MlOps.Gateway.Tests/sdk-node/node_modules/openai ]; then
  npm ci --prefix tests/MlOps.Gateway.Tests/sdk-node --no-audit --no-fund --silent --engine-strict=false >/dev/null || { echo "could not install the openai npm package" >&2; exit 1; }
fi
# The official OpenTelemetry JS OTLP trace exporters, for the tracer's exporter test (pinned by its package-lock.json).
if [ ! -d tests/MlOps.AgentOpsTracer.Tests/exporter-node/node_modules/@opentelemetry/exporter-trace-otlp-proto ]; then
  npm ci --prefix tests/MlOps.AgentOpsTracer.Tests/exporter-node --no-audit --no-fund --silent --engine-strict=false >/dev/null || { echo "could not install the OpenTelemetry npm exporters" >&2; exit 1; }
fi
s3_port=26900
node "$tools/node_modules/.bin/s3rver" --address 127.0.0.1 --port $s3_port --directory "$data/s3" --configure-bucket mlops-test --silent > "$data/s3rver.log" 2>&1 &
s3_pid=$!
stop_servers() {
  kill -TERM $pg_pid $rabbit_pid $redis_pid $s3_pid 2>/dev/null
  wait $pg_pid $rabbit_pid $redis_pid $s3_pid 2>/dev/null
}
trap stop_servers EXIT

wait_for_port() {
  for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done
  echo "$2 did not start; see $data/$2.log" >&2; return 1
}
wait_for_port $pg_port postgres || exit 1
wait_for_port $amqp_port rabbitmq || exit 1
wait_for_port $s3_port s3rver || exit 1
wait_for_port $redis_port redis || exit 1
# Each test project gets its own virtual host, so their consumers never take each other's messages.
for vhost in functional messaging gateway inference inference-side trainer drift drift-compare guardrails ingest slo features features-redis deploy handback; do scripts/local-infra/rabbitmq-vhost.sh "$data/rabbitmq" $amqp_port $vhost mlops; done

export MLOPS_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=mlops;Password=$pg_password"
export MLOPS_TEST_RABBITMQ="amqp://mlops:$rabbit_password@127.0.0.1:$amqp_port"
export MLOPS_TEST_S3="http://127.0.0.1:$s3_port"
export MLOPS_TEST_REDIS="127.0.0.1:$redis_port,password=$redis_password"

dotnet build MlOps.sln --verbosity quiet -nologo || { echo "0 passed, 1 failed"; exit 1; }
log="$data/dotnet-test.log"
dotnet test --solution MlOps.sln --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Totals come from the runner's own summary lines of every test project.
passed=$(grep -E '^\s*succeeded:\s*[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^\s*failed:\s*[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -E '^\s*skipped:\s*[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
# CI shows only the end of this output: repeat the failed tests there, with the messages of the first three.
if [ "$failed" -gt 0 ]; then
  echo "== failed tests (up to 30; the first three with their messages; all of it in $log)"
  awk '/^failed /{n++; if (n > 30) exit; print; grab = (n <= 3); k = 0; next}
       grab && /^  from /{next}
       grab && /^    at /{grab = 0; next}
       grab && /^  /{if (k++ < 50) print; next}
       {grab = 0}' "$log"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
