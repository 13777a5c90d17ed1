#!/usr/bin/env bash
# --metrics against the real Prometheus tools: the textfile a clean run, a
# run with findings and a run that cannot start each write is valid
# exposition format, and the shipped alert rules are valid rules.
set -euo pipefail
cd "$(dirname "$0")/../.."
topolint="$PWD/target/debug/topolint"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

printf 'DATABASE_URL=postgresql://app@10.0.0.10:5432/app\n' > "$work/clean.env"
"$topolint" check "$work/clean.env" --metrics "$work/clean.prom" > /dev/null
grep -qx 'topolint_scan_complete 1' "$work/clean.prom"

printf 'DATABASE_URL=postgresql://app@10.0.0.121:5432/app\n' > "$work/pinned.env"
status=0
"$topolint" check "$work/pinned.env" --metrics "$work/pinned.prom" > /dev/null || status=$?
[ "$status" -eq 1 ] || { echo "expected exit 1, got $status"; exit 1; }
grep -qx 'topolint_findings{rule="node-address",severity="error"} 1' "$work/pinned.prom"

printf 'extends = "nope"\n' > "$work/bad.toml"
status=0
"$topolint" check "$work/clean.env" --config "$work/bad.toml" --metrics "$work/bad.prom" 2> /dev/null || status=$?
[ "$status" -eq 2 ] || { echo "expected exit 2, got $status"; exit 1; }
grep -qx 'topolint_scan_complete 0' "$work/bad.prom"

for file in clean pinned bad; do
  promtool check metrics < "$work/$file.prom"
done
promtool check rules contrib/prometheus/topolint-alerts.yml
echo "metrics and alert rules verified"
