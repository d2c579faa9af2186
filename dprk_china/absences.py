"""Customary occasions, expected messages and absences: silence made into data.

Analysts read a missing or late greeting between Pyongyang and Beijing as a signal. The occasions
calendar (``load_occasions``) says on which occasions a message is customary, in which direction and
how often; the events table (``load_events``) dates the occasions that follow events (elections,
party congresses). :func:`expected_vs_observed` crosses the two with the messages: one row per
customary occasion, year and expected direction, saying whether a message was sent, which one, and
whether on time, or that none was (absent).

How it decides, step by step (each rule has a parameter):

1. **Instances.** A calendar occasion (``cadence`` annual or round) has one instance a year, due on
   its month and day. Its anniversary is ``year - base_year``; it is *round* when the anniversary is
   a multiple of 5 (``is_round``; ``is_tenth`` for multiples of 10). An annual occasion is expected
   every year from ``first_year``; a round one only in round years. An ``on_event`` occasion has one
   instance per event (or run of events within ``MERGE_EVENT_DAYS`` of each other, e.g. a congress and
   the plenum electing the leader the next day), found by :func:`event_occasions`; it is due on the
   event's last day and its window opens on its first day.
2. **Linking messages to instances.** A message with ``occasion_id`` belongs to that occasion: for
   a calendar occasion the instance is the year ``base_year + anniversary`` when the message gives
   its anniversary (a reply carries the ordinal of what it answers, even when sent the next year),
   else the instance whose due date is nearest; for an on_event occasion the nearest instance within
   ``LINK_EVENT_DAYS``. A message without ``occasion_id`` that is not a reply is matched by
   ``occasion_type`` and date instead (the fallback): to the nearest instance of an occasion of the
   same type, whose customary direction includes the message's, whose anniversary agrees when both
   have one, within ``match_days`` of the due date (of the event window for on_event occasions).
3. **Slots.** Each expected instance has one slot per customary direction ('both' gives two). The
   slot's message is its earliest non-reply message, or failing that its earliest reply (on an
   occasion both sides mark, answering instead of writing first still counts as writing).
4. **Timing.** ``lag_days`` = date_sent - due date, exact only for day-precision dates. A message is
   *on time* from ``early_days`` before the due date (the window start for events) to
   ``tolerance_days`` after it, *early* before, *late* after (``days_late`` says by how much). KCNA
   and Xinhua date most customary messages on the day or its eve; three days either side absorbs the
   outlets' dating differences and weekends. A month- or year-precision date whose possible days
   straddle a limit is *timing_unknown*.
5. **Absences.** An expected slot with no message is *absent* once its on-time window has closed
   (``as_of``, default the newest report in ``exchanges``, :func:`~dprk_china.cadence.record_end`),
   *pending* while it is open; slots whose window opens after ``as_of``
   are left out.
6. **Unexpected messages.** Non-reply messages linked to an instance that is not expected (an
   ordinary year of a round occasion, a year before ``first_year``, a direction the calendar does not
   expect, an on_event message with no event) get rows with ``expected`` False: writing when custom
   does not require it is a signal too. Replies alone never make such rows (thanks are customary).

The table describes the messages passed: pass the full exchanges table (both directions) and filter
the result; filtering exchanges first turns the filtered-out messages into absences.
"""
from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from .cadence import DIRECTION_DTYPE, latest_day, prepared, record_end
from .metadata import VOCABULARIES
from .periods import add_period

#: Days before the due date (or the opening day of an event) a message still counts as on time.
EARLY_DAYS = 3
#: Days after the due date (or the last day of an event) a message still counts as on time.
TOLERANCE_DAYS = 3
#: Fallback matching of messages without occasion_id: at most this many days from the due date.
MATCH_DAYS = 45
#: Events of one occasion starting within this many days of the previous one's end are one instance.
MERGE_EVENT_DAYS = 30
#: A message linked to an on_event occasion attaches to the nearest instance within this many days.
LINK_EVENT_DAYS = 180

STATUSES = ("on_time", "early", "late", "timing_unknown", "absent", "pending")
_SENDER = {"CN→KP": "Xi Jinping", "KP→CN": "Kim Jong Un"}

# Words that tie an event to one side, searched in its title and participants (whole words).
_SIDE_MARKERS = {
    "CN": ("Xi Jinping", "CPC", "Communist Party of China", "NPC", "National People's Congress", "PRC"),
    "KP": ("Kim Jong Un", "WPK", "Workers' Party of Korea", "SPA", "Supreme People's Assembly", "DPRK"),
}
_SIDE_RE = {side: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(m) for m in marks) + r")(?!\w)")
            for side, marks in _SIDE_MARKERS.items()}

