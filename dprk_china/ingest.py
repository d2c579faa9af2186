"""Ingest: add what news articles report to a working copy of the data, safely.

>>> from dprk_china.ingest import ingest
>>> report = ingest(["article.txt"], into="mydata", url="https://...")   # doctest: +SKIP
>>> print(report)                                                       # doctest: +SKIP

For every message the extractor (:mod:`dprk_china.extract`) finds in an article:

* already in the data (same sender and recipient, a compatible date at the coarser precision, a
  compatible occasion) -> "known", with its message_id; the article becomes a new ``reports`` row
  if its URL is not recorded for that message yet;
* new -> a proposed ``exchanges`` row (a fresh id by the registry's pattern, titles from
  ``titles.csv``, notes saying it was proposed by the extractor and needs review), its ``reports``
  row and its ``message_phrases``.

Every report row needs a URL. Without ``url`` nothing is written to the tables: the proposals go to
``DIR/proposed.jsonl`` for review. Proposals the tables cannot take as they are (no date, no title
for the date, an anniversary without its ordinal) go there too, each with its reason.

Safety: the working copy is validated before anything is written (a broken copy raises
:class:`dprk_china.DataError` naming file, row and column); the new tables are built and validated in a
staging folder inside DIR first; files are only ever appended to (every existing byte stays as it
was), each written to a temporary file, fsynced and moved into place with ``os.replace``; running the
same ingest twice adds nothing. Only DIR is written to, never the shipped data.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ._dates import date_span
from ._io import DataError, package_data_dir, read_rows, read_table
from .metadata import SCOPE_START, TABLES

REVIEW_FILE = "proposed.jsonl"
_DAY_SLACK = 2  # two reports of one message may date it a day or two apart (time zones, KCNA's delay)

# Outlets whose side is known; matched case-insensitively as substrings of the outlet's name.
_CN_OUTLETS = ("xinhua", "people's daily", "cctv", "cgtn", "china daily", "global times", "china news service",
               "ministry of foreign affairs of the people's republic", "fmprc", "qiushi", "guangming")
_KP_OUTLETS = ("kcna", "korean central news agency", "rodong sinmun", "kctv", "uriminzokkiri", "voice of korea",
               "naenara", "pyongyang times", "minju choson")
_OUTLET_NAMES = {"xinhua": "Xinhua", "kcna": "KCNA", "yonhap": "Yonhap", "reuters": "Reuters", "ap": "AP",
                 "afp": "AFP", "kyodo": "Kyodo", "upi": "UPI", "efe": "EFE", "tass": "TASS", "sputnik": "Sputnik"}
_HEADER_OUTLETS = ["Xinhua", "KCNA", "Yonhap", "The Korea Herald", "Korea Herald", "The Korea Times", "Korea Times",
                   "Global Times", "People's Daily", "China Daily", "CGTN", "NK News", "Rodong Sinmun",
                   "South China Morning Post", "Reuters", "AFP", "Associated Press", "Hankyoreh", "JoongAng",
                   "Chosun Ilbo", "Kyodo", "NHK", "Daily NK"]


@dataclass
class IngestReport:
    """What an ingest did: known messages, rows added, proposals left for review."""
    into: Path
    created: bool = False
    known: list[tuple[str, dict]] = field(default_factory=list)       # (message_id, record)
    added: list[tuple[str, dict]] = field(default_factory=list)       # (new message_id, record)
    reports_added: list[str] = field(default_factory=list)            # report_ids
    review: list[dict] = field(default_factory=list)                  # proposals with a "reason"
    review_file: Path | None = None
    articles: int = 0
    messages_found: int = 0
    _reported: list[dict] = field(default_factory=list, repr=False)  # records behind reports_added

    @property
    def changed(self) -> bool:
        return bool(self.added or self.reports_added)

    def __str__(self) -> str:
        lines = []
        if self.created:
            lines.append(f"created {self.into} as a copy of the shipped data")
        lines.append(f"{self.articles} article(s), {self.messages_found} message(s) found")
        for mid, r in self.known:
            lines.append(f"  known  {mid}  {_describe(r)}")
        for mid, r in self.added:
            lines.append(f"  added  {mid}  {_describe(r)}  (proposed, needs review)")
        if self.reports_added:
            lines.append(f"  reports added: {', '.join(self.reports_added)}")
        for r in self.review:
            lines.append(f"  review {_describe(r)}: {r['reason']}")
        if self.review and self.review_file:
            lines.append(f"{len(self.review)} proposal(s) written to {self.review_file} for review")
        if not self.changed:
            lines.append(f"the tables in {self.into} were not changed")
        return "\n".join(lines)


def _describe(r: dict) -> str:
    return (f"{r['sender']} -> {r['recipient']} {r.get('date_sent') or 'undated'} ({r.get('date_precision')}) "
            f"{r.get('medium')} {r.get('occasion_type')}")


# ---------------------------------------------------------------------------------------------------
# Entry points


def ingest(paths_or_texts, into, published=None, url=None, outlet=None) -> IngestReport:
    """Add the messages reported by ``paths_or_texts`` (file paths or article texts) to the working
    copy ``into`` (created from the shipped data when it does not exist). See the module docstring."""
    from .extract import read_article

    from ._dates import parse_iso

    into = Path(into)
    items = [paths_or_texts] if isinstance(paths_or_texts, (str, bytes, os.PathLike)) else list(paths_or_texts)
    if url is not None and len(items) != 1:
        raise ValueError("--url names the page of one article; ingest articles one at a time")
    if url is not None and not re.match(r"^https?://\S+$", url):
        raise ValueError(f"--url {url!r} is not an http(s) address")
    if published is not None and parse_iso(published) is None:
        raise ValueError(f"--published {published!r} is not a date in the form YYYY-MM-DD")
    _refuse_shipped(into)
    report = IngestReport(into=into, created=_ensure_working_copy(into))
    _check_valid(into)
    data = _WorkingCopy(into)
    for number, item in enumerate(items, start=1):
        text, source = _read_item(item, number)
        article = read_article(text, published, source)
        report.articles += 1
        report.messages_found += len(article.records) + len(article.before_scope)
        meta = _report_meta(article, text, published, url, outlet)
        _ingest_article(article, meta, data, report)
    if data.new_rows_count():
        _commit(data, into, report)
    _write_review(into, report)
    return report


def run_ingest_command(args) -> int:
    """``dprk-china ingest ARTICLE... --into DIR [--published DATE] [--url URL] [--outlet NAME]``."""
    try:
        paths = [Path(p) for p in args.paths]  # paths, never article texts: a missing file is an error
        report = ingest(paths, args.into, published=args.published, url=args.url, outlet=args.outlet)
    except DataError as exc:
        print(f"error: the working copy is not valid, nothing was written:\n{exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report)
    if args.url is None and report.messages_found:
        print("no --url given: every report row needs the article's URL, so nothing was added to the tables; "
              f"rerun with --url to add them (proposals are in {Path(args.into) / REVIEW_FILE})")
    return 0


# ---------------------------------------------------------------------------------------------------
# The working copy


def _refuse_shipped(into: Path) -> None:
    shipped = Path(str(package_data_dir())).resolve()
    repo_data = Path(__file__).resolve().parent.parent / "data"
    target = into.resolve()
    if target in (shipped, repo_data.resolve()):
        raise ValueError(f"{into} is the package's own data; ingest into a working copy (a new folder)")


def _ensure_working_copy(into: Path) -> bool:
    """Create ``into`` as a copy of the shipped tables when it does not exist (or is empty)."""
    if into.exists() and any(into.iterdir()):
        return False
    into.mkdir(parents=True, exist_ok=True)
    source = package_data_dir()
    for name in TABLES:
        data = (source / f"{name}.csv").read_bytes()
        _atomic_write(into / f"{name}.csv", data)
    return True


def _check_valid(into: Path) -> None:
    from .validate import ValidationError, problems

    found = problems(into)
    if found:
        raise ValidationError(found)


class _WorkingCopy:
    """The tables of a working copy as read, plus the rows this ingest adds."""

    def __init__(self, into: Path):
        self.into = into
        self.tables = {name: read_table(name, into) for name in ("exchanges", "reports", "titles", "occasions",
                                                                   "lexicon", "message_phrases")}
        self.headers = {name: read_rows(name, into)[0] for name in ("exchanges", "reports", "message_phrases")}
        self.new_rows: dict[str, list[dict]] = {"exchanges": [], "reports": [], "message_phrases": []}
        ex = self.tables["exchanges"]
        self.messages = [dict(zip(ex, values)) for values in zip(*ex.values())]
        self.used_ids = set(ex["message_id"]) | set(self.tables["reports"]["message_id"]) \
            | set(self.tables["message_phrases"]["message_id"])
        self.report_keys = {(mid, url) for mid, url in zip(self.tables["reports"]["message_id"],
                                                          self.tables["reports"]["url"])}
        self.report_ids = set(self.tables["reports"]["report_id"])
        self.concepts = set(self.tables["lexicon"]["concept_id"])
        oc = self.tables["occasions"]
        self.occasions = {oid: (kind, base) for oid, kind, base in zip(oc["occasion_id"], oc["occasion_type"],
                                                                       oc["base_year"])}

    def new_rows_count(self) -> int:
        return sum(len(rows) for rows in self.new_rows.values())

    def add_message(self, row: dict) -> None:
        parsed = dict(row, date_sent=dt.date.fromisoformat(row["date_sent"]),
                      date_reported=dt.date.fromisoformat(row["date_reported"]),
                      anniversary=int(row["anniversary"]) if row["anniversary"] else None)
        self.messages.append(parsed)
        self.used_ids.add(row["message_id"])
        self.new_rows["exchanges"].append(row)

    def add_report(self, row: dict) -> None:
        self.report_keys.add((row["message_id"], row["url"]))
        self.report_ids.add(row["report_id"])
        self.new_rows["reports"].append(row)


# ---------------------------------------------------------------------------------------------------
# One article


@dataclass
class _ReportMeta:
    outlet: str | None
    outlet_side: str
    date: dt.date | None
    language: str
    headline: str
    url: str | None


def _read_item(item, number: int) -> tuple[str, str]:
    """The text of a path, or the item itself when it is an article's text."""
    if isinstance(item, bytes):
        return item.decode("utf-8", errors="replace"), f"<text {number}>"
    path = Path(item) if isinstance(item, (str, os.PathLike)) else None
    if path is not None and "\n" not in str(item) and len(str(item)) < 4096 and path.is_file():
        return path.read_bytes().decode("utf-8", errors="replace"), str(path)
    if isinstance(item, os.PathLike):
        raise FileNotFoundError(f"{item}: no such article file")
    return str(item), f"<text {number}>"


