"""Cadence of the correspondence: how many messages, who writes first, silences, reply lags, bursts.

Every function takes an exchanges frame as :func:`dprk_china.load_exchanges` returns it, or any
filtered subset of it (one direction, some years, some occasion types), and returns a new tidy
DataFrame; an empty input gives an empty frame with the documented columns. The functions describe the
rows they are given: filter first, then call.

Dates come at three precisions (``date_precision``): a month-precision message is stored on the 1st of
its month and a year-precision one on 1 January. Day counts between such dates are not exact; every
result that counts days says whether its count is exact.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .metadata import VOCABULARIES
from .periods import add_period

DIRECTION_DTYPE = pd.CategoricalDtype(list(VOCABULARIES["direction"]))
OCCASION_TYPE_DTYPE = pd.CategoricalDtype(list(VOCABULARIES["occasion_type"]))


# ---------------------------------------------------------------------------------------------------
# Shared helpers (also used by absences, threads and rhetoric)

def prepared(exchanges: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``exchanges`` sorted by date with the derived columns the analysis needs.

    Frames from ``load_exchanges()`` already have them; a frame loaded with ``derived=False`` (or
    built by hand) gets ``year``, ``direction``, ``is_reply`` and ``reply_lag_days`` computed here
    (the lag only when the answered message is among the rows, as the loader does for the full table).
    """
    ex = exchanges.copy()
    if "year" not in ex:
        ex["year"] = ex["date_sent"].dt.year.astype("Int64")
    if "direction" not in ex:
        ex["direction"] = pd.Categorical(
            ["CN→KP" if s == "Xi Jinping" else "KP→CN" for s in ex["sender"]], dtype=DIRECTION_DTYPE)
    if "is_reply" not in ex:
        ex["is_reply"] = ex["in_reply_to"].notna().astype(bool)
    if "reply_lag_days" not in ex:
        exact = ex.loc[ex["date_precision"] == "day"].set_index("message_id")["date_sent"]
        lags = []
        for answers, sent, precision in zip(ex["in_reply_to"], ex["date_sent"], ex["date_precision"]):
            answered = [exact.get(m) for m in str(answers).split(";")] if not pd.isna(answers) else []
            ok = answered and precision == "day" and all(d is not None for d in answered)
            lags.append((sent - max(answered)).days if ok else pd.NA)
        ex["reply_lag_days"] = pd.array(lags, dtype="Int64")
    ex["is_reply"] = ex["is_reply"].astype(bool)
    return ex.sort_values(["date_sent", "message_id"], kind="stable").reset_index(drop=True)


def record_end(exchanges: pd.DataFrame) -> pd.Timestamp:
    """The day the record runs to: the newest ``date_reported`` among ``exchanges`` (today when there
    is none).

    Analyses of silence default to it rather than to today: after the newest report the record has
    not been searched, so a customary message missing there is unknown, not absent. Pass the full
    table (a working copy with newer reports moves it on); pass ``as_of`` yourself to judge as of
    another day.
    """
    newest = exchanges["date_reported"].max() if "date_reported" in exchanges and len(exchanges) else pd.NaT
    return pd.Timestamp(dt.date.today()) if pd.isna(newest) else pd.Timestamp(newest).normalize()


def latest_day(date_sent: pd.Series, precision: pd.Series) -> pd.Series:
    """The last day a stored date can stand for: itself (day), the month's last day, 31 December."""
    date_sent = pd.Series(date_sent).astype("datetime64[ns]")
    precision = pd.Series(precision, index=date_sent.index).astype("string")
    month_end = date_sent + pd.offsets.MonthEnd(0)
    year_end = pd.to_datetime(date_sent.dt.year.astype("Int64").astype("string") + "-12-31", errors="coerce")
    out = date_sent.where(precision == "day", month_end.where(precision == "month", year_end))
    return out.astype("datetime64[ns]")