EVENT_OCCASION_COLUMNS = {"event_id": "string", "date_start": "datetime64[ns]", "date_end": "datetime64[ns]",
                          "event_type": None, "side": "string", "occasion_id": "string"}


def event_occasions(events: pd.DataFrame, occasions: pd.DataFrame) -> pd.DataFrame:
    """Which on_event occasion of the calendar each event is an instance of.

    An event is an instance of an on_event occasion when its ``event_type`` equals the occasion's
    ``occasion_type`` ('party_congress', 'election') and it belongs to the side that marks the
    occasion (``marked_by``). The side is read from the event's title and participants: 'Xi Jinping',
    'CPC', 'NPC', 'PRC', ... make it Chinese; 'Kim Jong Un', 'WPK', 'SPA', 'DPRK', ... North Korean.
    An event naming both sides or neither gets no occasion (``occasion_id`` <NA>); check the result
    and pass a corrected copy to :func:`expected_vs_observed` (``event_occasions=``) if needed.

    Columns: ``event_id``, ``date_start``, ``date_end``, ``event_type``, ``side`` ('CN', 'KP' or
    <NA>), ``occasion_id`` (<NA> for events that are no calendar occasion's instance). One row per event.
    """
    dtypes = {c: (events["event_type"].dtype if t is None else t) for c, t in EVENT_OCCASION_COLUMNS.items()}
    on_event = occasions[occasions["cadence"] == "on_event"]
    by_type_side = {(str(t), str(s)): str(o) for o, t, s in
                    zip(on_event["occasion_id"], on_event["occasion_type"], on_event["marked_by"])}
    rows = []
    for event_id, start, end, kind, title, participants in zip(
            events["event_id"], events["date_start"], events["date_end"], events["event_type"],
            events["title"], events["participants"]):
        text = " ".join(str(x) for x in (title, participants) if not pd.isna(x))
        sides = [side for side, pattern in _SIDE_RE.items() if pattern.search(text)]
        side = sides[0] if len(sides) == 1 else None
        rows.append({"event_id": event_id, "date_start": start, "date_end": end, "event_type": kind,
                     "side": side, "occasion_id": by_type_side.get((str(kind), str(side))) if side else None})
    return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)


# ---------------------------------------------------------------------------------------------------
# Instances

def _calendar_instances(occasions: pd.DataFrame, years: range) -> list[dict]:
    out = []
    for occ in occasions.itertuples(index=False):
        if occ.cadence == "on_event" or pd.isna(occ.month) or pd.isna(occ.day):
            continue
        for year in years:
            try:
                due = pd.Timestamp(dt.date(year, int(occ.month), int(occ.day)))
            except ValueError:  # 29 February in a common year: mark it on 28 February
                due = pd.Timestamp(dt.date(year, int(occ.month), 28))
            anniversary = year - int(occ.base_year) if not pd.isna(occ.base_year) else None
            is_round = anniversary is not None and anniversary > 0 and anniversary % 5 == 0
            expected = year >= int(occ.first_year) and (occ.cadence == "annual" or is_round)
            out.append({"key": (occ.occasion_id, year, None), "occasion_id": occ.occasion_id, "year": year,
                        "window_start": due, "due_date": due, "event_id": None, "anniversary": anniversary,
                        "is_round": is_round, "is_tenth": anniversary is not None and anniversary > 0
                        and anniversary % 10 == 0, "expected": expected})
    return out


def _event_instances(occasions: pd.DataFrame, linked: pd.DataFrame, merge_days: int) -> list[dict]:
    first_year = dict(zip(occasions["occasion_id"], occasions["first_year"]))
    out = []
    linked = linked.dropna(subset=["occasion_id"]).sort_values(["occasion_id", "date_start", "event_id"])
    for occasion_id, part in linked.groupby("occasion_id", sort=True):
        if occasion_id not in first_year:
            continue
        runs: list[list] = []
        for event in part.itertuples(index=False):
            if runs and event.date_start <= runs[-1][-1].date_end + pd.Timedelta(days=merge_days):
                runs[-1].append(event)
            else:
                runs.append([event])
        for run in runs:
            start = min(e.date_start for e in run)
            end = max(e.date_end for e in run)
            ids = ";".join(str(e.event_id) for e in run)
            out.append({"key": (occasion_id, start.year, ids), "occasion_id": occasion_id, "year": start.year,
                        "window_start": start, "due_date": end, "event_id": ids, "anniversary": None,
                        "is_round": False, "is_tenth": False, "expected": start.year >= int(first_year[occasion_id])})
    return out


