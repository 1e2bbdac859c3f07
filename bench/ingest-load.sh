#!/usr/bin/env bash
# The ingest service's figures (docs/benchmarks.md, "Ingest"), each against a baseline measured in the same run, under the
# shared build lock so no build takes the CPU mid-measurement. Needs MLOPS_TEST_POSTGRES (source /tmp/devinfra/env).
# Usage: bench/ingest-load.sh csv [rows] [rounds] | merge [base rows] [rounds] | replication [rows] [changed] [rounds] [delete-insert|upsert|append]
#        | rest [pages] [rounds] | memory <small rows> <large rows>
set -euo pipefail
cd "$(dirname "$0")/.."
lock=/tmp/mlops-build.lock
flock "$lock" dotnet build bench/MlOps.Ingest.Bench -c Release -v q -nologo
bench=bench/MlOps.Ingest.Bench/bin/Release/net10.0/MlOps.Ingest.Bench.dll
data=$(mktemp -d /tmp/ingest-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT
figure=$1
shift
if [ "$figure" = memory ]; then
    # One process per file size: the peak resident memory is the process's own.
    for rows in "$@"; do
        # Files are read from the files root's folder of the bench's tenant.
        mkdir -p "$data/bench"
        dotnet "$bench" "$data" generate "$data/bench/rows-$rows.csv" "$rows"
        flock "$lock" dotnet "$bench" "$data" memory "$data/bench/rows-$rows.csv"
        rm -f "$data/bench/rows-$rows.csv"
    done
else
    flock "$lock" dotnet "$bench" "$data" "$figure" "$@"
fi
