"""Time to execute every notebook headless with nbclient, one after the other, each in a fresh kernel.

Target: <= 30 s for all of notebooks/*.ipynb together (kernel start included), on this machine's
reference run. The notebooks are executed in memory (the files are not changed).

    python benchmarks/notebooks_time.py [--repeat 1]

Writes benchmarks/results/notebooks_time.json and prints a summary.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
RESULTS = ROOT / "benchmarks" / "results" / "notebooks_time.json"
TARGET_S = 30.0


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", store_widget_state=False,
                            record_timing=False, resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1, help="runs of the whole set; the median is reported")
    args = parser.parse_args()
    runs = []
    for _ in range(args.repeat):
        runs.append({path.name: round(run(path), 2) for path in NOTEBOOKS})
    totals = [round(sum(r.values()), 2) for r in runs]
    median_total = statistics.median(totals)
    per_notebook = {name: statistics.median(r[name] for r in runs) for name in runs[0]}
    result = {
        "notebooks": per_notebook, "total_s": median_total, "totals_s": totals, "repeat": args.repeat,
        "target_total_s": TARGET_S, "meets_target": median_total <= TARGET_S,
        "python": platform.python_version(), "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    for name, seconds in per_notebook.items():
        print(f"  {name:28s} {seconds:6.2f} s")
    print(f"all {len(per_notebook)} notebooks: {median_total:.1f} s (target <= {TARGET_S:.0f} s)"
          + ("" if args.repeat == 1 else f", median of {args.repeat} runs {totals}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