def _report_meta(article, text: str, published, url, outlet) -> _ReportMeta:
    from ._dates import parse_iso

    name = outlet or _guess_outlet(article, text)
    date = parse_iso(published) or article.published
    return _ReportMeta(outlet=name, outlet_side=outlet_side(name), date=date, language=article.language,
                       headline=(article.headline or "")[:300], url=url)


def _guess_outlet(article, text: str) -> str | None:
    """The agency of the dateline ("BEIJING, May 9 (Xinhua) --"), else an outlet named in the short
    header lines at the top of the page."""
    if article.outlet:
        return _OUTLET_NAMES.get(article.outlet.lower(), article.outlet)
    for line in text.splitlines()[:8]:
        if len(line) > 120:
            continue
        for candidate in _HEADER_OUTLETS:
            if candidate.lower() in line.lower():
                return candidate
    return None


def outlet_side(outlet: str | None) -> str:
    """CN, KP or other, from the outlet's name."""
    name = (outlet or "").lower()
    if any(o in name for o in _KP_OUTLETS):
        return "KP"
    if any(o in name for o in _CN_OUTLETS):
        return "CN"
    return "other"


def _ingest_article(article, meta: _ReportMeta, data: _WorkingCopy, report: IngestReport) -> None:
    for record in article.before_scope:  # not Xi-Kim messages as dated: shown, never added
        report.review.append(_proposal(record, meta, _why_not(record, meta) or "before the data's scope"))
    ids: dict[int, str] = {}
    # answered messages first, so that a reply can point at them
    order = sorted(range(len(article.records)), key=lambda k: bool(article.records[k]["replies_to"]))
    for k in order:
        record = article.records[k]
        known = _find_known(record, data, meta.date)
        if known is not None:
            ids[k] = known["message_id"]
            report.known.append((known["message_id"], record))
            _add_known_report(record, known, meta, data, report)
            continue
        reason = _why_not(record, meta)
        if reason:
            report.review.append(_proposal(record, meta, reason))
            continue
        row, reason = _exchange_row(record, meta, data, [ids[i] for i in (record["replies_to"] or []) if i in ids])
        if row is None:
            report.review.append(_proposal(record, meta, reason))
            continue
        data.add_message(row)
        ids[k] = row["message_id"]
        report.added.append((row["message_id"], record))
        report_row = _report_row(row["message_id"], meta, data)
        data.add_report(report_row)
        report.reports_added.append(report_row["report_id"])
        report._reported.append(_proposal(record, meta, ""))
        _add_phrases(row["message_id"], record, data)


