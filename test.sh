#!/usr/bin/env bash
# Runs every test (unit, integration through the real HTTP pipeline and SQLite file, real MeCab, real Chromium),
# installing what is missing, and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh --tests || { echo "0 passed, 1 failed"; exit 1; }

results=TestResults
rm -rf "$results"
dotnet build MatchApi.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
dotnet test MatchApi.sln -c Release --no-build --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  field() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$((total + $(field total)))
  passed=$((passed + $(field passed)))
  failed=$((failed + $(field failed) + $(field error) + $(field timeout) + $(field aborted)))
done

if [[ $total -eq 0 ]]; then failed=$((failed + 1)); echo "No test ran." >&2; fi
echo "${passed} passed, ${failed} failed"
[[ $status -eq 0 && $failed -eq 0 && $total -gt 0 ]]
