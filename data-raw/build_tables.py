"""Build data/exchanges.csv, reports.csv, message_phrases.csv and events.csv from the sourcing intake.

    python data-raw/build_tables.py            # writes data/*.csv, prints what needs review

The intake (data-raw/sourcing/p*.jsonl, format in data-raw/SOURCING.md) holds one line per message as
found by searching stored news pages. This script turns it into the tidy tables: assigns ids, resolves
replies to message_ids, fills titles from titles.csv, links messages to the occasions calendar, maps
quoted phrases to lexicon concepts with the package's phrase finder, and gathers candidates into
data-raw/candidates.jsonl (never read by the loaders). Manual decisions are in data-raw/overrides.json.
Ids follow from the intake deterministically, so a rebuild of the same intake gives the same ids.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dprk_china.metadata import TABLES  # noqa: E402
from dprk_china.phrases import find_phrases  # noqa: E402
from dprk_china.validate import office_on, problems  # noqa: E402
from dprk_china._io import read_table  # noqa: E402

INTAKE = ROOT / "data-raw" / "sourcing"
DATA = ROOT / "data"
OVERRIDES = ROOT / "data-raw" / "overrides.json"

# Which calendar occasion a (non-reply) message marks, by occasion_type and direction.
CALENDAR = {
    ("anniversary_state", "KX"): "prc_founding", ("anniversary_state", "XK"): "dprk_founding",
    ("anniversary_party", "KX"): "cpc_founding", ("anniversary_party", "XK"): "wpk_founding",
    ("anniversary_treaty", "KX"): "treaty", ("anniversary_treaty", "XK"): "treaty",
    ("anniversary_relations", "KX"): "diplomatic_relations", ("anniversary_relations", "XK"): "diplomatic_relations",
    ("new_year", "KX"): "new_year", ("new_year", "XK"): "new_year",
    ("birthday", "KX"): "xi_birthday",
    ("election", "KX"): "xi_election", ("election", "XK"): "kim_election",
    ("party_congress", "KX"): "cpc_congress", ("party_congress", "XK"): "wpk_congress",
}


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                sys.exit(f"{path.name} line {n}: {exc}")
    return rows


def direction(sender: str) -> str:
    return "XK" if sender == "Xi Jinping" else "KX"


def occasion_for(msg: dict) -> str | None:
    kind = msg["occasion_type"]
    if kind == "anniversary_war":
        return "victory_day" if msg["date_sent"][5:7] in ("07", "08") else None
    if kind in ("party_congress", "election") and msg["purpose"] == "briefing":
        # A briefing is on the sender's own congress; a congratulation is on the recipient's.
        kind_direction = "XK" if msg["sender"] == "Kim Jong Un" else "KX"
        return CALENDAR.get((kind, kind_direction))
    return CALENDAR.get((kind, direction(msg["sender"])))


def month_matches(candidate: dict, wanted: str) -> bool:
    """Does the message's sent date fit a date written in a replies_to note (YYYY-MM-DD or YYYY-MM)?"""
    if len(wanted) == 10 and candidate["date_precision"] == "day":
        return candidate["date_sent"] == wanted
    return candidate["date_sent"][:7] == wanted[:7]


def resolve_reply(msg: dict, messages: list[dict], review: list[str]) -> list[str]:
    note = (msg.get("replies_to") or "").strip()
    if not note or note.lower().startswith("exchanged"):
        return []
    answered_by = [m for m in messages if m["sender"] == msg["recipient"] and m["date_sent"] <= msg["date_sent"]]
    found = []
    for wanted in re.findall(r"\d{4}-\d{2}(?:-\d{2})?", note):
        hits = [m for m in answered_by if month_matches(m, wanted)]
        same_occasion = [m for m in hits if m["occasion_type"] == msg["occasion_type"]]
        hits = same_occasion or hits
        if len(hits) == 1:
            found.append(hits[0]["message_id"])
        else:
            review.append(f"{msg['message_id']}: replies_to date {wanted} matches {len(hits)} messages: {note}")
    # Free-text mentions such as "his July 2021 verbal message of sympathy" name a second message.
    for month_name, year in re.findall(r"(January|February|March|April|May|June|July|August|September|October|"
                                       r"November|December) (\d{4})", note):
        month = dt.datetime.strptime(month_name, "%B").month
        wanted = f"{year}-{month:02d}"
        hits = [m for m in answered_by if m["date_sent"][:7] == wanted and m["message_id"] not in found]
        if len(hits) == 1:
            found.append(hits[0]["message_id"])
    if not found:
        earlier = [m for m in answered_by if m["occasion_type"] == msg["occasion_type"]
                   and (dt.date.fromisoformat(msg["date_sent"]) - dt.date.fromisoformat(m["date_sent"])).days <= 120]
        if earlier:
            found.append(earlier[-1]["message_id"])
            review.append(f"{msg['message_id']}: reply resolved by occasion to {earlier[-1]['message_id']}: {note}")
        else:
            review.append(f"{msg['message_id']}: reply to nothing found: {note}")
    return sorted(set(found), key=lambda mid: next(m["date_sent"] for m in messages if m["message_id"] == mid))