def _why_not(record: dict, meta: _ReportMeta) -> str | None:
    """Why a new message cannot become rows (the tables' required fields), or None."""
    if meta.url is None:
        return "no --url: a report row needs the article's URL"
    if not meta.outlet:
        return "outlet unknown (no dateline agency): pass --outlet"
    if meta.date is None:
        return "report date unknown (no dateline): pass --published"
    if not record["date_sent"]:
        return "the article does not date the message (date_sent is required)"
    day = dt.date.fromisoformat(record["date_sent"])
    if day > meta.date:
        return f"dated {record['date_sent']}, after the report ({meta.date})"
    if date_span(day, record["date_precision"])[1] < SCOPE_START:
        return f"dated {record['date_sent']}, before the data's scope starts ({SCOPE_START})"
    if record["occasion_type"].startswith("anniversary") and not record["anniversary"]:
        return "an anniversary without its ordinal"
    return None


def _proposal(record: dict, meta: _ReportMeta, reason: str) -> dict:
    return dict(record, reason=reason, outlet=meta.outlet, outlet_side=meta.outlet_side,
                report_date=meta.date.isoformat() if meta.date else None, url=meta.url)


# Matching what is already known -------------------------------------------------------------------

def _dates_compatible(a: dt.date, a_precision: str, b: dt.date, b_precision: str) -> bool:
    """At the coarser of the two precisions: same year, same month, or days at most two apart."""
    if "year" in (a_precision, b_precision):
        return a.year == b.year
    if "month" in (a_precision, b_precision):
        return (a.year, a.month) == (b.year, b.month)
    return abs((a - b).days) <= _DAY_SLACK


