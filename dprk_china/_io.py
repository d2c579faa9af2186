"""Read a table's CSV file strictly, turning every defect into one clear :class:`DataError`.

The shipped files are checked by the tests, but users edit working copies (``--into DIR``); a bad
date, an unknown code, a missing column, broken quoting or a duplicate id must name the file, row,
column and problem instead of surfacing as a pandas traceback three calls later.
"""
from __future__ import annotations

import csv
import datetime as dt
import importlib.resources
import io
import re
from pathlib import Path

from .metadata import FIELDS, TABLES, VOCABULARIES, field

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DataError(ValueError):
    """A defect in a data file: which file, which row (1 = first data row), which column, what."""

    def __init__(self, file, problem, row=None, column=None, line=None):
        self.file, self.row, self.column, self.problem, self.line = str(file), row, column, problem, line
        where = [self.file]
        if row is not None:
            where.append(f"row {row}" + (f" (line {line})" if line is not None else ""))
        elif line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(", ".join(where) + ": " + problem)


def package_data_dir():
    """Where the shipped tables are: inside the installed package, or ``data/`` of a source checkout."""
    inside = importlib.resources.files("dprk_china") / "data"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent / "data"


def table_path(table: str, data_dir=None):
    base = package_data_dir() if data_dir is None else Path(data_dir)
    return base / f"{table}.csv"


def _display_name(path) -> str:
    return getattr(path, "name", str(path)) if not isinstance(path, Path) else str(path)


def read_rows(table: str, data_dir=None) -> tuple[list[str], list[list[str]], list[int], str]:
    """Header, rows and the line each row starts on, of ``table``'s CSV; structural errors raise."""
    path = table_path(table, data_dir)
    shown = f"{table}.csv" if data_dir is None else str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(shown, "file not found") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(shown, f"not UTF-8 text (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, starts = [], []
    header = None
    start = 1
    try:
        for record in reader:
            if header is None:
                header = record
            elif record:  # csv gives [] for a blank line; skip it
                rows.append(record)
                starts.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(shown, f"broken CSV quoting or delimiter ({exc})", row=len(rows) + 1,
                        line=start) from None
    if not header:
        raise DataError(shown, "empty file: no header row")
    expected = TABLES[table]["fields"]
    missing = [f for f in expected if f not in header]
    if missing:
        raise DataError(shown, f"missing column (expected columns: {', '.join(expected)})", column=missing[0],
                        line=1)
    extra = [f for f in header if f not in expected]
    if extra:
        raise DataError(shown, "unexpected column (not in the codebook; check its spelling)", column=extra[0],
                        line=1)
    dupes = {h for h in header if header.count(h) > 1}
    if dupes:
        raise DataError(shown, "column appears twice in the header", column=sorted(dupes)[0], line=1)
    for i, (record, line) in enumerate(zip(rows, starts), start=1):
        if len(record) != len(header):
            raise DataError(shown, f"has {len(record)} fields but the header has {len(header)} "
                                   "(check quoting: a comma inside a value needs double quotes)", row=i, line=line)
    return header, rows, starts, shown


def _parse(value: str, spec: dict, vocab):
    """Parsed value of one cell, or raise ValueError with the problem."""
    kind = spec["type"]
    if kind == "date":
        if not DATE_RE.match(value):
            raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a valid calendar date") from None
    if kind == "integer":
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a whole number") from None
        if "minimum" in spec and number < spec["minimum"]:
            raise ValueError(f"{number} is below the minimum {spec['minimum']}")
        if "maximum" in spec and number > spec["maximum"]:
            raise ValueError(f"{number} is above the maximum {spec['maximum']}")
        return number
    if vocab is not None and value not in vocab:
        raise ValueError(f"unknown value {value!r} (allowed: {', '.join(vocab)})")
    pattern = spec.get("pattern")
    if pattern and not re.match(pattern, value):
        raise ValueError(f"{value!r} does not have the required form {pattern}")
    return value


def read_table(table: str, data_dir=None) -> dict[str, list]:
    """Columns of ``table`` as lists of parsed Python values (None for empty), checked cell by cell
    and for primary-key uniqueness."""
    header, rows, starts, shown = read_rows(table, data_dir)
    index = {name: header.index(name) for name in TABLES[table]["fields"]}
    columns: dict[str, list] = {}
    for name, j in index.items():
        spec = field(table, name)
        vocab = VOCABULARIES[spec["vocab"]] if "vocab" in spec else None
        values = []
        for i, record in enumerate(rows, start=1):
            cell = record[j].strip()
            if not cell:
                if spec.get("required"):
                    raise DataError(shown, "empty value in a required column", row=i, column=name, line=starts[i - 1])
                values.append(None)
                continue
            try:
                values.append(_parse(cell, spec, vocab))
            except ValueError as exc:
                raise DataError(shown, str(exc), row=i, column=name, line=starts[i - 1]) from None
        columns[name] = values
    key = TABLES[table]["primary_key"]
    seen: dict[tuple, int] = {}
    for i, values in enumerate(zip(*(columns[k] for k in key)), start=1):
        if values in seen:
            shown_key = values[0] if len(values) == 1 else values
            raise DataError(shown, f"duplicate id {shown_key!r} (first used in row {seen[values]})",
                            row=i, column=key[0], line=starts[i - 1])
        seen[values] = i
    return columns


assert set(FIELDS) >= {f for t in TABLES.values() for f in t["fields"]}, "every field is in the registry"
