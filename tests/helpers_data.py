"""Helpers for tests that need a working copy of the data to break."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

from dprk_china._io import package_data_dir


def copy_data(target: Path) -> Path:
    """A copy of the shipped tables in ``target`` (a user's working copy)."""
    source = Path(str(package_data_dir()))
    target.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.csv"):
        shutil.copy(path, target / path.name)
    return target


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict], fieldnames=None) -> None:
    fieldnames = fieldnames or list(rows[0])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set ``column`` of data row ``row`` (1-based) of the CSV at ``path``."""
    rows = read_csv(path)
    rows[row - 1][column] = value
    write_csv(path, rows)
