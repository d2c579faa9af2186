"""Cross-table checks of a data directory (the shipped one, or a user's working copy).

Each file is first read strictly (:mod:`dprk_china._io`: columns, types, vocabularies, unique ids);
then the relations between tables are checked. Every problem names the file, row, column and what
is wrong. ``dprk-china validate [DIR]`` prints them; :func:`validate` raises.
"""
from __future__ import annotations

import datetime as dt

from ._io import DataError, read_table
from .metadata import SCOPE_START, TABLES


class ValidationError(DataError):
    """All problems found in a data directory; ``.errors`` lists them, the message shows each."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        ValueError.__init__(self, f"{len(errors)} problem(s):\n" + "\n".join(f"  {e}" for e in errors))
        first = errors[0]
        self.file, self.row, self.column, self.problem, self.line = (first.file, first.row, first.column,
                                                                     first.problem, first.line)


def _earliest(day: dt.date, precision: str) -> dt.date:
    """The earliest day a date coded at ``precision`` can stand for (its stored value)."""
    return day


def _latest(day: dt.date, precision: str) -> dt.date:
    """The latest day a date coded at ``precision`` can stand for."""
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return day


def office_on(titles: dict[str, list], person: str, start: dt.date, end: dt.date) -> set[str]:
    """Offices ``person`` held at any time between ``start`` and ``end``."""
    held = set()
    for who, office, since, until in zip(titles["person"], titles["office"], titles["valid_from"], titles["valid_to"]):
        if who == person and since <= end and (until is None or until >= start):
            held.add(office)
    return held


def problems(data_dir=None, today: dt.date | None = None) -> list[DataError]:
    """Every problem found in the data directory (empty when it is valid)."""
    today = today or dt.date.today()
    tables, found = {}, []
    for table in TABLES:
        try:
            tables[table] = read_table(table, data_dir)
        except DataError as exc:
            found.append(exc)
    if found:
        return found  # relations between tables mean little while a file is unreadable

    def problem(table, row, column, text):
        found.append(DataError(f"{table}.csv", text, row=row, column=column))

    ex, rep = tables["exchanges"], tables["reports"]
    ids = ex["message_id"]
    known = set(ids)
    sender_of = dict(zip(ids, ex["sender"]))
    sent_of = dict(zip(ids, ex["date_sent"]))
    occasions = dict(zip(tables["occasions"]["occasion_id"], tables["occasions"]["occasion_type"]))
    base_years = dict(zip(tables["occasions"]["occasion_id"], tables["occasions"]["base_year"]))
    anniversary_of = dict(zip(ids, ex["anniversary"]))
    report_dates: dict[str, list[dt.date]] = {}
    for i, (rid, mid, day) in enumerate(zip(rep["report_id"], rep["message_id"], rep["date"]), start=1):
        if mid not in known:
            problem("reports", i, "message_id", f"{mid!r} is not a message_id of exchanges.csv")
            continue
        if not rid.startswith(mid + ".r"):
            problem("reports", i, "report_id", f"{rid!r} should start with its message_id {mid!r} + '.r'")
        report_dates.setdefault(mid, []).append(day)

    for i, row in enumerate(zip(*(ex[f] for f in TABLES["exchanges"]["fields"])), start=1):
        r = dict(zip(TABLES["exchanges"]["fields"], row))
        mid, precision = r["message_id"], r["date_precision"]
        if r["sender"] == r["recipient"]:
            problem("exchanges", i, "recipient", "sender and recipient are the same person")
        prefix = "XK" if r["sender"] == "Xi Jinping" else "KX"
        if not mid.startswith(prefix + "-"):
            problem("exchanges", i, "message_id", f"{mid!r} should start with {prefix}- for a message from {r['sender']}")
        start, end = _earliest(r["date_sent"], precision), _latest(r["date_sent"], precision)
        if precision == "month" and r["date_sent"].day != 1:
            problem("exchanges", i, "date_sent", "a month-precision date is stored as the 1st of the month")
        if precision == "year" and (r["date_sent"].month, r["date_sent"].day) != (1, 1):
            problem("exchanges", i, "date_sent", "a year-precision date is stored as 1 January")
        if end < SCOPE_START:
            problem("exchanges", i, "date_sent", f"{r['date_sent']} is before the scope starts ({SCOPE_START})")
        if start > today:
            problem("exchanges", i, "date_sent", f"{r['date_sent']} is in the future")
        if r["date_reported"] < start:
            problem("exchanges", i, "date_reported",
                    f"reported {r['date_reported']} before it was sent ({r['date_sent']}, {precision} precision)")
        dates = report_dates.get(mid)
        if not dates:
            problem("exchanges", i, "message_id", f"message {mid!r} has no report in reports.csv")
        elif min(dates) != r["date_reported"]:
            problem("exchanges", i, "date_reported",
                    f"{r['date_reported']} is not the earliest report date ({min(dates)})")
        for who, column in ((r["sender"], "sender_title"), (r["recipient"], "recipient_title")):
            held = office_on(tables["titles"], who, start, end)
            if r[column] not in held:
                expected = " or ".join(sorted(held)) or "no office in titles.csv"
                problem("exchanges", i, column, f"{r[column]!r} was not held by {who} on {r['date_sent']} "
                                                f"(titles.csv: {expected})")
        if r["occasion_type"].startswith("anniversary") and r["anniversary"] is None:
            problem("exchanges", i, "anniversary", "an anniversary occasion needs its ordinal")
        if r["occasion_id"] is not None:
            if r["occasion_id"] not in occasions:
                problem("exchanges", i, "occasion_id", f"{r['occasion_id']!r} is not an occasion_id of occasions.csv")
            elif occasions[r["occasion_id"]] != r["occasion_type"]:
                problem("exchanges", i, "occasion_type",
                        f"{r['occasion_type']!r} differs from the occasion's type {occasions[r['occasion_id']]!r}")
            elif r["anniversary"] is not None and base_years[r["occasion_id"]] is not None:
                # A reply carries the ordinal of the message it answers (it may be sent in another year).
                first_answered = (r["in_reply_to"] or "").split(";")[0]
                expected = (anniversary_of.get(first_answered) if first_answered in known
                            else r["date_sent"].year - base_years[r["occasion_id"]])
                if expected is not None and r["anniversary"] != expected:
                    problem("exchanges", i, "anniversary",
                            f"{r['anniversary']} does not fit {r['occasion_id']} in {r['date_sent'].year} "
                            f"(expected {expected})")
        if r["in_reply_to"]:
            for answered in r["in_reply_to"].split(";"):
                if answered not in known:
                    problem("exchanges", i, "in_reply_to", f"{answered!r} is not a message_id of exchanges.csv")
                elif answered == mid:
                    problem("exchanges", i, "in_reply_to", "a message cannot answer itself")
                elif sender_of[answered] != r["recipient"]:
                    problem("exchanges", i, "in_reply_to", f"{answered!r} was not sent by {r['recipient']}")
                elif sent_of[answered] > end:
                    problem("exchanges", i, "in_reply_to", f"answers {answered!r}, which was sent later")

    for i, day in enumerate(rep["date"], start=1):
        mid = rep["message_id"][i - 1]
        if mid in known:
            j = ids.index(mid)
            if day < ex["date_sent"][j]:
                problem("reports", i, "date", f"report dated {day} before the message was sent ({ex['date_sent'][j]})")

    lex = set(tables["lexicon"]["concept_id"])
    mp = tables["message_phrases"]
    for i, (mid, cid) in enumerate(zip(mp["message_id"], mp["concept_id"]), start=1):
        if mid not in known:
            problem("message_phrases", i, "message_id", f"{mid!r} is not a message_id of exchanges.csv")
        if cid not in lex:
            problem("message_phrases", i, "concept_id", f"{cid!r} is not a concept_id of lexicon.csv")

    ev = tables["events"]
    for i, (start, end) in enumerate(zip(ev["date_start"], ev["date_end"]), start=1):
        if end < start:
            problem("events", i, "date_end", f"ends ({end}) before it starts ({start})")

    ti = tables["titles"]
    spans: dict[str, list] = {}
    for i, (who, since, until) in enumerate(zip(ti["person"], ti["valid_from"], ti["valid_to"]), start=1):
        if until is not None and until < since:
            problem("titles", i, "valid_to", f"ends ({until}) before it starts ({since})")
        for j, other_since, other_until in spans.get(who, []):
            if since <= (other_until or dt.date.max) and other_since <= (until or dt.date.max):
                problem("titles", i, "valid_from", f"overlaps row {j} of the same person")
        spans.setdefault(who, []).append((i, since, until))
    return found


def validate(data_dir=None, today: dt.date | None = None) -> None:
    """Raise :class:`ValidationError` listing every problem in ``data_dir`` (default: the shipped data)."""
    errors = problems(data_dir, today)
    if errors:
        raise ValidationError(errors)
