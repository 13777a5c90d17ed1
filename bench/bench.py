#!/usr/bin/env python3
"""Compare `topolint check` with ripgrep on the same trees.

For each size, generates a config monorepo with the shared generator
(../shared/bench/gen_corpus.py, cached under bench/out/), then runs, alternating,
N times each (warm cache):

  topolint check --format json --output /dev/null .     (the full semantic check)
  rg -n --hidden -g '!.git' -F -e <node literals> .      (the literal search it replaces)

and prints wall time (median), the ratio, and peak RSS of each. A worst-case
tree where every file holds references measures parsing cost per MB, and a
long-lines tree (`--long-lines N` addresses on one line, in five shapes)
that the cost per address does not grow with its line, and an unclosed tree
(`--unclosed N` lines per file leaving brackets, quotes and templates open)
that it does not grow with the file.

    python3 bench/bench.py                       # 2k, 20k and 100k files
    python3 bench/bench.py --sizes 2000 --runs 3 # a quick smoke run

Needs `rg` on PATH and GNU time (apt-get install ripgrep time).
Standard library only.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATOR = REPO.parent / "shared" / "bench" / "gen_corpus.py"
NODE_LITERALS = ["10.0.0.120", "10.0.0.121", "10.0.0.122", "10.0.0.123", "10.0.0.124", "10.0.0.125"]


def run(argv: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB and exit code of one run.

    The RSS comes from GNU time: a child forked from Python would count the
    interpreter's pages in its own peak.
    """
    with open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", *argv], cwd=cwd, stdout=devnull, stderr=subprocess.PIPE, text=True
        )
        wall = time.perf_counter() - start
    rss = int(proc.stderr.strip().splitlines()[-1])
    return wall, rss, proc.returncode


def tree_size(root: Path) -> tuple[int, int]:
    files = size = 0
    for dirpath, dirnames, filenames in os.walk(root):
        if ".git" in dirnames:
            dirnames.remove(".git")
        for name in filenames:
            path = Path(dirpath) / name
            if path.is_file() and not path.is_symlink():
                files += 1
                size += path.stat().st_size
    return files, size


