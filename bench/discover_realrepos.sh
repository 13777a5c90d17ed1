#!/usr/bin/env bash
# `topolint init --discover` measured on the shared real repositories: for
# each, the pack discovery writes is compared with the hand-written one
# (which nodes and endpoints it found, missed or added) and scored as the
# hand-written pack is (the same checkout, check and score.py as run.sh).
#
#   usage: bench/discover_realrepos.sh TOPOLINT_BIN [REALREPOS_DIR] [REPO...]
#          (REALREPOS_DIR defaults to ../shared/realrepos)
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
here=${1:-../shared/realrepos}; [ $# -gt 0 ] && shift
here=$(cd "$here" && pwd)
repos=("$@")
[ ${#repos[@]} -gt 0 ] || repos=(autobase patroni patroni-ha-dockerized redis-sentinel-cluster)
work=$(mktemp -d "${TMPDIR:-/tmp}/discover.XXXXXX")
trap 'rm -rf "$work"' EXIT
for name in "${repos[@]}"; do
  echo "== $name"
  tar -xzf "$here/snapshots/$name.tar.gz" -C "$work"
  ( cd "$work/$name" && git init -q && git add -f -A && \
    git -c user.name=snapshot -c user.email=snapshot@localhost commit -q -m snapshot )
  pack="$work/$name.discovered.toml"  # outside the checkout: a pack names nodes
  (cd "$work/$name" && "$bin" init --discover --output "$pack") 2>&1 | sed 's/^/  /'
  python3 - "$here/packs/$name.toml" "$pack" <<'PY'
import sys, tomllib
def entries(path):
    pack = tomllib.load(open(path, "rb"))
    hosts = {}
    for table in ("node", "endpoint"):
        for entry in pack.get(table, []):
            keys = set(entry.get("hostnames", []))
            for address in [entry.get("address")] + entry.get("addresses", []):
                if address and not address.startswith("198.51.100."):  # the hand packs' placeholders
                    keys.add(address)
            hosts[(table, entry["name"])] = {k.lower() for k in keys}
    return hosts
hand, found = entries(sys.argv[1]), entries(sys.argv[2])
for table in ("node", "endpoint"):
    h = {n: k for (t, n), k in hand.items() if t == table}
    f = {n: k for (t, n), k in found.items() if t == table}
    matched = {n for n, keys in h.items() if any(keys & other for other in f.values())}
    added = {n for n, keys in f.items() if not any(keys & other for other in h.values())}
    print(f"  {table}s: hand {len(h)}, discovered {len(f)}, found {len(matched)}, "
          f"missed {sorted(set(h) - matched)}, added {sorted(added)}")
PY
  (cd "$work/$name" && NO_COLOR=1 "$bin" check --config "$pack" --format json --output "$work/$name.json" . > /dev/null 2>&1)
  echo "  discovered pack:   $(python3 "$here/score.py" "$here/truth/$name.json" "$work/$name.json" | tail -n 1)"
  (cd "$work/$name" && NO_COLOR=1 "$bin" check --config "$here/packs/$name.toml" --format json --output "$work/$name.hand.json" . > /dev/null 2>&1)
  echo "  hand-written pack: $(python3 "$here/score.py" "$here/truth/$name.json" "$work/$name.hand.json" | tail -n 1)"
done
