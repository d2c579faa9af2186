"""Cold start: `import dprk_china; dprk_china.load_exchanges()` against `import pandas`.

Each pair runs both commands in fresh interpreters, in alternating order (so that neither always
benefits from a warm file cache); the figure is the median over pairs of the ratio of wall times.
Target: ratio <= 1.2.

    python benchmarks/import_load.py [--pairs 21]
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASELINE = "import pandas"
SUBJECT = "import dprk_china; dprk_china.load_exchanges()"
RESULTS = Path(__file__).resolve().parent / "results" / "import_load.json"


def wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=21)
    args = parser.parse_args()
    wall(SUBJECT)  # compile the package's bytecode once, as an installed package would have it
    ratios, base_times, subject_times = [], [], []
    for i in range(args.pairs):
        if i % 2:
            s, b = wall(SUBJECT), wall(BASELINE)
        else:
            b, s = wall(BASELINE), wall(SUBJECT)
        base_times.append(b)
        subject_times.append(s)
        ratios.append(s / b)
    result = {
        "pairs": args.pairs,
        "median_ratio": round(statistics.median(ratios), 3),
        "median_import_pandas_s": round(statistics.median(base_times), 4),
        "median_import_load_s": round(statistics.median(subject_times), 4),
        "target_ratio": 1.2,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"import+load_exchanges / import pandas: median ratio {result['median_ratio']} over {args.pairs} pairs "
          f"({result['median_import_load_s']}s vs {result['median_import_pandas_s']}s; target <= 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
