"""Small hand-made tables for the analysis tests, loaded through the package's own loaders.

Each ``make_*`` helper writes a few dict rows (missing columns get plain defaults) to a temporary CSV
and reads it back with the matching ``dprk_china.load_*``, so fixtures have exactly the dtypes and
derived columns users get (``load_exchanges`` computes direction, is_reply, reply_lag_days, ...),
and a fixture that breaks a vocabulary or an id pattern fails loudly instead of testing nonsense.
"""
from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pandas as pd

from dprk_china import datasets
from dprk_china.metadata import TABLES

XI, KIM = "Xi Jinping", "Kim Jong Un"


def _write(directory: Path, table: str, rows: list[dict]) -> None:
    fields = TABLES[table]["fields"]
    with open(directory / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({f: "" if row.get(f) is None else str(row.get(f)) for f in fields})


def _load(table: str, rows: list[dict], loader, extra: dict | None = None, **kwargs) -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        _write(directory, table, rows)
        for other, other_rows in (extra or {}).items():
            _write(directory, other, other_rows)
        return loader(data_dir=directory, **kwargs)


def exchange_row(date_sent: str, direction: str = "CN→KP", **fields) -> dict:
    """One exchanges row with defaults: day precision, reported the same day, a congratulation
    (a thanks when ``in_reply_to`` is given) on an 'other' occasion."""
    sender = XI if direction == "CN→KP" else KIM
    row = {
        "date_sent": date_sent, "date_precision": "day", "date_reported": date_sent,
        "sender": sender, "recipient": KIM if sender == XI else XI,
        "sender_title": "title", "recipient_title": "title", "medium": "message",
        "purpose": "thanks" if fields.get("in_reply_to") else "congratulation",
        "occasion_type": "other", "occasion": "an occasion",
    }
    row.update(fields)
    if "message_id" not in row:
        row["message_id"] = ("XK-" if row["sender"] == XI else "KX-") + row["date_sent"].replace("-", "")
    return row


def make_exchanges(rows: list[dict], derived: bool = True) -> pd.DataFrame:
    """An exchanges frame like ``load_exchanges()`` from ``rows`` (dicts for :func:`exchange_row`
    or full rows). Each message gets one Xinhua report on its date_reported."""
    full = [r if "sender" in r and "message_id" in r and "date_reported" in r else exchange_row(**r) for r in rows]
    reports = [{"report_id": r["message_id"] + ".r1", "message_id": r["message_id"], "outlet": "Xinhua",
                "outlet_side": "CN", "date": r["date_reported"], "language": "en",
                "url": "https://example.org/" + r["message_id"]} for r in full]
    return _load("exchanges", full, datasets.load_exchanges, extra={"reports": reports}, derived=derived)


def empty_exchanges() -> pd.DataFrame:
    """An exchanges frame with no rows (the result of a filter that matches nothing)."""
    return make_exchanges([])


def make_occasions(rows: list[dict]) -> pd.DataFrame:
    """An occasions calendar from rows; defaults: annual, marked by CN, Xi writes, from 2013."""
    defaults = {"name": "an occasion", "marked_by": "CN", "customary_direction": "CN→KP", "cadence": "annual",
                "first_year": 2013}
    return _load("occasions", [{**defaults, **r} for r in rows], datasets.load_occasions)


def make_events(rows: list[dict]) -> pd.DataFrame:
    """An events table from rows; ``date_end`` defaults to ``date_start``, ``event_id`` to E-<start>."""
    full = []
    for r in rows:
        row = {"date_end": r["date_start"], "title": "an event", "url": "https://example.org/event", **r}
        row.setdefault("event_id", "E-" + row["date_start"].replace("-", ""))
        full.append(row)
    return _load("events", full, datasets.load_events)


def make_message_phrases(pairs: list[tuple[str, str]]) -> pd.DataFrame:
    """message_phrases from (message_id, concept_id) pairs."""
    return _load("message_phrases", [{"message_id": m, "concept_id": c, "matched_text": c} for m, c in pairs],
                 datasets.load_message_phrases)


def make_lexicon(rows: list[dict]) -> pd.DataFrame:
    """A lexicon from rows with concept_id and variants ('|'-separated); category defaults to friendship."""
    return _load("lexicon", [{"category": "friendship", "label": r["concept_id"], **r} for r in rows],
                 datasets.load_lexicon)
