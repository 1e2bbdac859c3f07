#!/usr/bin/env bash
# One command: install what is missing, then run the whole platform (Ctrl+C stops everything).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec dotnet run --project AppHost
