#!/usr/bin/env bash
# ks + wasserstein + psi on 1M reference × 1M current rows × 10 numeric columns: .NET (MlOps.Drift.Benchmarks) against
# scipy/numpy (Debian's python3-scipy) on the same arrays in the same run; the scipy script also checks the results agree.
# Usage: bench/drift-stats.sh [rows] [columns] [repetitions]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000} columns=${2:-10} repetitions=${3:-5}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
/usr/bin/python3 -c "import scipy" 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-scipy >/dev/null; }
dotnet build bench/MlOps.Drift.Benchmarks -c Release --verbosity quiet -nologo
dotnet bench/MlOps.Drift.Benchmarks/bin/Release/net10.0/MlOps.Drift.Benchmarks.dll "$data" "$rows" "$columns" "$repetitions"
/usr/bin/python3 bench/drift-stats-scipy.py "$data" 3
