"""Reply threads: which message answers which, chains of replies, and messages left unanswered.

``in_reply_to`` links a reply to the message(s) it answers; a reply to several lists their ids
separated by ';' (coding rule 7). Following the links gives threads: a congratulation and its
thanks, or two sympathy messages answered by one message of thanks.

Threads are built from the rows given. When a reply's answered message is not among them (a filtered
subset), the reply starts its own thread and ``answered_missing`` says so; build threads on the full
table and filter the result to keep whole threads.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .cadence import DIRECTION_DTYPE, latest_day, prepared, record_end

LINK_COLUMNS = {"reply_id": "string", "answered_id": "string", "reply_date": "datetime64[ns]",
                "answered_date": "datetime64[ns]", "answered_in_rows": "bool", "lag_days": "Int64"}


def _answered_ids(value) -> list[str]:
    if value is None or pd.isna(value):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def reply_links(exchanges: pd.DataFrame) -> pd.DataFrame:
    """One row per (reply, answered message) link: a reply to two messages gives two rows.

    Columns: ``reply_id``, ``answered_id`` (string), ``reply_date``, ``answered_date`` (datetime;
    NaT when the answered message is not among the rows), ``answered_in_rows`` (bool), ``lag_days``
    (Int64: days from this answered message to the reply, only when both dates are known to the day;
    note that ``reply_lag_days`` of ``load_exchanges`` measures from the latest answered message).
    """
    ex = prepared(exchanges)
    sent = dict(zip(ex["message_id"], ex["date_sent"]))
    day = dict(zip(ex["message_id"], ex["date_precision"] == "day"))
    rows = []
    for mid, answers, date in zip(ex["message_id"], ex["in_reply_to"], ex["date_sent"]):
        for answered in _answered_ids(answers):
            inside = answered in sent
            exact = inside and day[mid] and day[answered]
            rows.append({"reply_id": mid, "answered_id": answered, "reply_date": date,
                         "answered_date": sent.get(answered, pd.NaT), "answered_in_rows": inside,
                         "lag_days": (date - sent[answered]).days if exact else pd.NA})
    return pd.DataFrame(rows, columns=list(LINK_COLUMNS)).astype(LINK_COLUMNS)


THREAD_COLUMNS = {"message_id": "string", "date_sent": "datetime64[ns]", "direction": DIRECTION_DTYPE,
                  "thread_id": "string", "depth": "int64", "thread_size": "int64", "in_reply_to": "string",
                  "reply_lag_days": "Int64", "answered_missing": "bool"}


def reply_threads(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Every message with its thread: message → reply chains.

    A thread is a set of messages joined by reply links (in either direction of the link), so a
    reply answering two messages joins their threads. ``thread_id`` is the message_id of the
    thread's earliest message. ``depth`` is 0 for a message that answers nothing among the rows and
    1 + the largest depth of the messages it answers otherwise (a thanks for a congratulation has
    depth 1; a reply to that thanks would have depth 2).

    Columns: ``message_id``, ``date_sent``, ``direction``, ``thread_id``, ``depth`` (int64),
    ``thread_size`` (int64: messages in the thread), ``in_reply_to``, ``reply_lag_days`` (Int64, as
    loaded: from the latest answered message, exact dates only), ``answered_missing`` (bool: the
    message answers an id that is not among the rows). Sorted by thread (in time order of their
    first message), then date.
    """
    ex = prepared(exchanges)
    if ex.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in THREAD_COLUMNS.items()})
    ids = ex["message_id"].astype(str).tolist()
    position = {mid: i for i, mid in enumerate(ids)}   # ex is in time order: position = time rank
    parents = [[position[a] for a in _answered_ids(v) if a in position] for v in ex["in_reply_to"]]
    missing = [any(a not in position for a in _answered_ids(v)) for v in ex["in_reply_to"]]

    # Union-find over reply links; the root kept is the earliest message of each thread.
    root = list(range(len(ids)))

    def find(i):
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for child, answered in enumerate(parents):
        for parent in answered:
            a, b = find(child), find(parent)
            if a != b:
                root[max(a, b)] = min(a, b)

    # Depth by following links upwards, memoised; a cycle (impossible in valid data: the validator
    # checks that a reply is not sent before what it answers) is cut instead of looping.
    depth: list[int | None] = [None] * len(ids)

    def depth_of(i, seen=()):
        if depth[i] is None:
            ups = [depth_of(p, seen + (i,)) for p in parents[i] if p not in seen and p != i]
            depth[i] = 1 + max(ups) if ups else (1 if parents[i] else 0)
        return depth[i]

    for i in range(len(ids)):
        depth_of(i)
    # The thread's first message: the earliest, and on a tie of dates the one that answers nothing
    # in the thread (a same-day reply can sort before what it answers by id).
    dates = ex["date_sent"].tolist()
    first: dict[int, int] = {}
    for i in range(len(ids)):
        r = find(i)
        if r not in first or (dates[i], depth[i], ids[i]) < (dates[first[r]], depth[first[r]], ids[first[r]]):
            first[r] = i
    head = [first[find(i)] for i in range(len(ids))]
    thread = [ids[h] for h in head]
    size = pd.Series(thread).map(pd.Series(thread).value_counts()).tolist()
    out = pd.DataFrame({
        "message_id": ids, "date_sent": ex["date_sent"], "direction": ex["direction"], "thread_id": thread,
        "depth": depth, "thread_size": size, "in_reply_to": ex["in_reply_to"],
        "reply_lag_days": ex["reply_lag_days"], "answered_missing": missing,
    })
    out["_head"] = [(dates[h], depth[h], ids[h]) for h in head]
    out = out.sort_values(["_head", "date_sent", "depth", "message_id"], kind="stable").drop(columns="_head")
    return out.reset_index(drop=True).astype(THREAD_COLUMNS)