def _occasions_compatible(record: dict, row: dict) -> bool:
    a, b = record["occasion_type"], row["occasion_type"]
    if a != b and "other" not in (a, b):
        return False
    if record.get("anniversary") and row.get("anniversary") and record["anniversary"] != row["anniversary"]:
        return False
    return True


def _find_known(record: dict, data: _WorkingCopy, report_date: dt.date | None) -> dict | None:
    """The existing message this record is, if any (best candidate: same date, then same occasion)."""
    candidates = []
    for row in data.messages:
        if (row["sender"], row["recipient"]) != (record["sender"], record["recipient"]):
            continue
        if not _occasions_compatible(record, row):
            continue
        if record["date_sent"]:
            day = dt.date.fromisoformat(record["date_sent"])
            if not _dates_compatible(day, record["date_precision"], row["date_sent"], row["date_precision"]):
                continue
            closeness = -abs((day - row["date_sent"]).days)
        else:
            # undated in the article: only a message of the same occasion sent in the 60 days before it
            if report_date is None or record["occasion_type"] != row["occasion_type"] or \
                    not (0 <= (report_date - row["date_sent"]).days <= 60):
                continue
            closeness = -abs((report_date - row["date_sent"]).days)
        same_occasion = record["occasion_type"] == row["occasion_type"]
        candidates.append(((same_occasion, closeness), row))
    if not candidates:
        return None
    if not record["date_sent"] and len(candidates) > 1:
        return None  # undated and ambiguous: better a review than a wrong link
    return max(candidates, key=lambda c: c[0])[1]


