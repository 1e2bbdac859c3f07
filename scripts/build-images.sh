#!/usr/bin/env bash
# Builds every service's container image (mlops/<service>:dev) into the local Docker or Podman (the SDK finds either) with the
# .NET SDK's container publishing (the recipe is in Directory.Build.props). The AppHost runs these images when PostgreSQL and
# RabbitMQ run as containers.
set -euo pipefail
cd "$(dirname "$0")/.."
projects=(gateway/MlOps.Gateway.csproj services/*/MlOps.*.csproj)
for project in "${projects[@]}"; do
  # Only web projects carry a recipe (they name their ContainerRepository).
  grep -q "<ContainerRepository>" "$project" || continue
  echo "building the image of $project"
  dotnet publish "$project" -c Release -t:PublishContainer --verbosity quiet -nologo
done
