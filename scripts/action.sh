#!/usr/bin/env bash
# The logic of the topolint GitHub Action (action.yml), kept here so that it can
# be tested with simulated GITHUB_* variables. Inputs arrive as INPUT_* variables
# (never interpolated into the script); outputs go to $GITHUB_OUTPUT.
#
#   TOPOLINT            the topolint binary (default: topolint on PATH)
#   INPUT_PATHS         whitespace-separated paths to check (default: .)
#   INPUT_CONFIG        a rule pack instead of .topolint.toml (optional)
#   INPUT_BASELINE      a baseline whose findings are hidden (optional)
#   INPUT_FAIL_ON       error | warning | never (default: error)
#   INPUT_DIFF_BASE     report only lines changed since this ref (empty: full scan)
#   INPUT_SARIF_FILE    where to write SARIF (default: $RUNNER_TEMP/topolint.sarif,
#                       outside the checked tree)
#   INPUT_ANNOTATIONS   true: print workflow-command annotations (default: true)
#
# It always exits 0 so that the SARIF upload runs; the action's last step fails
# the job with the exit code it sets as `exit-code`.
set -uo pipefail

topolint="${TOPOLINT:-topolint}"
read -r -a paths <<< "${INPUT_PATHS:-.}"
[ "${#paths[@]}" -gt 0 ] || paths=(.)
sarif="${INPUT_SARIF_FILE:-${RUNNER_TEMP:-/tmp}/topolint.sarif}"
# Reports are written outside the checked tree, so that no run reads another's.
work="$(mktemp -d "${RUNNER_TEMP:-/tmp}/topolint.XXXXXX")"
trap 'rm -rf "$work"' EXIT
json="$work/report.json"

args=(check --fail-on "${INPUT_FAIL_ON:-error}" --color never)
if [ -n "${INPUT_CONFIG:-}" ]; then
  args+=(--config "$INPUT_CONFIG")
fi
if [ -n "${INPUT_BASELINE:-}" ]; then
  args+=(--baseline "$INPUT_BASELINE")
fi
if [ -n "${INPUT_DIFF_BASE:-}" ]; then
  args+=(--diff-base "$INPUT_DIFF_BASE")
fi

code=0
"$topolint" "${args[@]}" --format sarif --output "$work/report.sarif" -- "${paths[@]}" || code=$?
"$topolint" "${args[@]}" --format json --output "$json" -- "${paths[@]}" || true
if [ "${INPUT_ANNOTATIONS:-true}" = "true" ]; then
  "$topolint" "${args[@]}" --format github -- "${paths[@]}" || true
fi

produced=false
if [ -s "$work/report.sarif" ] && mkdir -p "$(dirname "$sarif")" && cp "$work/report.sarif" "$sarif"; then
  produced=true
fi

count() { [ -s "$json" ] || return 0; sed -n "s/^ *\"$1\": \([0-9][0-9]*\).*/\1/p" "$json" | tail -n 1; }
errors="$(count errors)"
warnings="$(count warnings)"
notes="$(count notes)"
{
  echo "exit-code=$code"
  echo "errors=${errors:-0}"
  echo "warnings=${warnings:-0}"
  echo "findings=$(( ${errors:-0} + ${warnings:-0} + ${notes:-0} ))"
  if [ "$produced" = true ]; then echo "sarif-file=$sarif"; fi
} >> "${GITHUB_OUTPUT:-/dev/stdout}"

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### topolint"
    echo
    echo "${errors:-0} errors, ${warnings:-0} warnings (exit code $code)."
  } >> "$GITHUB_STEP_SUMMARY"
fi
exit 0