def _group_levels(ex: pd.DataFrame, column: str) -> list:
    """Values a grouping column can take: the whole vocabulary of a categorical (so zeros show),
    else the values present."""
    dtype = ex[column].dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return list(dtype.categories)
    return sorted(ex[column].dropna().unique().tolist())


def _with_group_columns(exchanges: pd.DataFrame, by) -> tuple[pd.DataFrame, list[str]]:
    by = [by] if isinstance(by, str) else list(by or [])
    ex = prepared(exchanges)
    if "period" in by and "period" not in ex:
        ex = add_period(ex)
    missing = [c for c in by if c not in ex]
    if missing:
        raise KeyError(f"no column {missing[0]!r} in exchanges (use a column name or 'period')")
    return ex, by


def _empty(columns: dict) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})


# ---------------------------------------------------------------------------------------------------
# Counts

def message_counts(exchanges: pd.DataFrame, freq: str = "year", by=("direction", "occasion_type"),
                   start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Messages per year (or quarter) and group, tidy, with zeros for empty cells.

    Parameters
    ----------
    freq : 'year' or 'quarter'
    by : column names to split by (default direction and occasion type; ``()`` for totals;
        'period' for the named periods of :mod:`dprk_china.periods`). A categorical column
        contributes its whole vocabulary, so a direction or occasion type with no message shows 0.
        Rows whose ``by`` value is missing are not counted.
    start_year, end_year : the years to cover (default: the first and last year of the rows given);
        widen them to show zeros before or after the messages.

    Returns
    -------
    One row per (year[, quarter], *by) with columns ``year`` (Int64), ``quarter`` (Int64, with
    freq='quarter'), ``period_start`` (datetime: first day of the year or quarter), the ``by``
    columns (their own dtypes) and ``n_messages`` (int64).

    A year-precision message (e.g. a New Year card no source dates) has no known quarter: with
    freq='quarter' it is counted in an extra row with ``quarter`` <NA> and ``period_start`` NaT, which
    appears only where such messages exist, so totals still add up.
    """
    if freq not in ("year", "quarter"):
        raise ValueError("freq must be 'year' or 'quarter'")
    ex, by = _with_group_columns(exchanges, by)
    time_cols = ["year", "quarter"] if freq == "quarter" else ["year"]
    columns = {"year": "Int64", **({"quarter": "Int64"} if freq == "quarter" else {}),
               "period_start": "datetime64[ns]", **{c: ex[c].dtype for c in by}, "n_messages": "int64"}
    first = start_year if start_year is not None else (ex["year"].min() if len(ex) else None)
    last = end_year if end_year is not None else (ex["year"].max() if len(ex) else None)
    if first is None or last is None or pd.isna(first) or pd.isna(last) or int(first) > int(last):
        return _empty(columns)
    years = list(range(int(first), int(last) + 1))
    ex = ex[ex["year"].between(years[0], years[-1])]
    if freq == "quarter":
        ex = ex.assign(quarter=ex["date_sent"].dt.quarter.astype("Int64").where(ex["date_precision"] != "year"))
    levels = [years] + ([[1, 2, 3, 4]] if freq == "quarter" else []) + [_group_levels(ex, c) for c in by]
    keys = time_cols + by
    grid = pd.MultiIndex.from_product(levels, names=keys)
    observed = ex.dropna(subset=keys).groupby(keys, observed=True).size() if len(ex) else pd.Series(dtype="int64")
    counts = pd.Series(0, index=grid, dtype="int64")
    for key, n in observed.items():
        counts.loc[key if isinstance(key, tuple) else (key,)] += n
    out = counts.rename("n_messages").reset_index()
    if freq == "quarter":
        # Year-precision messages: one extra row per (year, *by) that has any.
        undated = ex[ex["quarter"].isna()]
        if len(undated):
            extra_keys = ["year"] + by
            extra = undated.dropna(subset=extra_keys).groupby(extra_keys, observed=True).size()
            extra = extra.rename("n_messages").reset_index()
            extra["quarter"] = pd.NA
            out = pd.concat([out, extra[out.columns]], ignore_index=True)
    out["year"] = out["year"].astype("Int64")
    if freq == "quarter":
        out["quarter"] = out["quarter"].astype("Int64")
        month = (out["quarter"] - 1) * 3 + 1
        out["period_start"] = pd.to_datetime(
            {"year": out["year"].astype("float"), "month": month.astype("float"), "day": 1}, errors="coerce")
    else:
        out["period_start"] = pd.to_datetime({"year": out["year"].astype("float"), "month": 1, "day": 1})
    for c in by:
        out[c] = out[c].astype(ex[c].dtype) if isinstance(ex[c].dtype, pd.CategoricalDtype) else out[c]
    out = out.sort_values(time_cols + by, kind="stable", na_position="last").reset_index(drop=True)
    return out[list(columns)].astype({"period_start": "datetime64[ns]", "n_messages": "int64"})


def initiation_share(exchanges: pd.DataFrame, by: str | None = "year") -> pd.DataFrame:
    """Who writes first: per group and direction, the share of initiating messages.

    A message initiates when it is not a reply (``in_reply_to`` empty); a reply is the other side
    answering, so it says nothing about who reached out.

    ``by`` is 'year' (every year from the first to the last of the rows, empty years included),
    'period' (the named periods), any other column (groups present in the rows) or None (one row per
    direction over all rows).

    Returns columns: the ``by`` column (unless None), ``direction`` (categorical, both directions in
    every group), ``n_initiating`` (int64: non-reply messages in this direction), ``n_replies``
    (int64), ``n_initiating_total`` (int64: non-reply messages of both directions in the group),
    ``share`` (float: n_initiating / n_initiating_total; NaN when the group has no initiating message).
    """
    ex, keys = _with_group_columns(exchanges, [] if by is None else [by])
    columns = {**{c: ("Int64" if c == "year" else ex[c].dtype) for c in keys}, "direction": DIRECTION_DTYPE,
               "n_initiating": "int64", "n_replies": "int64", "n_initiating_total": "int64", "share": "float64"}
    if ex.empty:
        return _empty(columns)
    if by == "year":
        groups = list(range(int(ex["year"].min()), int(ex["year"].max()) + 1))
    elif by is None:
        groups = [None]
    else:
        present = ex[by].dropna()
        groups = [g for g in _group_levels(ex, by) if (present == g).any()]
    rows = []
    for group in groups:
        part = ex if by is None else ex[ex[by] == group]
        total = int((~part["is_reply"]).sum())
        for direction in DIRECTION_DTYPE.categories:
            mine = part[part["direction"] == direction]
            n_init = int((~mine["is_reply"]).sum())
            rows.append({**({by: group} if by is not None else {}), "direction": direction,
                         "n_initiating": n_init, "n_replies": int(mine["is_reply"].sum()),
                         "n_initiating_total": total, "share": n_init / total if total else np.nan})
    out = pd.DataFrame(rows, columns=list(columns))
    return out.astype(columns)


# ---------------------------------------------------------------------------------------------------
# Silences and bursts

GAP_COLUMNS = {"gap_days": "int64", "before_message_id": "string", "before_date": "datetime64[ns]",
               "after_message_id": "string", "after_date": "datetime64[ns]", "exact": "bool", "open": "bool"}


def longest_gaps(exchanges: pd.DataFrame, n: int | None = 10, until=None) -> pd.DataFrame:
    """The longest silences: gaps between consecutive messages, longest first.

    Messages are ordered by ``date_sent``; each gap runs from one message to the next, so the rows
    given decide what counts as silence (filter to one direction for one side's silences).

    ``until`` (a date, e.g. today) adds the open gap from the last message to that date, with
    ``after_message_id`` <NA> and ``open`` True. ``n`` keeps the n longest (None: all).

    Returns columns ``gap_days`` (int64, from the stored dates), ``before_message_id``,
    ``before_date``, ``after_message_id``, ``after_date``, ``exact`` (bool: both dates are known to
    the day; a month- or year-precision date is stored on the 1st, so its gap is approximate) and
    ``open`` (bool). Ties keep time order.
    """
    ex = prepared(exchanges)
    if ex.empty:
        return _empty(GAP_COLUMNS)
    ids, dates, day = ex["message_id"], ex["date_sent"], (ex["date_precision"] == "day").to_numpy()
    out = pd.DataFrame({
        "gap_days": (dates.iloc[1:].to_numpy() - dates.iloc[:-1].to_numpy()).astype("timedelta64[D]").astype("int64"),
        "before_message_id": ids.iloc[:-1].to_numpy(), "before_date": dates.iloc[:-1].to_numpy(),
        "after_message_id": ids.iloc[1:].to_numpy(), "after_date": dates.iloc[1:].to_numpy(),
        "exact": day[:-1] & day[1:], "open": False,
    })
    if until is not None:
        until = pd.Timestamp(until)
        if until > dates.iloc[-1]:
            tail = {"gap_days": (until - dates.iloc[-1]).days, "before_message_id": ids.iloc[-1],
                    "before_date": dates.iloc[-1], "after_message_id": pd.NA, "after_date": until,
                    "exact": bool(day[-1]), "open": True}
            out = pd.concat([out, pd.DataFrame([tail])], ignore_index=True)
    out = out.astype(GAP_COLUMNS)
    out = out.sort_values("gap_days", ascending=False, kind="stable").reset_index(drop=True)
    return out if n is None else out.head(n).reset_index(drop=True)


BURST_COLUMNS = {"burst_id": "int64", "start_date": "datetime64[ns]", "end_date": "datetime64[ns]",
                 "span_days": "int64", "n_messages": "int64", "n_cn_kp": "int64", "n_kp_cn": "int64",
                 "message_ids": "string", "occasion_types": "string", "exact": "bool"}


def bursts(exchanges: pd.DataFrame, max_gap_days: int = 14, min_messages: int = 3) -> pd.DataFrame:
    """Runs of messages close together: each message within ``max_gap_days`` of the one before.

    A run counts as a burst when it has at least ``min_messages`` messages. The defaults (14 days,
    3 messages) are chosen so that an ordinary congratulation and its thanks (replies come 1–30 days
    later) do not make a burst on their own; a third message in the fortnight does.

    Returns one row per burst in time order: ``burst_id`` (1, 2, ...), ``start_date``, ``end_date``,
    ``span_days``, ``n_messages``, ``n_cn_kp``, ``n_kp_cn``, ``message_ids`` (';'-joined in time
    order), ``occasion_types`` (';'-joined, first appearance order) and ``exact`` (all dates known to
    the day; otherwise the run is built from the stored 1st-of-month/year dates).
    """
    ex = prepared(exchanges)
    if ex.empty:
        return _empty(BURST_COLUMNS)
    gaps = ex["date_sent"].diff().dt.days
    run = (gaps.isna() | (gaps > max_gap_days)).cumsum()
    rows = []
    for _, part in ex.groupby(run, sort=True):
        if len(part) < min_messages:
            continue
        rows.append({
            "start_date": part["date_sent"].iloc[0], "end_date": part["date_sent"].iloc[-1],
            "span_days": (part["date_sent"].iloc[-1] - part["date_sent"].iloc[0]).days,
            "n_messages": len(part), "n_cn_kp": int((part["direction"] == "CN→KP").sum()),
            "n_kp_cn": int((part["direction"] == "KP→CN").sum()),
            "message_ids": ";".join(part["message_id"].astype(str)),
            "occasion_types": ";".join(dict.fromkeys(part["occasion_type"].astype(str))),
            "exact": bool((part["date_precision"] == "day").all()),
        })
    if not rows:
        return _empty(BURST_COLUMNS)
    out = pd.DataFrame(rows)
    out.insert(0, "burst_id", range(1, len(out) + 1))
    return out[list(BURST_COLUMNS)].astype(BURST_COLUMNS)


# ---------------------------------------------------------------------------------------------------
# Reply lags

REPLY_LAG_COLUMNS = {"message_id": "string", "direction": DIRECTION_DTYPE, "occasion_type": OCCASION_TYPE_DTYPE,
                     "date_sent": "datetime64[ns]",
                     "date_precision": pd.CategoricalDtype(list(VOCABULARIES["date_precision"])),
                     "in_reply_to": "string",
                     "reply_lag_days": "Int64", "exact": "bool"}


def reply_lags(exchanges: pd.DataFrame) -> pd.DataFrame:
    """One row per reply with its lag: the distribution of how long each side takes to answer.

    ``reply_lag_days`` counts days from the (latest) answered message to the reply, as the loader
    computes it on the full table, so a filtered subset keeps the lags of its replies even when the
    answered messages were filtered out. Only pairs whose dates are both known to the day have an exact
    lag; for the others ``reply_lag_days`` is <NA> and ``exact`` False (they still count as replies).

    Columns: ``message_id``, ``direction``, ``occasion_type``, ``date_sent``, ``date_precision``,
    ``in_reply_to``, ``reply_lag_days`` (Int64), ``exact`` (bool). Sorted by date_sent.
    """
    ex = prepared(exchanges)
    replies = ex[ex["is_reply"]]
    out = pd.DataFrame({
        "message_id": replies["message_id"], "direction": replies["direction"],
        "occasion_type": replies["occasion_type"], "date_sent": replies["date_sent"],
        "date_precision": replies["date_precision"], "in_reply_to": replies["in_reply_to"],
        "reply_lag_days": replies["reply_lag_days"], "exact": replies["reply_lag_days"].notna(),
    }).reset_index(drop=True)
    dtypes = {**REPLY_LAG_COLUMNS, "direction": ex["direction"].dtype, "occasion_type": ex["occasion_type"].dtype,
              "date_precision": ex["date_precision"].dtype}
    return out.astype(dtypes)


def reply_lag_summary(exchanges: pd.DataFrame, by=("direction", "occasion_type")) -> pd.DataFrame:
    """Reply lags summarised per group (groups that have at least one reply).

    Only replies with an exact lag (both dates known to the day) enter the statistics; ``n_exact``
    says how many did out of ``n_replies``.

    Columns: the ``by`` columns, ``n_replies`` (int64), ``n_exact`` (int64), ``median_days``,
    ``mean_days`` (float; NaN when no exact lag), ``min_days``, ``max_days`` (Int64).
    """
    lags = reply_lags(exchanges)
    ex, keys = _with_group_columns(exchanges, by)
    if "period" in keys:
        lags = add_period(lags)
    columns = {**{c: lags[c].dtype if c in lags else ex[c].dtype for c in keys}, "n_replies": "int64",
               "n_exact": "int64", "median_days": "float64", "mean_days": "float64", "min_days": "Int64",
               "max_days": "Int64"}
    missing = [c for c in keys if c not in lags]
    if missing:  # a column of exchanges that reply_lags does not carry: bring it over by message_id
        lags = lags.merge(ex[["message_id", *missing]], on="message_id", how="left")
    if lags.empty:
        return _empty(columns)
    rows = []
    groups = lags.groupby(keys, observed=True, sort=True) if keys else [((), lags)]
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        exact = part["reply_lag_days"].dropna().astype("int64")
        rows.append({**dict(zip(keys, key)), "n_replies": len(part), "n_exact": len(exact),
                     "median_days": float(exact.median()) if len(exact) else np.nan,
                     "mean_days": float(exact.mean()) if len(exact) else np.nan,
                     "min_days": int(exact.min()) if len(exact) else pd.NA,
                     "max_days": int(exact.max()) if len(exact) else pd.NA})
    out = pd.DataFrame(rows, columns=list(columns))
    return out.astype(columns).reset_index(drop=True)