def main() -> int:
    overrides = json.loads(OVERRIDES.read_text(encoding="utf-8")) if OVERRIDES.exists() else {}
    drops = {(d["sender"], d["date_sent"], d["medium"]): d["reason"] for d in overrides.get("drop", [])}
    intake, events, candidates = [], [], []
    for path in sorted(INTAKE.glob("p*.jsonl")):
        if path.stem.endswith("_events"):
            events += read_jsonl(path)
        elif path.stem.endswith("_candidates"):
            candidates += [dict(row, intake_file=path.name) for row in read_jsonl(path)]
        else:
            for row in read_jsonl(path):
                reason = drops.pop((row["sender"], row["date_sent"], row["medium"]), None)
                if reason:
                    candidates.append(dict(row, intake_file=path.name, notes=f"{row.get('notes') or ''} [dropped: {reason}]"))
                else:
                    intake.append(dict(row, intake_file=path.name))
    review: list[str] = [f"override matched no intake row: {key}" for key in drops]

    # One message may sit in two files (a late find in p_gaps, a New Year card sent in December): the
    # same sender, day, form and occasion is one message, whose reports are merged.
    messages: dict[tuple, dict] = {}
    for row in intake:
        key = (row["sender"], row["date_sent"], row["medium"], row["occasion_type"])
        if key in messages:
            if not row["intake_file"].startswith(("p_audit", "p_checks")):  # those files exist to add reports
                review.append(f"merged intake rows {key} from {messages[key]['intake_file']} and {row['intake_file']}")
            known = {r["url"] for r in messages[key]["reports"]}
            messages[key]["reports"] += [r for r in row["reports"] if r["url"] not in known]
            messages[key]["phrases"] = sorted(set(messages[key].get("phrases") or []) | set(row.get("phrases") or []))
        else:
            messages[key] = row
    rows = list(messages.values())
    for a in rows:  # near-duplicates are for a human to judge (overrides.json)
        for b in rows:
            if a is not b and a["intake_file"] < b["intake_file"] and (a["sender"], a["medium"], a["occasion_type"]) == \
                    (b["sender"], b["medium"], b["occasion_type"]) and abs(
                    (dt.date.fromisoformat(a["date_sent"]) - dt.date.fromisoformat(b["date_sent"])).days) <= 31:
                review.append(f"possible duplicate: {a['date_sent']} ({a['intake_file']}) and {b['date_sent']} "
                              f"({b['intake_file']}) {a['sender']} {a['medium']} {a['occasion_type']}")
    ordered = sorted(messages.values(), key=lambda m: (m["date_sent"], m["sender"] != "Kim Jong Un"))

    used: set[str] = set()
    for msg in ordered:
        base = f"{direction(msg['sender'])}-{msg['date_sent'].replace('-', '')}"
        mid, n = base, 1
        while mid in used:
            n += 1
            mid = f"{base}-{n}"
        used.add(mid)
        msg["message_id"] = mid

    titles = read_table("titles")
    by_id = {m["message_id"]: m for m in ordered}
    for msg in ordered:
        forced = overrides.get("in_reply_to", {}).get(msg["message_id"])
        msg["in_reply_to"] = forced.split(";") if forced is not None else resolve_reply(msg, ordered, review)
        msg["in_reply_to"] = [x for x in msg["in_reply_to"] if x]
    for msg in ordered:  # a reply takes the calendar occasion of the (first) message it answers
        msg["occasion_id"] = occasion_for(by_id[msg["in_reply_to"][0]] if msg["in_reply_to"] else msg)

    exchanges, reports, phrases = [], [], []
    for msg in ordered:
        day = dt.date.fromisoformat(msg["date_sent"])
        end = day
        if msg["date_precision"] == "month":
            end = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        elif msg["date_precision"] == "year":
            end = dt.date(day.year, 12, 31)
        titles_of = {}
        for who in (msg["sender"], msg["recipient"]):
            held = sorted(office_on(titles, who, day, end))
            if len(held) != 1:
                review.append(f"{msg['message_id']}: {who} held {held} in the date range")
            titles_of[who] = held[-1] if held else ""
        seen_urls, report_rows = set(), []
        for rep in sorted(msg["reports"], key=lambda r: (r.get("date") or "", r["outlet"])):
            if not rep.get("date") or not rep.get("url"):
                review.append(f"{msg['message_id']}: report without date or URL left out: {rep['outlet']}")
                continue
            if rep["url"] in seen_urls:
                continue
            seen_urls.add(rep["url"])
            report_rows.append(rep)
        for n, rep in enumerate(report_rows, start=1):
            reports.append({"report_id": f"{msg['message_id']}.r{n}", "message_id": msg["message_id"],
                            "outlet": rep["outlet"], "outlet_side": rep["outlet_side"], "date": rep["date"],
                            "language": rep["language"], "headline": rep.get("headline") or "", "url": rep["url"]})
        if not report_rows:
            # A message is shipped only with a report we can date; otherwise it waits in candidates.
            review.append(f"{msg['message_id']}: no dated report: moved to candidates")
            candidates.append(dict(msg, notes=(msg.get("notes") or "") + " [build: no report with a date and URL]"))
            continue
        exchanges.append({
            "message_id": msg["message_id"], "date_sent": msg["date_sent"], "date_precision": msg["date_precision"],
            "date_reported": min(r["date"] for r in report_rows),
            "sender": msg["sender"], "recipient": msg["recipient"],
            "sender_title": titles_of[msg["sender"]], "recipient_title": titles_of[msg["recipient"]],
            "medium": msg["medium"], "purpose": msg["purpose"], "occasion_type": msg["occasion_type"],
            "occasion": msg["occasion"], "occasion_id": msg["occasion_id"] or "",
            "anniversary": "" if msg.get("anniversary") in (None, "") else int(msg["anniversary"]),
            "in_reply_to": ";".join(msg["in_reply_to"]), "channel": msg.get("channel") or "",
            "notes": msg.get("notes") or "",
        })
        concepts: dict[str, str] = {}
        for quoted in msg.get("phrases") or []:
            matches = find_phrases(quoted)
            if not matches:
                review.append(f"{msg['message_id']}: phrase not in lexicon: {quoted!r}")
            for m in matches:
                concepts.setdefault(m.concept_id, m.text)
        phrases += [{"message_id": msg["message_id"], "concept_id": c, "matched_text": t}
                    for c, t in sorted(concepts.items())]

    event_rows, used_events = [], set()
    for ev in sorted(events, key=lambda e: (e["date_start"], e["title"])):
        if any(e["title"] == ev["title"] and e["date_start"] == ev["date_start"] for e in event_rows):
            continue
        base = f"E-{ev['date_start'].replace('-', '')}"
        eid, n = base, 1
        while eid in used_events:
            n += 1
            eid = f"{base}-{n}"
        used_events.add(eid)
        event_rows.append({"event_id": eid, "date_start": ev["date_start"], "date_end": ev.get("date_end") or ev["date_start"],
                           "event_type": ev["event_type"], "title": ev["title"], "location": ev.get("location") or "",
                           "participants": ev.get("participants") or "", "url": ev["url"], "notes": ev.get("notes") or ""})

    for table, rows in (("exchanges", exchanges), ("reports", reports), ("message_phrases", phrases),
                        ("events", event_rows)):
        with open(DATA / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=TABLES[table]["fields"], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    with open(ROOT / "data-raw" / "candidates.jsonl", "w", encoding="utf-8") as handle:
        for row in candidates:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")

    print(f"{len(exchanges)} messages, {len(reports)} reports, {len(phrases)} message phrases, "
          f"{len(event_rows)} events, {len(candidates)} candidates")
    for line in review:
        print("review:", line)
    found = problems(DATA)
    for p in found:
        print("invalid:", p)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
