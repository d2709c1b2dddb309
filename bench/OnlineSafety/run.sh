#!/usr/bin/env bash
# Compares MigrationChain's online-safety analyzers with squawk on bench/OnlineSafety/fixtures and measures both
# linters' throughput. squawk-cli is installed here, into bench/OnlineSafety/.tools (ignored by git), for this
# benchmark only. Usage: bench/OnlineSafety/run.sh [compare|throughput|all] [copies] [runs]  (the table on stdout)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [ ! -x "$here/.tools/node_modules/.bin/squawk" ]; then
    mkdir -p "$here/.tools"
    [ -f "$here/.tools/package.json" ] || echo '{"private":true}' > "$here/.tools/package.json"
    (cd "$here/.tools" && npm install --no-audit --no-fund squawk-cli@2.66.0 >&2)
fi
dotnet build "$repo/src/Runtime/MigrationChain.Runtime.csproj" -c Release -nr:false -v q >&2
dotnet build "$here/MigrationChain.OnlineSafety.Benchmarks.csproj" -c Release -nr:false -v q >&2
exec dotnet "$here/bin/Release/net10.0/MigrationChain.OnlineSafety.Benchmarks.dll" "$here/.tools/node_modules/.bin/squawk" "$@"