def _distance_days(earliest, latest, window_start, due) -> int:
    """Days between a message's possible dates and an instance's window (0 when they overlap)."""
    if latest < window_start:
        return (window_start - latest).days
    if earliest > due:
        return (earliest - due).days
    return 0


# ---------------------------------------------------------------------------------------------------
# The table

TABLE_COLUMNS = {
    "occasion_id": "string", "name": "string", "occasion_type": pd.CategoricalDtype(list(VOCABULARIES["occasion_type"])),
    "cadence": pd.CategoricalDtype(list(VOCABULARIES["cadence"])), "year": "Int64", "anniversary": "Int64",
    "is_round": "bool", "is_tenth": "bool", "event_id": "string", "window_start": "datetime64[ns]",
    "due_date": "datetime64[ns]", "direction": DIRECTION_DTYPE, "sender": "string", "expected": "bool",
    "status": "string", "message_id": "string", "date_sent": "datetime64[ns]",
    "date_precision": pd.CategoricalDtype(list(VOCABULARIES["date_precision"])), "is_reply": "boolean",
    "lag_days": "Int64", "days_late": "Int64", "n_messages": "int64", "other_message_ids": "string",
    "match": "string",
}


def _timing(earliest, latest, window_start, due, early_days, tolerance_days) -> str:
    if pd.isna(due):
        return "timing_unknown"
    opens = window_start - pd.Timedelta(days=early_days)
    closes = due + pd.Timedelta(days=tolerance_days)
    if latest < opens:
        return "early"
    if earliest > closes:
        return "late"
    if earliest >= opens and latest <= closes:
        return "on_time"
    return "timing_unknown"


