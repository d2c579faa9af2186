"""Filtering the exchanges table: the pure logic behind the notebooks' filter panel.

>>> from dprk_china import load_exchanges, load_reports
>>> from dprk_china.filters import filter_exchanges
>>> filter_exchanges(load_exchanges(), start="2018-01-01", directions=["KP→CN"], text="summit",
...                  reports=load_reports())                                      # doctest: +SKIP

Only pandas is needed; :mod:`dprk_china.widgets` calls :func:`filter_exchanges` with the panel's values.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from .metadata import VOCABULARIES

#: Columns of exchanges searched by ``text`` (plus the headlines of the message's reports).
TEXT_COLUMNS = ("occasion", "notes")


def _codes(values, vocabulary: str, argument: str) -> list[str] | None:
    """``values`` as a list of codes of ``vocabulary``; None means no filter. Unknown codes raise."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    codes = [str(v) for v in values]
    allowed = VOCABULARIES[vocabulary]
    unknown = [c for c in codes if c not in allowed]
    if unknown:
        raise ValueError(f"{argument}: unknown value(s) {unknown}; allowed: {', '.join(allowed)}")
    return codes


def _timestamp(value, argument: str) -> pd.Timestamp | None:
    if value is None or (not isinstance(value, (str, dt.date)) and pd.isna(value)):
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{argument}: not a date: {value!r}") from error
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return stamp


def _directions(exchanges: pd.DataFrame) -> pd.Series:
    if "direction" in exchanges.columns:
        return exchanges["direction"].astype("string")
    # a frame loaded with derived=False: the direction follows from the sender
    return exchanges["sender"].astype("string").map({"Xi Jinping": "CN→KP", "Kim Jong Un": "KP→CN"})


def _search_text(exchanges: pd.DataFrame, reports: pd.DataFrame | None) -> pd.Series:
    """One lower-cased string per message: occasion, notes and its reports' headlines."""
    parts = [exchanges[c].astype("string").fillna("") for c in TEXT_COLUMNS if c in exchanges.columns]
    text = pd.Series("", index=exchanges.index, dtype="string")
    for part in parts:
        text = text + " " + part
    if reports is not None and len(reports) and "headline" in reports.columns:
        headlines: dict[str, list[str]] = {}
        for mid, headline in zip(reports["message_id"], reports["headline"]):
            if isinstance(headline, str):
                headlines.setdefault(str(mid), []).append(headline)
        joined = exchanges["message_id"].astype("string").map(lambda m: " ".join(headlines.get(m, ())))
        text = text + " " + joined.fillna("").astype("string")
    return text.str.lower()


def filter_exchanges(exchanges: pd.DataFrame, start=None, end=None, directions: Iterable[str] | str | None = None,
                     occasion_types: Iterable[str] | str | None = None, media: Iterable[str] | str | None = None,
                     text: str | None = None, reports: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of ``exchanges`` that pass every given filter (a copy; order and index kept).

    Parameters
    ----------
    exchanges : DataFrame
        As returned by :func:`dprk_china.load_exchanges` (``derived=False`` works too).
    start, end : date-like, optional
        Inclusive bounds on ``date_sent`` (a string such as ``"2018-03-01"``, a date or a Timestamp).
        A month- or year-precision message is stored on the 1st of its month / 1 January and is
        filtered by that date.
    directions : ``"CN→KP"`` / ``"KP→CN"`` or a list of them, optional
    occasion_types : code(s) of the ``occasion_type`` vocabulary, optional
    media : code(s) of the ``medium`` vocabulary, optional
        ``None`` means no filter; an empty list matches nothing. Unknown codes raise ``ValueError``
        (a typo should not silently return an empty table).
    text : str, optional
        Case-insensitive search: every whitespace-separated word must occur in the message's
        ``occasion`` or ``notes``, or in the headline of one of its reports (``reports`` given).
    reports : DataFrame, optional
        The reports table (:func:`dprk_china.load_reports`), for searching headlines.
    """
    mask = pd.Series(True, index=exchanges.index)
    start_ts, end_ts = _timestamp(start, "start"), _timestamp(end, "end")
    if start_ts is not None:
        mask &= (exchanges["date_sent"] >= start_ts).fillna(False).astype(bool)
    if end_ts is not None:
        mask &= (exchanges["date_sent"] <= end_ts).fillna(False).astype(bool)
    for values, vocabulary, argument, column in [
        (directions, "direction", "directions", None),
        (occasion_types, "occasion_type", "occasion_types", "occasion_type"),
        (media, "medium", "media", "medium"),
    ]:
        codes = _codes(values, vocabulary, argument)
        if codes is None:
            continue
        series = _directions(exchanges) if column is None else exchanges[column].astype("string")
        mask &= series.isin(codes).fillna(False).astype(bool)
    if text is not None and text.strip():
        haystack = _search_text(exchanges, reports)
        for word in text.lower().split():
            mask &= haystack.str.contains(word, regex=False).fillna(False).astype(bool)
    return exchanges.loc[mask.to_numpy()].copy()
