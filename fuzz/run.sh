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
  local target="$1"; shift
  mkdir -p "corpus/$target"
  for file in "$@"; do if [ -f "$file" ]; then cp "$file" "corpus/$target/"; fi; done
}
seed dotenv ../testdata/dotenv/*.env
seed yaml ../testdata/yaml/*.yaml ../testdata/yaml/*.yml
seed shell ../testdata/shell/*.sh ../testdata/shell/failover-check ../testdata/regressions/fuzz/*
seed text ../testdata/regressions/fuzz/*
seed yaml ../testdata/regressions/fuzz/*
seed text ../testdata/text/*
seed pack ../rules/keybuzz.toml
rm -f corpus/*/*.expected
export RUSTC_BOOTSTRAP=1
# Build once, then run the built binaries: `cargo fuzz run` would rebuild from
# whatever the source is at that moment.
cargo fuzz build -O 2>&1 | tail -1
bin="target/$(rustc -vV | sed -n 's/^host: //p')/release"
mkdir -p artifacts
run() {
  local status=0
  mkdir -p "artifacts/$1"
  "$bin/$1" "corpus/$1" -artifact_prefix="artifacts/$1/" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 > "run-$1.log" 2>&1 || status=$?
  echo "$1: exit $status; last status line: $(grep -aE '^#[0-9]+' "run-$1.log" | tail -1)"
  grep -aE 'Done [0-9]+ runs' "run-$1.log" || true
}
run dotenv & run yaml & wait
run shell & run text & wait
run pack
