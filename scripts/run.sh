#!/usr/bin/env bash
# One command: install what is missing, then run the whole platform (Ctrl+C stops everything).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Where a container runtime answers, the AppHost runs PostgreSQL and RabbitMQ in containers and the services from their images
# (unless MlOps__Infrastructure__Mode=local or MlOps__Infrastructure__Services=projects): build those images first.
runtime="${DOTNET_ASPIRE_CONTAINER_RUNTIME:-docker}"
if [ "${MlOps__Infrastructure__Mode:-auto}" != local ] && [ "${MlOps__Infrastructure__Services:-auto}" != projects ] \
  && command -v "$runtime" >/dev/null && "$runtime" info >/dev/null 2>&1; then
  scripts/build-images.sh
fi
exec dotnet run --project AppHost