def corpus(files: int, seed: int, out: Path) -> Path:
    target = out / f"corpus-{files}-{seed}"
    if not (target / ".git").exists():
        subprocess.run(
            [sys.executable, str(GENERATOR), "--files", str(files), "--seed", str(seed), "--out", str(target), "--force"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def worst_case(files: int, out: Path) -> Path:
    """Every file full of references: measures the scanners, not the prefilter."""
    target = out / f"worst-{files}"
    if target.exists():
        return target
    lines = []
    for i in range(40):
        ip = NODE_LITERALS[i % len(NODE_LITERALS)]
        lines.append(f"SERVICE_{i}_DATABASE_URL=postgresql://app:pw@{ip}:5432/app_{i}")
        lines.append(f"SERVICE_{i}_HOST={ip}")
        lines.append(f"SERVICE_{i}_NAME=service-{i}")
    body = "\n".join(lines) + "\n"
    for i in range(files):
        sub = target / f"svc{i % 50:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"app{i}.env").write_text(body)
        (sub / f"app{i}.conf").write_text(body.replace("=", " = "))
    return target


def long_lines(items: int, out: Path) -> Path:
    """Many addresses on one line, in the shapes whose per-address work once
    grew with the line (a JSON export too large to parse as a tree, a list
    of quoted addresses with no brackets or blanks, a space-separated
    value, a YAML flow sequence), and arrays that pick each other's items: costs that must stay
    linear, measured rather than asserted."""
    target = out / f"long-lines-{items}"
    if target.exists():
        return target
    target.mkdir(parents=True)
    pg = [lit for lit in NODE_LITERALS if lit.endswith(("120", "121", "122"))]
    quoted = ",".join(f'"{pg[i % len(pg)]}"' for i in range(items))
    (target / "export.json").write_text('{"CANDIDATE_IPS": [' + quoted + "]}\n")
    (target / "quoted.conf").write_text("hosts = " + quoted + "\n")
    spaced = " ".join(NODE_LITERALS[i % len(NODE_LITERALS)] for i in range(items))
    (target / "spaced.conf").write_text("hosts=" + spaced + "\n")
    (target / "flow.yaml").write_text("hosts: [" + spaced.replace(" ", ", ") + "]\n")
    arrays = "".join(f"N{i}=(db-master-01 db-slave-01 ${{N{i - 1}[0]}})\n" for i in range(1, items // 100))
    (target / "arrays.sh").write_text("#!/bin/bash\n" + arrays + 'psql -h "${N1[1]}"\n')
    return target


# Lines that leave a bracket, a quote, a template or a heredoc open, around
# addresses: once each one cost a scan of up to 64 KiB per address.
UNCLOSED_LINES = [
    'x = call("10.0.0.121", \n', 'x = ["10.0.0.121", \n', 'x = {"host": "10.0.0.121", \n',
    'foo(bar, 10.0.0.122\n', '  "10.0.0.123",\n', 'host = "db-slave-01" (\n',
    'if [ "$a" == "10.0.0.120" ]; then (\n', 'psql -h 10.0.0.121 (\n',
    'logger.info("failover to 10.0.0.120 \n', '{{ default "10.0.0.120" \n',
    'url = "postgresql://u@10.0.0.121:5432/db\n', '- host: 10.0.0.124\n', 'PGHOST=10.0.0.122\n',
    '\tpsql -h db-slave-01 $$(\n', 'cat <<EOF\n', '"""\n', '/* 10.0.0.120\n', '*/\n',
    'CANDIDATE_IPS=(10.0.0.120 10.0.0.123\n', 'sentinel monitor m 10.0.0.123 6379 2\n', '[section]\n',
    'port = 5432\n', '  .sentinel("10.0.0.124", 26379)\n', '$(echo 10.0.0.121 $(\n',
]


def unclosed(lines: int, out: Path) -> Path:
    """Files of `lines` lines that leave brackets, quotes and templates open
    around addresses, in several kinds, and a YAML file of as many keys each
    naming a host: costs that must stay linear in the file, measured rather
    than asserted."""
    target = out / f"unclosed-{lines}"
    if target.exists():
        return target
    target.mkdir(parents=True)
    # A fixed walk through the shapes (a stride prime to their count), so
    # neighbours differ and the tree is the same on every machine.
    body = "".join(UNCLOSED_LINES[(i * 7) % len(UNCLOSED_LINES)] for i in range(lines))
    for name in ["unclosed.txt", "unclosed.py", "unclosed.js", "unclosed.sh", "Makefile"]:
        (target / name).write_text(body)
    hosts = ["10.0.0.120", "db-slave-01", "10.0.0.123", "redis-02", "10.0.0.77"]
    keys = "".join(f"svc{i}:\n  host: {hosts[i % len(hosts)]}\n  port: 5432\n" for i in range(lines))
    (target / "keys.yaml").write_text(keys)
    return target


def measure(name: str, root: Path, topolint: str, runs: int) -> dict:
    pattern = [arg for lit in NODE_LITERALS for arg in ("-e", lit)]
    commands = {
        "topolint": [topolint, "check", "--format", "json", "--output", os.devnull, "."],
        "rg": ["rg", "-n", "--hidden", "-g", "!.git", "-F", *pattern, "."],
    }
    for argv in commands.values():  # warm the page cache
        run(argv, root)
    samples: dict[str, list[tuple[float, int, int]]] = {k: [] for k in commands}
    for _ in range(runs):
        for tool, argv in commands.items():
            samples[tool].append(run(argv, root))
    files, size = tree_size(root)
    row = {"tree": name, "files": files, "mb": size / 1e6}
    for tool, values in samples.items():
        row[f"{tool}_s"] = statistics.median(v[0] for v in values)
        row[f"{tool}_rss_mib"] = max(v[1] for v in values) / 1024
        row[f"{tool}_exit"] = sorted({v[2] for v in values})
    row["ratio"] = row["topolint_s"] / row["rg_s"] if row["rg_s"] else float("nan")
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,20000,100000", help="comma-separated file counts")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=5, help="runs per tool and tree (median reported)")
    parser.add_argument("--worst", type=int, default=2000, help="files in the worst-case tree (0: skip)")
    parser.add_argument("--long-lines", type=int, default=100000, help="addresses per line in the long-lines tree (0: skip)")
    parser.add_argument("--unclosed", type=int, default=20000, help="lines per file in the unclosed-brackets tree (0: skip)")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="where corpora are generated and cached")
    parser.add_argument("--topolint", default=str(REPO / "target" / "release" / "topolint"))
    args = parser.parse_args()

    if shutil.which("rg") is None:
        print("rg (ripgrep) is not on PATH: apt-get install ripgrep", file=sys.stderr)
        return 2
    if not Path("/usr/bin/time").exists():
        print("GNU time is missing (it measures peak RSS): apt-get install time", file=sys.stderr)
        return 2
    if not GENERATOR.exists():
        print(f"the corpus generator is missing: {GENERATOR}", file=sys.stderr)
        return 2
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=REPO, check=True)
    args.out.mkdir(parents=True, exist_ok=True)

    rows = []
    for size in (int(s) for s in args.sizes.split(",") if s):
        rows.append(measure(f"corpus {size}", corpus(size, args.seed, args.out), args.topolint, args.runs))
        print_row(rows[-1], header=len(rows) == 1)
    if args.worst:
        row = measure(f"worst case {args.worst * 2}", worst_case(args.worst, args.out), args.topolint, args.runs)
        row["topolint_mb_s"] = row["mb"] / row["topolint_s"]
        rows.append(row)
        print_row(row, header=False)
        print(f"\nworst case: {row['mb']:.1f} MB parsed at {row['topolint_mb_s']:.0f} MB/s by topolint")
    if args.long_lines:
        row = measure(f"long lines {args.long_lines}", long_lines(args.long_lines, args.out), args.topolint, args.runs)
        rows.append(row)
        print_row(row, header=False)
        print(f"long lines: {row['mb']:.1f} MB at {row['mb'] / row['topolint_s']:.1f} MB/s by topolint")
    if args.unclosed:
        row = measure(f"unclosed {args.unclosed}", unclosed(args.unclosed, args.out), args.topolint, args.runs)
        rows.append(row)
        print_row(row, header=False)
        print(f"unclosed: {row['mb']:.1f} MB at {row['mb'] / row['topolint_s']:.1f} MB/s by topolint")
    return 0


def print_row(row: dict, header: bool) -> None:
    if header:
        print("| tree | files | MB | topolint (median) | rg (median) | ratio | topolint peak RSS | rg peak RSS |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {row['tree']} | {row['files']} | {row['mb']:.0f} | {row['topolint_s']:.3f} s | {row['rg_s']:.3f} s "
        f"| {row['ratio']:.2f}x | {row['topolint_rss_mib']:.1f} MiB | {row['rg_rss_mib']:.1f} MiB |",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
