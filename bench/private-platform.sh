# Sourced by the benchmarks: private PostgreSQL (59432) and RabbitMQ (59672) in a scratch folder, stopped and
# removed on exit, and start_service to run a Release build of a service against them (its log in the scratch folder).
# The platform identity: a signing key of the run's own, which the gateway (59080, started by the benchmark) signs with and
# every service trusts (MlOps__Identity__Jwks); bench_token TENANT SCOPE... signs a token for calling a service directly.
data=$(mktemp -d /tmp/mlops-bench.XXXXXX)
MLOPS_PG_PASSWORD=bench scripts/local-infra/postgres.sh "$data/postgres" 59432 > "$data/postgres.log" 2>&1 &
pids=($!)
MLOPS_RABBITMQ_PASSWORD=bench scripts/local-infra/rabbitmq.sh "$data/rabbitmq" 59672 59673 mlops > "$data/rabbitmq.log" 2>&1 &
pids+=($!)
cleanup() { kill -TERM "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT
until (exec 3<>/dev/tcp/127.0.0.1/59432) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/59672) 2>/dev/null; do sleep 0.3; done

pg="Host=127.0.0.1;Port=59432;Username=mlops;Password=bench;Database"
export ConnectionStrings__messaging="amqp://mlops:bench@127.0.0.1:59672" Logging__LogLevel__Default=Warning
dotnet build bench/MlOps.Bench.Tokens -c Release --verbosity quiet -nologo >/dev/null
tokens="dotnet bench/MlOps.Bench.Tokens/bin/Release/net10.0/MlOps.Bench.Tokens.dll"
$tokens key "$data/signing-key.pem"
bench_token() { $tokens token "$data/signing-key.pem" "$@"; }
metrics_auth="Authorization: Bearer bench-metrics-credential"
export MlOps__Identity__Jwks="$($tokens jwks "$data/signing-key.pem")" MlOps__Identity__TokenUrl=http://127.0.0.1:59080/identity/token \
  MlOps__Identity__ServiceSecret=bench-service-credential MlOps__Identity__MetricsCredential=bench-metrics-credential \
  MlOps__Gateway__Identity__SigningKeys__0="$(cat "$data/signing-key.pem")" MlOps__Gateway__Identity__Services__trainer=bench-service-credential \
  MlOps__Gateway__Identity__Services__inference=bench-service-credential MlOps__Gateway__Identity__Services__drift=bench-service-credential
start_service() { # name dir port env...   (its pid, the service process itself, ends pids)
  local name=$1 dir=$2 port=$3; shift 3
  (cd "$dir/bin/Release/net10.0" && exec env MlOps__Identity__ServiceName="$(basename "$dir")" "$@" ASPNETCORE_URLS=http://127.0.0.1:$port "./MlOps.$name") \
    > "$data/$name-$port.log" 2>&1 &
  pids+=($!)
}
# The warehouse as the AppHost provisions it (services/contracts/warehouse-access.sql): the bench's superuser "mlops" is the
# loader, "warehouse_reader" the read-only login; bench_warehouse_grant TENANT SCHEMA lets TENANT's role read a schema the
# bench wrote. The feature store reads through $warehouse_reader.
bench_warehouse_access() {
  PGPASSWORD=bench psql -h 127.0.0.1 -p 59432 -U mlops -d postgres -qc "CREATE ROLE warehouse_reader LOGIN PASSWORD 'bench'" >/dev/null
  PGPASSWORD=bench psql -h 127.0.0.1 -p 59432 -U mlops -d warehouse -q -v ON_ERROR_STOP=1 -f services/contracts/warehouse-access.sql \
    -c "SELECT warehouse_access.configure('mlops', 'warehouse_reader')" >/dev/null
}
bench_warehouse_grant() {
  PGPASSWORD=bench psql -h 127.0.0.1 -p 59432 -U mlops -d warehouse -q -v ON_ERROR_STOP=1 -c "SELECT warehouse_access.grant_tenant_schema('$1', '$2')" >/dev/null
}
warehouse_reader="Host=127.0.0.1;Port=59432;Username=warehouse_reader;Password=bench;Database=warehouse"
