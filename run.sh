#!/usr/bin/env bash
# Runs MatchApi on http://localhost:5080 (override with URLS=...), installing MeCab/IPADIC first if missing.
# The catalog database is created and loaded from data/ on first start (ConnectionStrings__Catalog to move it).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
exec dotnet run --project src/MatchApi/MatchApi.csproj -c Release -- --urls "${URLS:-http://localhost:5080}" "$@"
