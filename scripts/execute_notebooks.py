#!/usr/bin/env python3
"""Execute notebooks in place with nbclient and save them small and diff-friendly.

    python scripts/execute_notebooks.py notebooks/*.ipynb [--timeout 300] [--check-only]

Each notebook runs in a fresh kernel of the current environment (the kernel named in the notebook
may not exist here), from the notebook's own folder. Before saving:

- widget state is not stored (an offline ``alt.JupyterChart`` puts ~0.9 MB of JavaScript in it) and
  any ``metadata.widgets`` is removed; the widget views stay, with their static fallbacks;
- widget views' model ids (pointing at that unsaved state) become stable placeholders, and per-cell
  execution timestamps are not recorded, so re-running changes only the outputs that really changed.

Exit status 1 when a notebook fails (it is then left unchanged on disk) or, with ``--max-bytes``,
when a saved notebook is larger than that.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

MAX_BYTES = 1_000_000


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_widget_state(nb) -> None:
    """Remove saved widget state from a notebook (outputs keep their widget views and fallbacks).

    The views' model ids point at state that is not saved; they are replaced by stable placeholders
    ('unsaved-<cell>-<output>') so that re-executing an unchanged notebook leaves it unchanged.
    """
    nb.metadata.pop("widgets", None)
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        for j, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if isinstance(view, dict) and "model_id" in view:
                view["model_id"] = f"unsaved-{i}-{j}"


def execute(path: Path, timeout: int = 300, kernel_name: str = "python3") -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, store_widget_state=False,
                            record_timing=False, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    strip_widget_state(nb)
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument("--kernel", default="python3", help="kernel name (default: python3 of this environment)")
    parser.add_argument("--max-bytes", type=int, default=MAX_BYTES, help="fail when a saved notebook is larger")
    parser.add_argument("--check-only", action="store_true", help="execute but do not write")
    args = parser.parse_args(argv)
    failed = 0
    for path in args.notebooks:
        start = time.perf_counter()
        try:
            nb = execute(path, args.timeout, args.kernel)
        except CellExecutionError as error:
            print(f"FAILED {path}: {str(error)[-2000:]}", file=sys.stderr)
            failed += 1
            continue
        text = nbformat.writes(nb) + "\n"
        size = len(text.encode("utf-8"))
        if not args.check_only:
            nbformat.validate(nb)
            path.write_text(text, encoding="utf-8")
        too_big = size > args.max_bytes
        failed += too_big
        print(f"{path}: {time.perf_counter() - start:.1f} s, {size / 1024:.0f} KB"
              + (f"  TOO BIG (limit {args.max_bytes / 1024:.0f} KB)" if too_big else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
