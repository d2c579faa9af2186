"""A named periodisation of the Xi–Kim relationship, and a function assigning a period to dates.

The boundaries are dated events, not calendar years, so that a message lands in the period whose
conditions it was written under (Kim's congratulations on Xi's re-election of 17 March 2018 predate
the first summit by eight days and belong to the cool period). Each period starts on the day of the event
named in ``boundary``; it ends the day before the next period starts; the last period is open.

A periodisation is an argument, not a fact: pass your own table (same columns) to
:func:`assign_period` and to the rhetoric functions to test another one.
"""
from __future__ import annotations

import pandas as pd

from .metadata import SCOPE_START

# One dict per period, in time order. ``start`` is the first day of the period (inclusive).
PERIODS: tuple[dict, ...] = (
    {
        "period_id": "cool_period",
        "label": "Cool period (2012–2018)",
        "start": SCOPE_START.isoformat(),
        "boundary": "Xi Jinping becomes General Secretary of the CPC (15 November 2012); the dataset's "
                    "scope starts here.",
        "description": "No meeting of the leaders; DPRK nuclear tests (2013, 2016, 2017) and Chinese "
                       "votes for UN sanctions; messages mostly on annual occasions.",
    },
    {
        "period_id": "summitry",
        "label": "Summitry (2018–2019)",
        "start": "2018-03-25",
        "boundary": "Kim Jong Un's first visit to China and first meeting with Xi (25–28 March 2018).",
        "description": "Five summits in fifteen months, ending with Xi's state visit to Pyongyang "
                       "(20–21 June 2019).",
    },
    {
        "period_id": "pandemic",
        "label": "Pandemic and border closure (2020–2023)",
        "start": "2020-01-22",
        "boundary": "The DPRK closes its border to foreign tourists over COVID-19 (22 January 2020), the "
                    "first step of a closure that lasted into 2023.",
        "description": "No visits; messages of sympathy and support over the epidemic and disasters; "
                       "verbal messages through ambassadors.",
    },
    {
        "period_id": "renewed_alignment",
        "label": "Renewed alignment (2023–)",
        "start": "2023-07-26",
        "boundary": "A Chinese party-government delegation led by Li Hongzhong arrives in Pyongyang for "
                    "the 70th anniversary of the armistice (26 July 2023): the first foreign delegation "
                    "received since the border closed.",
        "description": "Visits resume (2024 Friendship Year; Kim at the Beijing parade of September 2025).",
    },
)

PERIOD_COLUMNS = ["period_id", "label", "start", "end", "boundary", "description"]


def periods_table(periods=None) -> pd.DataFrame:
    """The periodisation as a table, one row per period in time order.

    Columns: ``period_id`` (string), ``label`` (string), ``start`` (datetime, first day),
    ``end`` (datetime, last day; NaT for the open last period), ``boundary`` (the event that opens the
    period: the reason for the boundary), ``description`` (string).

    ``periods`` may be a DataFrame or a list of dicts with at least ``period_id`` and ``start``
    (your own periodisation); the default is :data:`PERIODS`.
    """
    rows = pd.DataFrame(list(PERIODS) if periods is None else periods)
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c in ("start", "end") else "string")
                             for c in PERIOD_COLUMNS})
    rows = rows.copy()
    rows["start"] = pd.to_datetime(rows["start"]).astype("datetime64[ns]")
    rows = rows.sort_values("start", kind="stable").reset_index(drop=True)
    # A period ends the day before the next one starts: the table cannot have gaps or overlaps.
    rows["end"] = (rows["start"].shift(-1) - pd.Timedelta(days=1)).astype("datetime64[ns]")
    for column in ("label", "boundary", "description"):
        if column not in rows:
            rows[column] = rows["period_id"] if column == "label" else pd.NA
    out = rows[PERIOD_COLUMNS].copy()
    for column in ("period_id", "label", "boundary", "description"):
        out[column] = out[column].astype("string")
    return out


def period_dtype(periods=None) -> pd.CategoricalDtype:
    """Ordered categorical dtype of the period ids (so charts and groupbys keep time order)."""
    return pd.CategoricalDtype(list(periods_table(periods)["period_id"]), ordered=True)


def assign_period(dates, periods=None) -> pd.Series:
    """The period of each date: an ordered categorical of ``period_id`` aligned with ``dates``.

    ``dates`` may be a Series (its index is kept), a DatetimeIndex, a list or a single date; dates
    before the first period and missing dates give <NA>. A month- or year-precision date is stored
    as the 1st of its month or year and is assigned by that stored day.
    """
    if isinstance(dates, pd.Series):
        index = dates.index
        values = pd.to_datetime(dates)
    else:
        if isinstance(dates, (str, pd.Timestamp)) or not hasattr(dates, "__len__"):
            dates = [dates]
        values = pd.Series(pd.to_datetime(list(dates)))
        index = values.index
    values = pd.Series(values.to_numpy(dtype="datetime64[ns]"), index=index)
    table = periods_table(periods)
    dtype = pd.CategoricalDtype(list(table["period_id"]), ordered=True)
    if table.empty or values.empty:
        return pd.Series(pd.Categorical([None] * len(values), dtype=dtype), index=index, name="period")
    starts = table["start"].to_numpy()
    # searchsorted(side="right") - 1: the last period whose start is on or before the date.
    position = starts.searchsorted(values.to_numpy(), side="right") - 1
    codes = [int(p) if (p >= 0 and not pd.isna(v)) else -1 for p, v in zip(position, values)]
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=index, name="period")


def add_period(frame: pd.DataFrame, date_column: str = "date_sent", periods=None) -> pd.DataFrame:
    """A copy of ``frame`` with a ``period`` column (ordered categorical) assigned from ``date_column``."""
    out = frame.copy()
    out["period"] = assign_period(out[date_column], periods) if date_column in out else \
        pd.Series(pd.Categorical([None] * len(out), dtype=period_dtype(periods)), index=out.index)
    return out
