#!/usr/bin/env bash
# Two gateway builds side by side: 200 (or N) paced streams at once go to the provider directly, to the gateway built
# from REVISION and to the gateway of this working tree in turn, five-second blocks each, same provider, same database, same
# virtual key — so a change's effect on stream latency is not lost in the run-to-run noise of this shared machine.
# Usage: bench/gateway/stream-ab.sh REVISION [seconds per target] [streams] [route: v1 | api/guardrail-gateway/v1]
set -euo pipefail
cd "$(dirname "$0")/../.."
revision=$1 seconds=${2:-20} streams=${3:-200} route=${4:-v1}
base=$(mktemp -d /tmp/mlops-ab.XXXXXX)
git worktree add -q --detach "$base" "$revision"
trap 'git worktree remove --force "$base"' EXIT
dotnet build "$base/gateway" -c Release --verbosity quiet -nologo >/dev/null
source bench/gateway/llm-platform.sh
trap 'cleanup; git worktree remove --force "$base"' EXIT
start_gateway "$base/gateway" 59081
base_pid=${pids[-1]}
until curl -sf -m 1 -o /dev/null http://127.0.0.1:59081/health; do sleep 0.3; done
key=$admin; [ "$route" = v1 ] && key=$(virtual_key rules)
base_url=http://127.0.0.1:59081/$route this_url=http://127.0.0.1:59080/$route
$load streams "$base_url,$this_url" "$key,$key" $streams 30 >/dev/null
before_base=$(cpu $base_pid) before_this=$(cpu)
echo "== target 1: direct, target 2: gateway at $revision, target 3: this tree's gateway"
$load streams "$direct,$base_url,$this_url" "-,$key,$key" $streams $((seconds * 3))
echo "  gateway CPU: $revision $(( ($(cpu $base_pid) - before_base) * 10 )) ms, this tree $(( ($(cpu) - before_this) * 10 )) ms"