def expected_vs_observed(exchanges: pd.DataFrame, occasions: pd.DataFrame, events: pd.DataFrame | None = None,
                         start_year: int | None = None, end_year: int | None = None, as_of=None,
                         early_days: int = EARLY_DAYS, tolerance_days: int = TOLERANCE_DAYS,
                         match_days: int = MATCH_DAYS, include_unexpected: bool = True,
                         event_links: pd.DataFrame | dict | None = None) -> pd.DataFrame:
    """Expected-versus-observed messages on customary occasions: one row per (occasion, year,
    expected direction), plus rows for messages sent where custom expects none.

    Parameters
    ----------
    exchanges : the messages (pass the full table; filter the result).
    occasions : the calendar, ``load_occasions()``.
    events : ``load_events()``, needed for on_event occasions (elections, congresses); without it
        they are left out.
    start_year, end_year : the years to cover (default: the first and last year of ``exchanges``).
    as_of : the day the table is made for (default: the newest ``date_reported`` in ``exchanges``,
        the day the record runs to; today's date would count occasions after it, never searched, as
        absences): slots whose window is still open are 'pending', slots not yet open are left out.
    early_days, tolerance_days, match_days : see the module docstring (defaults 3, 3, 45).
    include_unexpected : add the rows of messages no custom expects (``expected`` False).
    event_links : override :func:`event_occasions`: its output edited, or a dict
        ``event_id -> occasion_id`` (None to drop an event) applied on top of it.

    Returns
    -------
    Columns: ``occasion_id``, ``name``, ``occasion_type``, ``cadence``, ``year`` (Int64),
    ``anniversary`` (Int64; <NA> for New Year and events), ``is_round``, ``is_tenth`` (bool),
    ``event_id`` (';'-joined event ids for on_event occasions), ``window_start``, ``due_date``,
    ``direction``, ``sender`` (who is expected to write, or wrote), ``expected`` (bool), ``status``
    (on_time | early | late | timing_unknown | absent | pending), ``message_id`` (the slot's message;
    <NA> when absent), ``date_sent``, ``date_precision``, ``is_reply`` (boolean), ``lag_days`` (Int64:
    date_sent - due_date, exact dates only), ``days_late`` (Int64: days after the due date when late),
    ``n_messages`` (int64: messages in the slot), ``other_message_ids`` (';'-joined), ``match``
    ('occasion_id' or 'date_window': how the message was linked). Sorted by year, due date, occasion,
    direction.
    """
    ex = prepared(exchanges)
    empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in TABLE_COLUMNS.items()})
    first = start_year if start_year is not None else (ex["year"].min() if len(ex) else None)
    last = end_year if end_year is not None else (ex["year"].max() if len(ex) else None)
    if first is None or last is None or pd.isna(first) or pd.isna(last) or int(first) > int(last) or occasions.empty:
        return empty
    first, last = int(first), int(last)
    as_of = pd.Timestamp(as_of) if as_of is not None else record_end(exchanges)
    occ = occasions.set_index("occasion_id", drop=False)

    # 1. Instances, one year beyond the range on each side so that messages near New Year find theirs.
    message_years = ex["year"].dropna().astype(int)
    lo = min([first] + message_years.tolist()) - 1
    hi = max([last] + message_years.tolist()) + 1
    instances = _calendar_instances(occasions, range(lo, hi + 1))
    if events is not None and len(events):
        if isinstance(event_links, pd.DataFrame):
            linked_events = event_links
        else:
            linked_events = event_occasions(events, occasions)
            if event_links:
                mapping = dict(zip(linked_events["event_id"], linked_events["occasion_id"]))
                mapping.update(event_links)
                linked_events["occasion_id"] = pd.array([mapping[e] for e in linked_events["event_id"]],
                                                        dtype="string")
        instances += _event_instances(occasions, linked_events, MERGE_EVENT_DAYS)
    by_occasion: dict[str, list[dict]] = {}
    for inst in instances:
        by_occasion.setdefault(inst["occasion_id"], []).append(inst)

    # 2. Link messages to instances.
    earliest = ex["date_sent"]
    latest = latest_day(ex["date_sent"], ex["date_precision"])
    slots: dict[tuple, list[dict]] = {}
    for i, m in ex.iterrows():
        found, how = None, None
        oid = m["occasion_id"]
        if not pd.isna(oid) and str(oid) in occ.index:
            oid = str(oid)
            if occ.at[oid, "cadence"] == "on_event" and events is None:
                continue  # no events given: on_event occasions are left out
            candidates = by_occasion.get(oid, [])
            base = occ.at[oid, "base_year"]
            if occ.at[oid, "cadence"] != "on_event" and not pd.isna(m["anniversary"]) and not pd.isna(base):
                year = int(base) + int(m["anniversary"])
                found = next((c for c in candidates if c["year"] == year), None)
            elif candidates:
                dist = [(_distance_days(earliest[i], latest[i], c["window_start"], c["due_date"]), c["year"])
                        for c in candidates]
                best = int(np.argmin([d for d, _ in dist]))
                limit = LINK_EVENT_DAYS if occ.at[oid, "cadence"] == "on_event" else 366
                found = candidates[best] if dist[best][0] <= limit else None
            if found is None:
                # Linked to an occasion but to no instance (an election with no event): its own row.
                found = {"key": (oid, int(m["year"]), "unmatched"), "occasion_id": oid, "year": int(m["year"]),
                         "window_start": pd.NaT, "due_date": pd.NaT, "event_id": None, "anniversary": None,
                         "is_round": False, "is_tenth": False, "expected": False}
            how = "occasion_id"
        elif pd.isna(oid) and not m["is_reply"]:
            best_d = None
            for o in occasions.itertuples(index=False):
                if str(o.occasion_type) != str(m["occasion_type"]):
                    continue
                if o.customary_direction != "both" and o.customary_direction != m["direction"]:
                    continue
                for c in by_occasion.get(o.occasion_id, []):
                    if (c["anniversary"] is not None and not pd.isna(m["anniversary"])
                            and c["anniversary"] != int(m["anniversary"])):
                        continue
                    d = _distance_days(earliest[i], latest[i], c["window_start"], c["due_date"])
                    if d <= match_days and (best_d is None or d < best_d):
                        found, best_d = c, d
            how = "date_window" if found is not None else None
        if found is None:
            continue
        slots.setdefault(found["key"] + (str(m["direction"]),), []).append(
            {"instance": found, "row": i, "match": how})

    # 3. One row per expected slot and per unexpected slot with a non-reply message.
    rows = []
    instance_of = {inst["key"]: inst for inst in instances}
    keys = set()
    for inst in instances:
        if inst["expected"] and first <= inst["year"] <= last:
            for direction in directions_of(occ.at[inst["occasion_id"], "customary_direction"]):
                keys.add(inst["key"] + (direction,))
    for key, found in slots.items():
        inst = found[0]["instance"]
        if key not in keys and include_unexpected and first <= inst["year"] <= last:
            if any(not ex.at[f["row"], "is_reply"] for f in found):
                keys.add(key)
                instance_of.setdefault(key[:3], inst)
    for key in keys:
        inst = instance_of[key[:3]]
        direction = key[3]
        o = occ.loc[inst["occasion_id"]]
        found = sorted(slots.get(key, []),
                       key=lambda f: (bool(ex.at[f["row"], "is_reply"]), ex.at[f["row"], "date_sent"],
                                      str(ex.at[f["row"], "message_id"])))
        expected = inst["expected"] and direction in directions_of(o["customary_direction"])
        row = {"occasion_id": inst["occasion_id"], "name": o["name"], "occasion_type": o["occasion_type"],
               "cadence": o["cadence"], "year": inst["year"], "anniversary": inst["anniversary"],
               "is_round": inst["is_round"], "is_tenth": inst["is_tenth"], "event_id": inst["event_id"],
               "window_start": inst["window_start"], "due_date": inst["due_date"], "direction": direction,
               "sender": _SENDER[direction], "expected": expected, "n_messages": len(found)}
        if found:
            i = found[0]["row"]
            status = _timing(earliest[i], latest[i], inst["window_start"], inst["due_date"], early_days,
                             tolerance_days)
            exact = ex.at[i, "date_precision"] == "day" and not pd.isna(inst["due_date"])
            lag = (ex.at[i, "date_sent"] - inst["due_date"]).days if exact else None
            row.update({"status": status, "message_id": ex.at[i, "message_id"], "date_sent": ex.at[i, "date_sent"],
                        "date_precision": ex.at[i, "date_precision"], "is_reply": bool(ex.at[i, "is_reply"]),
                        "lag_days": lag, "days_late": lag if (status == "late" and lag is not None) else None,
                        "other_message_ids": ";".join(str(ex.at[f["row"], "message_id"]) for f in found[1:]) or None,
                        "match": found[0]["match"]})
        else:
            opens = inst["window_start"] - pd.Timedelta(days=early_days)
            closes = inst["due_date"] + pd.Timedelta(days=tolerance_days)
            if opens > as_of:
                continue  # not yet due: no row
            row.update({"status": "pending" if closes >= as_of else "absent", "message_id": None,
                        "date_sent": pd.NaT, "date_precision": None, "is_reply": None, "lag_days": None,
                        "days_late": None, "other_message_ids": None, "match": None})
        rows.append(row)
    if not rows:
        return empty
    out = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    out = out.sort_values(["year", "due_date", "occasion_id", "direction"], kind="stable", na_position="last")
    return out.reset_index(drop=True).astype(TABLE_COLUMNS)