def _add_known_report(record: dict, known: dict, meta: _ReportMeta, data: _WorkingCopy,
                      report: IngestReport) -> None:
    """A known message reported by a new URL gets a reports row (if the dates allow it)."""
    if meta.url is None or (known["message_id"], meta.url) in data.report_keys or not meta.outlet \
            or meta.date is None:
        return
    if meta.date < known["date_reported"]:
        report.review.append(_proposal(record, meta, f"an earlier report than the recorded first one "
                                                     f"({known['date_reported']}) of {known['message_id']}: "
                                                     "date_reported must be corrected by hand"))
        return
    if meta.date < known["date_sent"]:
        return
    row = _report_row(known["message_id"], meta, data)
    data.add_report(row)
    report.reports_added.append(row["report_id"])
    report._reported.append(_proposal(record, meta, ""))


# New rows -------------------------------------------------------------------------------------------

def _new_message_id(record: dict, data: _WorkingCopy) -> str:
    prefix = "XK" if record["sender"] == "Xi Jinping" else "KX"
    base = f"{prefix}-{record['date_sent'].replace('-', '')}"
    if base not in data.used_ids:
        return base
    n = 2
    while f"{base}-{n}" in data.used_ids:
        n += 1
    return f"{base}-{n}"


def _title(person: str, start: dt.date, end: dt.date, data: _WorkingCopy) -> str | None:
    """The office ``person`` held over the message's date span (the latest, if it changed in it)."""
    from .validate import office_on

    titles = data.tables["titles"]
    held = office_on(titles, person, start, end)
    if not held:
        return None
    since = {office: frm for who, office, frm in zip(titles["person"], titles["office"], titles["valid_from"])
             if who == person}
    return max(held, key=lambda office: since.get(office, dt.date.min))


def _exchange_row(record: dict, meta: _ReportMeta, data: _WorkingCopy, answered: list[str]):
    """The proposed exchanges row, or (None, reason)."""
    day = dt.date.fromisoformat(record["date_sent"])
    start, end = date_span(day, record["date_precision"])
    sender_title = _title(record["sender"], start, end, data)
    recipient_title = _title(record["recipient"], start, end, data)
    if not sender_title or not recipient_title:
        return None, f"no title in titles.csv for the date {record['date_sent']}"
    occasion_id, anniversary = _calendar(record, day, answered, data)
    if record["occasion_type"].startswith("anniversary") and anniversary is None:
        return None, "an anniversary without its ordinal"
    in_reply_to = ";".join(sorted(a for a in answered if _answerable(a, record, end, data)))
    notes = (f"proposed by extractor from {record['source']}, needs review. Evidence: "
             f"\"{_shorten(record['evidence'], 240)}\"")
    row = {
        "message_id": _new_message_id(record, data),
        "date_sent": record["date_sent"],
        "date_precision": record["date_precision"],
        "date_reported": meta.date.isoformat(),
        "sender": record["sender"],
        "recipient": record["recipient"],
        "sender_title": sender_title,
        "recipient_title": recipient_title,
        "medium": record["medium"],
        "purpose": record["purpose"],
        "occasion_type": record["occasion_type"],
        "occasion": record["occasion"],
        "occasion_id": occasion_id or "",
        "anniversary": str(anniversary) if anniversary else "",
        "in_reply_to": in_reply_to,
        "channel": record.get("channel") or "",
        "notes": notes,
    }
    return row, None


def _answerable(mid: str, record: dict, end: dt.date, data: _WorkingCopy) -> bool:
    row = next((m for m in data.messages if m["message_id"] == mid), None)
    return row is not None and row["sender"] == record["recipient"] and row["date_sent"] <= end


def _calendar(record: dict, day: dt.date, answered: list[str], data: _WorkingCopy):
    """(occasion_id, anniversary) as the validator will accept them: the calendar id only when the
    working copy's calendar has it with the same type and, for an anniversary, the ordinal fits."""
    oid = record.get("occasion_id")
    anniversary = record.get("anniversary")
    if not oid or oid not in data.occasions or data.occasions[oid][0] != record["occasion_type"]:
        return None, anniversary
    base = data.occasions[oid][1]
    if base is None or not record["occasion_type"].startswith("anniversary"):
        return oid, anniversary
    # the validator's rule: a reply carries the ordinal of the first (oldest) message it answers
    answered_rows = sorted((m for m in data.messages if m["message_id"] in answered), key=lambda m: m["message_id"])
    expected = answered_rows[0]["anniversary"] if answered_rows and answered_rows[0]["anniversary"] \
        else day.year - base
    if anniversary is None:
        anniversary = expected
    return (oid, anniversary) if anniversary == expected else (None, anniversary)


