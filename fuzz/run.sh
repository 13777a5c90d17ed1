#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), two at a time, with
# corpora seeded from testdata/. The machine has only the stable toolchain;
# RUSTC_BOOTSTRAP lets cargo-fuzz use the nightly flags it needs. Crashes land
# in fuzz/artifacts/TARGET/; minimize them and commit them as fixtures under
# testdata/regressions/.
#   cargo install cargo-fuzz --locked && bash fuzz/run.sh 600
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
seed() {
  mkdir -p "corpus/$1"
  shift_dir="$1"; shift
  for file in "$@"; do [ -f "$file" ] && cp "$file" "corpus/$shift_dir/"; done
}
seed dotenv ../testdata/dotenv/*.env
seed yaml ../testdata/yaml/*.yaml ../testdata/yaml/*.yml
seed shell ../testdata/shell/*.sh ../testdata/shell/failover-check
seed text ../testdata/text/*
seed pack ../rules/keybuzz.toml
rm -f corpus/*/*.expected
export RUSTC_BOOTSTRAP=1
RUSTC_BOOTSTRAP=1 cargo fuzz build -O 2>&1 | tail -1
run() {
  cargo fuzz run "$1" "corpus/$1" -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 > "run-$1.log" 2>&1
  echo "$1: exit $? — $(grep -E '^#[0-9]+' "run-$1.log" | tail -1)"
}
run dotenv & run yaml & wait
run shell & run text & wait
run pack
