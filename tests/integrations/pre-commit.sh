#!/usr/bin/env bash
# The pre-commit hook with the real pre-commit framework: `pre-commit try-repo`
# against this checkout, in a throwaway repository. A violating file fails the
# hook; a clean one passes. Needs git and pre-commit (pip install pre-commit).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
export PRE_COMMIT_HOME="$here/target/pre-commit-home"       # cached hook environments
export CARGO_TARGET_DIR="$here/target"                       # share built dependencies
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
git init -q -b main
git config user.email ci@example.com
git config user.name ci

printf 'DATABASE_URL=postgresql://app:pw@10.0.0.121:5432/app\n' > app.env
git add app.env
echo "--- pre-commit try-repo on a violating file (must fail)"
if pre-commit try-repo "$here" topolint --files app.env > out.txt 2>&1; then
  cat out.txt
  echo "FAIL: the hook passed a file that names a database node"
  exit 1
fi
cat out.txt
grep -q "node-address" out.txt || { echo "FAIL: the hook output does not name the rule"; exit 1; }
if grep -q ":pw@" out.txt; then echo "FAIL: the hook printed the password"; exit 1; fi

printf 'DATABASE_URL=postgresql://app:pw@10.0.0.10:5432/app\n' > app.env
printf '# Notes: the old primary was 10.0.0.121\n' > NOTES.md
git add app.env NOTES.md
echo "--- pre-commit try-repo on clean files (must pass; NOTES.md is excluded documentation)"
pre-commit try-repo "$here" topolint --files app.env NOTES.md
git commit -q -m base

echo "--- topolint-staged: a staged pack change checks untouched files against it (must fail)"
printf '#!/bin/sh\nCANDIDATE_IPS=(10.0.0.120 10.0.0.121 10.0.0.122)\n' > discover.sh
printf 'extends = "base"\n' > .topolint.toml
git add discover.sh .topolint.toml
git commit -q -m "discovery list"
printf 'extends = "keybuzz"\n\n[[node]]\nname = "db-postgres-04"\naddress = "10.0.0.126"\nservice = "postgres"\n' > .topolint.toml
git add .topolint.toml
if pre-commit try-repo "$here" topolint-staged > out.txt 2>&1; then
  cat out.txt
  echo "FAIL: a node added to the pack passed while a discovery list lacks it"
  exit 1
fi
cat out.txt
grep -q "lacks postgres node db-postgres-04" out.txt || { echo "FAIL: the missing node is not named"; exit 1; }
echo "pre-commit hook: ok"