def _report_row(message_id: str, meta: _ReportMeta, data: _WorkingCopy) -> dict:
    n = 1
    while f"{message_id}.r{n}" in data.report_ids:
        n += 1
    return {"report_id": f"{message_id}.r{n}", "message_id": message_id, "outlet": meta.outlet,
            "outlet_side": meta.outlet_side, "date": meta.date.isoformat(), "language": meta.language,
            "headline": meta.headline, "url": meta.url}


def _add_phrases(message_id: str, record: dict, data: _WorkingCopy) -> None:
    """One message_phrases row per concept (its first wording), for the concepts the lexicon has."""
    done = set()
    for concept, text in zip(record["concept_ids"], record["phrases"]):
        if concept in data.concepts and concept not in done:
            done.add(concept)
            data.new_rows["message_phrases"].append({"message_id": message_id, "concept_id": concept,
                                                     "matched_text": text})


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


# ---------------------------------------------------------------------------------------------------
# Writing: append-only, staged, validated, atomic


def _csv_lines(rows: list[dict], header: list[str], terminator: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=terminator)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return buffer.getvalue().encode("utf-8")


def _appended(path: Path, rows: list[dict], header: list[str]) -> bytes:
    """The file's bytes, untouched, followed by the new rows in its own line ending."""
    old = path.read_bytes()
    terminator = "\r\n" if b"\r\n" in old[:4096] else "\n"
    if old and not old.endswith(b"\n"):
        old += terminator.encode()
    return old + _csv_lines(rows, header, terminator)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync, os.replace."""
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some systems cannot open folders; the files themselves are synced
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _commit(data: _WorkingCopy, into: Path, report: IngestReport) -> None:
    """Stage the new tables in a folder inside ``into``, validate them there, then move each changed
    file into place. If the staged tables are not valid, nothing is moved and the proposals go to
    review with the problems found."""
    from .validate import problems

    staging = Path(tempfile.mkdtemp(prefix=".ingest-staging-", dir=into))
    try:
        changed = []
        for name in TABLES:
            source = into / f"{name}.csv"
            rows = data.new_rows.get(name)
            if rows:
                content = _appended(source, rows, data.headers[name])
                changed.append(name)
            else:
                content = source.read_bytes()
            (staging / f"{name}.csv").write_bytes(content)
        found = problems(staging)
        if found:
            _unstage(report, found)
            return
        for name in changed:  # exchanges first: a crash between files leaves a row without a report
            staged = staging / f"{name}.csv"
            with open(staged, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(staged, into / f"{name}.csv")
        _fsync_dir(into)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _unstage(report: IngestReport, found: list) -> None:
    """The staged tables did not validate: nothing was written; every proposal goes to review."""
    problem_text = "; ".join(str(p) for p in found[:3])
    for proposal in report._reported:
        report.review.append(dict(proposal, reason=f"the tables would not validate with it: {problem_text}"))
    report.added.clear()
    report.reports_added.clear()
    report._reported.clear()


def _write_review(into: Path, report: IngestReport) -> None:
    """Append the proposals left for review to ``into/proposed.jsonl`` (once each)."""
    if not report.review:
        return
    path = into / REVIEW_FILE
    old = path.read_bytes() if path.exists() else b""
    seen = set()
    for line in old.decode("utf-8", errors="replace").splitlines():
        try:
            seen.add(_review_key(json.loads(line)))
        except (json.JSONDecodeError, TypeError, KeyError):
            continue
    new = []
    for proposal in report.review:
        key = _review_key(proposal)
        if key not in seen:
            seen.add(key)
            new.append(json.dumps(proposal, ensure_ascii=False, default=str))
    report.review_file = path
    if new:
        if old and not old.endswith(b"\n"):
            old += b"\n"
        _atomic_write(path, old + ("\n".join(new) + "\n").encode("utf-8"))


def _review_key(p: dict) -> tuple:
    return (p.get("source"), p.get("sender"), p.get("recipient"), p.get("date_sent"), p.get("occasion_type"),
            p.get("medium"), p.get("url"), p.get("reason"))
