"""Run every benchmark in turn (`make bench`); each prints its summary and writes benchmarks/results/*.json.

    python benchmarks/run_all.py [NAME ...]     # e.g. import_load extract_throughput
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Cheapest first; the browser one needs chromium (scripts/install-system-deps.sh).
BENCHMARKS = ["import_load", "extract_throughput", "fuzz_extract", "notebooks_time", "browser_redraw"]


def main(argv: list[str]) -> int:
    chosen = argv or BENCHMARKS
    failed = []
    for name in chosen:
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, str(HERE / f"{name}.py")]).returncode != 0:
            failed.append(name)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