SUMMARY_COLUMNS = {"thread_id": "string", "first_date": "datetime64[ns]", "last_date": "datetime64[ns]",
                   "span_days": "int64", "n_messages": "int64", "max_depth": "int64",
                   "started_by": DIRECTION_DTYPE, "occasion_type": None, "message_ids": "string"}


def thread_summary(exchanges: pd.DataFrame) -> pd.DataFrame:
    """One row per thread of :func:`reply_threads`, in time order.

    Columns: ``thread_id``, ``first_date``, ``last_date``, ``span_days`` (int64, stored dates),
    ``n_messages``, ``max_depth`` (int64), ``started_by`` (direction of the first message),
    ``occasion_type`` (of the first message) and ``message_ids`` (';'-joined in thread order).
    """
    ex = prepared(exchanges)
    dtypes = {c: (ex["occasion_type"].dtype if t is None else t) for c, t in SUMMARY_COLUMNS.items()}
    threads = reply_threads(ex)
    if threads.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    occasion = dict(zip(ex["message_id"], ex["occasion_type"]))
    rows = []
    for thread_id, part in threads.groupby("thread_id", sort=False):
        rows.append({"thread_id": thread_id, "first_date": part["date_sent"].iloc[0],
                     "last_date": part["date_sent"].iloc[-1],
                     "span_days": (part["date_sent"].iloc[-1] - part["date_sent"].iloc[0]).days,
                     "n_messages": len(part), "max_depth": int(part["depth"].max()),
                     "started_by": part["direction"].iloc[0], "occasion_type": occasion[thread_id],
                     "message_ids": ";".join(part["message_id"])})
    return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)


# ---------------------------------------------------------------------------------------------------
# Unanswered messages

#: Purposes that draw a message of thanks: congratulations, sympathy and condolences are answered;
#: greetings (New Year cards), briefings, thanks and 'other' are not.
ANSWERED_PURPOSES = ("congratulation", "sympathy", "condolence")
#: Occasion types whose messages are not answered by message in the record: birthday greetings.
UNANSWERED_OCCASION_TYPES = ("birthday",)
#: Two non-reply messages of the two leaders on the same occasion within this many days are an
#: exchange (New Year, treaty and diplomatic-ties anniversaries), not a message and its answer.
EXCHANGE_DAYS = 7