def directions_of(customary_direction) -> tuple[str, ...]:
    """The directions a customary_direction code expects: 'both' gives both."""
    return ("CN→KP", "KP→CN") if str(customary_direction) == "both" else (str(customary_direction),)


SUMMARY_COUNTS = ("expected", "sent", "on_time", "early", "late", "timing_unknown", "absent", "pending",
                  "unexpected")


def absence_summary(table: pd.DataFrame, by=("occasion_id",)) -> pd.DataFrame:
    """Counts per group of an :func:`expected_vs_observed` table.

    ``by`` names columns of the table (default the occasion; e.g. ``("occasion_id", "direction")``,
    ``("year",)``, ``("is_round",)``, or 'period' for the named period of the due date).

    Columns: the ``by`` columns (grouping by ``occasion_id`` also brings ``name``), then int64
    counts: ``expected`` (expected slots), ``sent`` (expected slots with a message), ``on_time``,
    ``early``, ``late``, ``timing_unknown``, ``absent``, ``pending`` (of the expected slots),
    ``unexpected`` (rows of messages no custom expects), and ``share_sent`` (float: sent / (expected -
    pending); NaN when nothing is due).
    """
    by = [by] if isinstance(by, str) else list(by)
    t = table
    if "period" in by and "period" not in t:
        t = add_period(t, "due_date")
    extra = ["name"] if by == ["occasion_id"] and "name" in t else []
    key_dtypes = {c: (t[c].dtype if c in t else "string") for c in by + extra}
    columns = {**key_dtypes, **{c: "int64" for c in SUMMARY_COUNTS}, "share_sent": "float64"}
    if t.empty:
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in columns.items()})
    rows = []
    for key, part in t.groupby(by, observed=True, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        exp = part[part["expected"]]
        counts = {s: int((exp["status"] == s).sum()) for s in STATUSES}
        sent = int(exp["message_id"].notna().sum())
        due = len(exp) - counts["pending"]
        rows.append({**dict(zip(by, key)), **({"name": part["name"].iloc[0]} if extra else {}),
                     "expected": len(exp), "sent": sent, **counts,
                     "unexpected": int((~part["expected"]).sum()), "share_sent": sent / due if due else np.nan})
    return pd.DataFrame(rows, columns=list(columns)).astype(columns).reset_index(drop=True)
