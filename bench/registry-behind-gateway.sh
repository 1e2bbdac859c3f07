# Sourced by the gateway benchmarks: wrk, Release builds of the gateway and the registry, the private platform
# (bench/private-platform.sh), the registry on 59102, and start_gateway PORT [env...] to run a gateway in front of it that
# limits nothing, waiting until it answers with the admin key $key.
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
scripts/setup.sh >/dev/null
dotnet build gateway -c Release --verbosity quiet -nologo >/dev/null
dotnet build services/registry -c Release --verbosity quiet -nologo >/dev/null

source bench/private-platform.sh
start_service Registry services/registry 59102 ConnectionStrings__registrydb="$pg=registry" MlOps__Registry__ArtifactRoot="$data/artifacts"
key="bench-admin-key-$(date +%s)"
start_gateway() { # port env...
  local port=$1; shift
  start_service Gateway gateway "$port" ConnectionStrings__gatewaydb="$pg=gateway" MLOPS_ADMIN_KEY=$key MlOps__Gateway__PermitPerSecond=1000000 \
    MlOps__Gateway__Burst=1000000 MlOps__Gateway__ClientAddressPermitPerSecond=10000000 MlOps__Gateway__ClientAddressBurst=10000000 \
    services__registry__http__0=http://127.0.0.1:59102 "$@"
  until curl -sf -m 1 "http://127.0.0.1:$port/api/registry/alive" -H "Authorization: Bearer $key" >/dev/null; do sleep 0.3; done
}
