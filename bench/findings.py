#!/usr/bin/env python3
"""Memory and time where findings pile up: SPEC §7's long-line bars.

Generates (under bench/out/, cached):

  one-line.json   10 MB of minified JSON on one line: 20 000 objects, each a
                  node address, a password and a long note (two of the
                  three PostgreSQL nodes: a pin each, where every node would
                  be a node set and no finding)
  dense-line.json the same 20 000 objects without the note, about 60 bytes
                  apart: the windows of their snippets overlap
  many.env        200 000 findings in one ordinary file (`PGHOST=<node>`)

and runs `topolint check` on each in every format (human, json, sarif,
github), printing wall time and peak RSS, and the memory per finding of
many.env: (peak RSS - peak RSS on a one-finding file) / findings.

Targets: the one-line JSON within 200 MiB and a few seconds in every format;
at most 0.6 KB per finding.

    python3 bench/findings.py            # after cargo build --release
    python3 bench/findings.py --runs 5

Needs GNU time (apt-get install time). Standard library only.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from bench import HERE, REPO, run

NODES = ["10.0.0.120", "10.0.0.121", "10.0.0.122", "10.0.0.123", "10.0.0.124", "10.0.0.125"]
FORMATS = ["human", "json", "sarif", "github"]
RSS_TARGET_MIB = 200
KB_PER_FINDING_TARGET = 0.6


def one_line_json(path: Path, objects: int = 20_000, size: int = 10_000_000) -> None:
    """About `size` bytes (under the default 10 MiB file limit) on one line."""

    def text(note: int) -> str:
        servers = [
            {"id": i, "host": NODES[i % 2], "password": f"pw-{i:06d}-secret", "note": "x" * note}
            for i in range(objects)
        ]
        return json.dumps({"servers": servers}, separators=(",", ":"))

    bare = len(text(0))
    path.write_text(text(max(0, (size - bare) // objects)))


def dense_line_json(path: Path, objects: int = 20_000) -> None:
    """One line of objects naming two of the three PostgreSQL nodes (a pin each)."""
    servers = [{"id": i, "host": NODES[i % 2], "password": f"pw-{i:06d}"} for i in range(objects)]
    path.write_text(json.dumps({"servers": servers}, separators=(",", ":")))


def many_findings(path: Path, lines: int) -> None:
    path.write_text("".join(f"PGHOST={NODES[i % 3]}\n" for i in range(lines)))


def median_run(binary: Path, target: Path, fmt: str, runs: int) -> tuple[float, float, int]:
    """Median wall seconds, median peak RSS in MiB and exit code."""
    walls, rsss, code = [], [], 0
    for _ in range(runs):
        wall, rss, code = run(
            [str(binary), "check", target.name, "--format", fmt, "--color", "never"], target.parent
        )
        walls.append(wall)
        rsss.append(rss / 1024)
    return statistics.median(walls), statistics.median(rsss), code


def line_bar_missed(binary: Path, target: Path, runs: int) -> bool:
    """Prints a long line's wall time and peak RSS per format; whether any missed the bar."""
    missed = False
    print(f"{'format':8} {'wall':>8} {'peak RSS':>10}")
    for fmt in FORMATS:
        wall, rss, code = median_run(binary, target, fmt, runs)
        miss = "" if rss <= RSS_TARGET_MIB and code == 1 else f"  <- target {RSS_TARGET_MIB} MiB, exit 1 (exit {code})"
        missed |= bool(miss)
        print(f"{fmt:8} {wall:7.2f}s {rss:8.1f} MiB{miss}")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, default=REPO / "target" / "release" / "topolint")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--findings", type=int, default=200_000)
    args = parser.parse_args()
    if not args.binary.exists():
        print(f"{args.binary} not found: cargo build --release first", file=sys.stderr)
        return 2

    out = HERE / "out" / "findings"
    out.mkdir(parents=True, exist_ok=True)
    long_line = out / "one-line.json"
    dense_line = out / "dense-line.json"
    many = out / f"many-{args.findings}.env"
    one = out / "one.env"
    if not long_line.exists():
        one_line_json(long_line)
    if not dense_line.exists():
        dense_line_json(dense_line)
    if not many.exists():
        many_findings(many, args.findings)
    many_findings(one, 1)

    failed = False
    for name, path in (("one-line JSON", long_line), ("dense line", dense_line)):
        print(f"{name}: {path.stat().st_size / 1e6:.1f} MB on one line, 20 000 node addresses")
        failed |= line_bar_missed(args.binary, path, args.runs)
        print()

    _, floor, _ = median_run(args.binary, one, "json", args.runs)
    print(f"{args.findings} findings in one file ({many.stat().st_size / 1e6:.1f} MB)")
    print(f"{'format':8} {'wall':>8} {'peak RSS':>10} {'KB/finding':>11}")
    for fmt in FORMATS:
        wall, rss, code = median_run(args.binary, many, fmt, args.runs)
        per_finding = (rss - floor) * 1024 / args.findings
        miss = "" if per_finding <= KB_PER_FINDING_TARGET else f"  <- target {KB_PER_FINDING_TARGET}"
        failed |= bool(miss)
        print(f"{fmt:8} {wall:7.2f}s {rss:8.1f} MiB {per_finding:10.2f}{miss}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
