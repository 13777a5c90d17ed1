#!/usr/bin/env python3
"""`check --diff-base` with and without a change of the topology, against a
full check, on a generated corpus (../shared/bench/gen_corpus.py).

  1. small diff: one config file changed                       (proportional to the diff)
  2. topology:   a node added to the pack (.topolint.toml)     (a full check with the
                 head's topology, plus the base's on the changed files)

each alternating, run by run, with a full check (`topolint check .`) of the same
tree, so that a drift of the machine's speed weighs on both alike.

    python3 bench/diff_base.py --files 20000 --runs 3

Standard library only; needs git.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATOR = REPO.parent / "shared" / "bench" / "gen_corpus.py"
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", "-c", "commit.gpgsign=false"]
PACK = 'extends = "keybuzz"\n'
NEW_NODE = '\n[[node]]\nname = "db-postgres-04"\naddress = "10.0.0.126"\nservice = "postgres"\n'


def timed(argvs: list[list[str]], cwd: Path, runs: int) -> list[float]:
    """Median wall time of each command, the commands run in turn: a drift
    of the machine's speed then weighs on each alike."""
    walls: list[list[float]] = [[] for _ in argvs]
    for _ in range(runs):
        for argv, times in zip(argvs, walls):
            start = time.perf_counter()
            subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    return [statistics.median(times) for times in walls]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--bin", type=Path, default=REPO / "target" / "release" / "topolint")
    args = parser.parse_args()
    if not GENERATOR.is_file():
        print(f"SKIPPED: {GENERATOR} is absent")
        return 0
    tree = args.out / f"diff-base-{args.files}"
    shutil.rmtree(tree, ignore_errors=True)
    subprocess.run([sys.executable, str(GENERATOR), "--files", str(args.files), "--seed", "7", "--out", str(tree), "--force"],
                   check=True, stdout=subprocess.DEVNULL)
    (tree / ".topolint.toml").write_text(PACK)
    subprocess.run(GIT + ["add", "-A"], cwd=tree, check=True)
    subprocess.run(GIT + ["commit", "-q", "-m", "pack"], cwd=tree, check=True)
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tree, check=True, capture_output=True, text=True).stdout.strip()
    check = [str(args.bin), "check", "--format", "json", "--output", "/dev/null"]

    # Each case alternates, run by run, with a full check of the same tree.
    # A small change: one file edited, the topology untouched.
    target = next(p for p in sorted(tree.rglob("*.env")) if ".git" not in p.parts)
    target.write_text(target.read_text() + "EXTRA=1\n")
    full_small, small = timed([check + ["."], check + ["--diff-base", base]], tree, args.runs)
    subprocess.run(["git", "checkout", "-q", "--", "."], cwd=tree, check=True)
    # The topology changes: a node added to the pack.
    (tree / ".topolint.toml").write_text(PACK + NEW_NODE)
    full_topology, topology = timed([check + ["."], check + ["--diff-base", base]], tree, args.runs)

    print(f"| run ({args.files} files) | median | full check, same series | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| --diff-base, one file changed | {small:.3f} s | {full_small:.3f} s | {small / full_small:.2f}x |")
    print(f"| --diff-base, a node added to the pack | {topology:.3f} s | {full_topology:.3f} s "
          f"| {topology / full_topology:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