def customarily_answered(exchanges: pd.DataFrame, exchange_days: int = EXCHANGE_DAYS) -> pd.Series:
    """Boolean Series (aligned with ``exchanges``): does custom call for a reply to this message?

    The rule, read from the record (from 2017 on, congratulations on founding days, congresses and
    elections, and messages of sympathy or condolence, are answered with thanks within 1–50 days):

    1. the message is not itself a reply (thanks are not thanked);
    2. its purpose is in :data:`ANSWERED_PURPOSES` (congratulation, sympathy, condolence);
    3. its occasion type is not in :data:`UNANSWERED_OCCASION_TYPES` (birthday greetings);
    4. it is not half of an exchange: the other leader did not send a non-reply message on the same
       occasion within ``exchange_days`` days (same ``occasion_id`` when both have one, else the same
       occasion_type and anniversary). Month- and year-precision dates count as the whole month or
       year.

    The rule describes today's practice; before 2017 almost no reply was published, so the
    unanswered messages of the cool period are the norm of that time, which is what makes the
    change visible.
    """
    ex = exchanges
    if ex.empty:
        return pd.Series([], index=ex.index, dtype=bool)
    is_reply = ex["in_reply_to"].notna().to_numpy()
    sender = ex["sender"].astype(str).to_numpy()
    candidate = (~is_reply & ex["purpose"].isin(ANSWERED_PURPOSES).to_numpy()
                 & ~ex["occasion_type"].isin(UNANSWERED_OCCASION_TYPES).to_numpy())
    start = ex["date_sent"].to_numpy()
    end = latest_day(ex["date_sent"], ex["date_precision"]).to_numpy()
    occasion_id = ex["occasion_id"].astype("string").fillna("").to_numpy()
    occasion_type = ex["occasion_type"].astype(str).to_numpy()
    anniversary = ex["anniversary"].astype("Int64").to_numpy(dtype="float64", na_value=np.nan)
    window = np.timedelta64(exchange_days, "D")
    answered = candidate.copy()
    for i in np.flatnonzero(candidate):
        for j in range(len(ex)):
            if j == i or is_reply[j] or sender[j] == sender[i]:
                continue
            if occasion_id[i] and occasion_id[j]:
                same = occasion_id[i] == occasion_id[j]
            else:
                same = occasion_type[i] == occasion_type[j] and (
                    (np.isnan(anniversary[i]) and np.isnan(anniversary[j])) or anniversary[i] == anniversary[j])
            # The two date ranges come within exchange_days of each other.
            close = start[j] <= end[i] + window and start[i] <= end[j] + window
            if same and close:
                answered[i] = False
                break
    return pd.Series(answered, index=ex.index, name="customarily_answered")


UNANSWERED_COLUMNS = {"message_id": "string", "date_sent": "datetime64[ns]", "date_precision": None,
                      "direction": DIRECTION_DTYPE, "medium": None, "purpose": None, "occasion_type": None,
                      "occasion_id": "string", "days_since": "int64", "status": "string"}


def unanswered(exchanges: pd.DataFrame, as_of=None, grace_days: int = 60,
               exchange_days: int = EXCHANGE_DAYS) -> pd.DataFrame:
    """Messages that custom says should be answered (:func:`customarily_answered`) but are not.

    A message counts as answered when any row given replies to it, so pass the full table (or at
    least both directions) and filter the result. A message sent fewer than ``grace_days`` days before
    ``as_of`` (default: the newest ``date_reported`` in ``exchanges``, the day the record runs to) may
    still be answered: its status is 'awaiting_reply' instead of
    'unanswered' (the longest reply lag in the record is under 50 days).

    Columns: ``message_id``, ``date_sent``, ``date_precision``, ``direction``, ``medium``,
    ``purpose``, ``occasion_type``, ``occasion_id``, ``days_since`` (int64: from date_sent to
    as_of) and ``status`` ('unanswered' or 'awaiting_reply'). Sorted by date.
    """
    ex = prepared(exchanges)
    dtypes = {c: (ex[c].dtype if t is None else t) for c, t in UNANSWERED_COLUMNS.items()}
    as_of = pd.Timestamp(as_of) if as_of is not None else record_end(exchanges)
    if ex.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    replied = {a for v in ex["in_reply_to"] for a in _answered_ids(v)}
    mask = customarily_answered(ex, exchange_days) & ~ex["message_id"].isin(replied)
    out = ex.loc[mask, [c for c in UNANSWERED_COLUMNS if c in ex]].copy()
    out["days_since"] = (as_of - out["date_sent"]).dt.days
    out["status"] = np.where(out["days_since"] < grace_days, "awaiting_reply", "unanswered")
    return out.reset_index(drop=True).astype(dtypes)
