"""Ingest: articles into a working copy, append-only, idempotent, atomic, validated first.

Every test builds its own small working copy (CSV files with the registry's columns), so nothing here
depends on what the shipped data holds at the moment.
"""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dprk_china import DataError
from dprk_china._io import package_data_dir
from dprk_china.ingest import REVIEW_FILE, ingest, outlet_side
from dprk_china.metadata import TABLES
from dprk_china.validate import problems

ROOT = Path(__file__).resolve().parent.parent
URL = "https://example.org/xinhua/2020-05-09/xi-kim-verbal-messages"

TITLES = [
    ("Xi Jinping", "General Secretary of the CPC Central Committee", "2012-11-15", "2013-03-13", "18th CPC CC"),
    ("Xi Jinping", "General Secretary of the CPC Central Committee; President of the PRC", "2013-03-14", "",
     "12th NPC"),
    ("Kim Jong Un", "Chairman of the WPK; Chairman of the DPRK State Affairs Commission", "2016-06-29", "2021-01-09",
     "SPA"),
    ("Kim Jong Un", "General Secretary of the WPK; President of the State Affairs of the DPRK", "2021-01-10", "",
     "8th WPK Congress"),
    ("Kim Jong Un", "First Secretary of the WPK; First Chairman of the DPRK National Defence Commission",
     "2012-04-11", "2016-06-28", "4th WPK Conference"),
]
OCCASIONS = [
    ("prc_founding", "Founding of the PRC", "anniversary_state", "10", "1", "1949", "CN", "KP→CN", "annual", "2013", ""),
    ("dprk_founding", "Founding of the DPRK", "anniversary_state", "9", "9", "1948", "KP", "CN→KP", "annual", "2013", ""),
    ("new_year", "New Year", "new_year", "1", "1", "", "CN", "both", "annual", "2013", ""),
]
LEXICON = [
    ("traditional_friendship", "friendship", "traditional friendship", "traditional friendship", ""),
    ("strategic_communication", "cooperation", "strategic communication", "strategic communication", ""),
    ("final_victory", "solidarity", "final victory over the epidemic", "final victory|ultimate victory", ""),
]
KIM_MAY7 = {
    "message_id": "KX-20200507", "date_sent": "2020-05-07", "date_precision": "day", "date_reported": "2020-05-09",
    "sender": "Kim Jong Un", "recipient": "Xi Jinping",
    "sender_title": "Chairman of the WPK; Chairman of the DPRK State Affairs Commission",
    "recipient_title": "General Secretary of the CPC Central Committee; President of the PRC",
    "medium": "verbal_message", "purpose": "congratulation", "occasion_type": "covid", "occasion": "COVID-19",
    "occasion_id": "", "anniversary": "", "in_reply_to": "", "channel": "", "notes": "Kim's verbal message, \"quoted\", with a comma",
}
XI_DPRK75 = {
    "message_id": "XK-20230909", "date_sent": "2023-09-09", "date_precision": "day", "date_reported": "2023-09-09",
    "sender": "Xi Jinping", "recipient": "Kim Jong Un",
    "sender_title": "General Secretary of the CPC Central Committee; President of the PRC",
    "recipient_title": "General Secretary of the WPK; President of the State Affairs of the DPRK",
    "medium": "message", "purpose": "congratulation", "occasion_type": "anniversary_state",
    "occasion": "75th anniversary of the DPRK", "occasion_id": "dprk_founding", "anniversary": "75",
    "in_reply_to": "", "channel": "", "notes": "",
}
REPORTS = [
    ("KX-20200507.r1", "KX-20200507", "Xinhua", "CN", "2020-05-09", "en", "Xi, Kim exchange verbal messages",
     "https://example.org/first-report"),
    ("XK-20230909.r1", "XK-20230909", "Xinhua", "CN", "2023-09-09", "en", "", "https://example.org/dprk75"),
]

ARTICLE = """Xi replies to Kim's verbal message
2020-05-09 21:04:11

BEIJING, May 9 (Xinhua) -- Chinese President Xi Jinping on Saturday sent a verbal message of thanks to Kim Jong Un,
chairman of the Workers' Party of Korea, in reply to an earlier verbal message from the latter.

Xi said the traditional friendship between the two countries had grown stronger in the joint fight against the
COVID-19 epidemic, and that China was ready to strengthen strategic communication with the DPRK.

In his verbal message sent to Xi on Thursday, Kim praised China's achievements in the battle against the epidemic.
"""


def write_table(folder: Path, table: str, rows: list) -> None:
    fields = TABLES[table]["fields"]
    with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(fields)
        for row in rows:
            writer.writerow([row.get(f, "") for f in fields] if isinstance(row, dict) else row)


@pytest.fixture
def copy(tmp_path) -> Path:
    """A small valid working copy: two messages, their reports, a phrase, titles, a calendar, a lexicon."""
    folder = tmp_path / "work"
    folder.mkdir()
    write_table(folder, "titles", TITLES)
    write_table(folder, "occasions", OCCASIONS)
    write_table(folder, "lexicon", LEXICON)
    write_table(folder, "events", [])
    write_table(folder, "exchanges", [KIM_MAY7, XI_DPRK75])
    write_table(folder, "reports", REPORTS)
    write_table(folder, "message_phrases", [("KX-20200507", "final_victory", "final victory")])
    assert problems(folder) == []
    return folder


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "xinhua_20200509.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def rows(folder: Path, table: str) -> list[dict]:
    with open(folder / f"{table}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------------------------------------------


def test_new_message_is_proposed_and_known_one_matched(copy, article):
    report = ingest([article], copy, url=URL)
    assert [mid for mid, _ in report.known] == ["KX-20200507"]
    assert [mid for mid, _ in report.added] == ["XK-20200509"]
    new = next(r for r in rows(copy, "exchanges") if r["message_id"] == "XK-20200509")
    assert new["sender"] == "Xi Jinping" and new["date_sent"] == "2020-05-09" and new["date_precision"] == "day"
    assert new["medium"] == "verbal_message" and new["occasion_type"] == "covid"
    assert new["in_reply_to"] == "KX-20200507"
    assert new["sender_title"] == "General Secretary of the CPC Central Committee; President of the PRC"
    assert new["recipient_title"] == "Chairman of the WPK; Chairman of the DPRK State Affairs Commission"
    assert new["notes"].startswith(f"proposed by extractor from {article}, needs review")
    reports = {r["report_id"]: r for r in rows(copy, "reports")}
    assert reports["XK-20200509.r1"] == {"report_id": "XK-20200509.r1", "message_id": "XK-20200509",
                                         "outlet": "Xinhua", "outlet_side": "CN", "date": "2020-05-09",
                                         "language": "en", "headline": "Xi replies to Kim's verbal message",
                                         "url": URL}
    assert reports["KX-20200507.r2"]["url"] == URL  # the known message gets this article as a second report
    phrases = {(r["message_id"], r["concept_id"]) for r in rows(copy, "message_phrases")}
    assert {("XK-20200509", "traditional_friendship"), ("XK-20200509", "strategic_communication")} <= phrases
    assert problems(copy) == []
    assert not (copy / REVIEW_FILE).exists()
    assert "added  XK-20200509" in str(report) and "known  KX-20200507" in str(report)


def test_running_twice_adds_nothing(copy, article):
    ingest([article], copy, url=URL)
    after_first = snapshot(copy)
    report = ingest([article], copy, url=URL)
    assert snapshot(copy) == after_first
    assert not report.added and not report.reports_added
    assert sorted(mid for mid, _ in report.known) == ["KX-20200507", "XK-20200509"]


def test_existing_rows_stay_byte_identical(copy, article):
    before = snapshot(copy)
    ingest([article], copy, url=URL)
    after = snapshot(copy)
    for name, old in before.items():
        assert after[name].startswith(old), name  # append-only: every old byte where it was
        old_lines = old.splitlines(keepends=True)
        assert after[name].splitlines(keepends=True)[:len(old_lines)] == old_lines
    assert after["exchanges.csv"] != before["exchanges.csv"]


def test_a_second_report_of_a_known_message(copy, article):
    ingest([article], copy, url=URL)
    report = ingest([article], copy, url=URL + "-mirror", outlet="People's Daily")
    assert not report.added
    assert sorted(report.reports_added) == ["KX-20200507.r3", "XK-20200509.r2"]
    mirror = [r for r in rows(copy, "reports") if r["url"] == URL + "-mirror"]
    assert {r["outlet"] for r in mirror} == {"People's Daily"} and {r["outlet_side"] for r in mirror} == {"CN"}
    assert problems(copy) == []


def test_without_url_proposals_go_to_review_file(copy, article):
    before = snapshot(copy)
    report = ingest([article], copy)
    review = copy / REVIEW_FILE
    proposals = [json.loads(line) for line in review.read_text().splitlines()]
    assert {name: data for name, data in snapshot(copy).items() if name != REVIEW_FILE} == before
    assert [p["sender"] for p in proposals] == ["Xi Jinping"]  # the known message is not proposed again
    assert "URL" in proposals[0]["reason"] and proposals[0]["date_sent"] == "2020-05-09"
    assert report.review_file == review and f"written to {review}" in str(report)
    ingest([article], copy)
    assert len(review.read_text().splitlines()) == 1  # not proposed twice


def test_undated_message_is_left_for_review(copy, tmp_path):
    text = tmp_path / "undated.txt"
    text.write_text("Kim Jong Un sent a letter to Xi Jinping expressing sympathy over the floods.\n")
    report = ingest([text], copy, url=URL, outlet="NK News")
    assert not report.added and len(report.review) == 1
    assert "report date unknown" in report.review[0]["reason"]
    report = ingest([text], copy, url=URL, outlet="NK News", published="2021-08-03")
    assert "does not date the message" in report.review[0]["reason"]


def test_messages_before_the_scope_are_left_for_review(copy, tmp_path):
    old = tmp_path / "old.txt"
    old.write_text("PYONGYANG, Oct. 10 (KCNA) -- Kim Jong Il sent a message to Hu Jintao, and Kim Jong Un sent a "
                   "letter to Xi Jinping on Monday.\n")
    report = ingest([old], copy, url=URL, published="2011-10-10")
    assert not report.added and "before the data's scope" in report.review[0]["reason"]
    assert problems(copy) == []


def test_ids_are_never_reused(copy, article):
    taken = dict(XI_DPRK75, message_id="XK-20200509", date_sent="2020-05-09", date_reported="2020-05-09",
                 occasion_type="new_year", occasion="New Year", occasion_id="", anniversary="",
                 recipient_title="Chairman of the WPK; Chairman of the DPRK State Affairs Commission")
    write_table(copy, "exchanges", [KIM_MAY7, XI_DPRK75, taken])
    write_table(copy, "reports", REPORTS + [("XK-20200509.r1", "XK-20200509", "KCNA", "KP", "2020-05-09", "en", "",
                                             "https://example.org/x")])
    assert problems(copy) == []
    report = ingest([article], copy, url=URL)
    assert [mid for mid, _ in report.added] == ["XK-20200509-2"]
    assert problems(copy) == []


def test_outlet_from_dateline_and_sides():
    assert outlet_side("KCNA") == "KP" and outlet_side("Rodong Sinmun") == "KP"
    assert outlet_side("Xinhua") == "CN" and outlet_side("Xinhua (People's Daily Online)") == "CN"
    assert outlet_side("Yonhap") == "other" and outlet_side(None) == "other"


def test_unknown_outlet_needs_outlet_option(copy, tmp_path):
    text = tmp_path / "no_dateline.txt"
    text.write_text("Xi Jinping on Saturday sent a verbal message of thanks to Kim Jong Un over the epidemic.\n")
    report = ingest([text], copy, url=URL, published="2020-05-10")
    assert "outlet unknown" in report.review[0]["reason"] and not report.added
    report = ingest([text], copy, url=URL, published="2020-05-10", outlet="The Korea Herald")
    assert [mid for mid, _ in report.added] == ["XK-20200509"]
    assert rows(copy, "reports")[-1]["outlet_side"] == "other"


def test_broken_working_copy_is_a_clear_error_and_nothing_is_written(copy, article):
    path = copy / "exchanges.csv"
    path.write_text(path.read_text().replace("2020-05-07,day", "2020-13-07,day"))
    before = snapshot(copy)
    with pytest.raises(DataError) as info:
        ingest([article], copy, url=URL)
    assert info.value.file.endswith("exchanges.csv") and info.value.row == 1 and info.value.column == "date_sent"
    assert snapshot(copy) == before


def test_inconsistent_working_copy_is_refused(copy, article):
    write_table(copy, "reports", REPORTS[1:])  # a message without any report
    with pytest.raises(DataError) as info:
        ingest([article], copy, url=URL)
    assert "KX-20200507" in str(info.value) and "exchanges.csv" in str(info.value)


def test_failure_while_writing_leaves_old_files_whole(copy, article, monkeypatch):
    import dprk_china.ingest as module

    before = snapshot(copy)

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(module.os, "replace", failing_replace)
    with pytest.raises(OSError):
        ingest([article], copy, url=URL)
    assert snapshot(copy) == before
    assert sorted(p.name for p in copy.iterdir()) == sorted(before)  # no temporary files or staging folders


def test_new_folder_is_a_copy_of_the_shipped_tables(tmp_path):
    if problems():
        pytest.skip("the shipped data is being edited and does not validate right now")
    target = tmp_path / "fresh"
    report = ingest(["North Korea launched a satellite on Tuesday."], target)
    assert report.created and report.messages_found == 0 and not report.changed
    shipped = package_data_dir()
    for table in TABLES:
        assert (target / f"{table}.csv").read_bytes() == (shipped / f"{table}.csv").read_bytes()


def test_never_writes_into_the_shipped_data(article):
    shipped = Path(str(package_data_dir()))
    before = {p.name: p.read_bytes() for p in shipped.glob("*.csv")}
    with pytest.raises(ValueError):
        ingest([article], shipped, url=URL)
    assert {p.name: p.read_bytes() for p in shipped.glob("*.csv")} == before


def test_texts_as_well_as_paths(copy):
    report = ingest(ARTICLE, copy, url=URL)
    assert [mid for mid, _ in report.added] == ["XK-20200509"]
    assert rows(copy, "exchanges")[-1]["notes"].startswith("proposed by extractor from <text 1>")


def test_bad_options_are_refused_before_anything_is_written(copy, article):
    before = snapshot(copy)
    with pytest.raises(ValueError):
        ingest([article, article], copy, url=URL)  # one URL, two articles
    with pytest.raises(ValueError):
        ingest([article], copy, url="example.org/page")
    with pytest.raises(ValueError):
        ingest([article], copy, url=URL, published="9 May 2020")
    assert snapshot(copy) == before


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "dprk_china", "ingest", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_cli(copy, article, tmp_path):
    out = run_cli(str(article), "--into", str(copy), "--url", URL)
    assert out.returncode == 0, out.stderr
    assert "added  XK-20200509" in out.stdout
    again = run_cli(str(article), "--into", str(copy), "--url", URL)
    assert again.returncode == 0 and "not changed" in again.stdout
    no_url = run_cli(str(article), "--into", str(tmp_path / "other"))
    assert no_url.returncode == 0 and "no --url" in no_url.stdout
    missing = run_cli(str(tmp_path / "missing.txt"), "--into", str(copy))
    assert missing.returncode == 2 and "missing.txt" in missing.stderr
    (copy / "titles.csv").write_text("person,office\n")
    broken = run_cli(str(article), "--into", str(copy), "--url", URL)
    assert broken.returncode == 1 and "titles.csv" in broken.stderr and "valid_from" in broken.stderr


def test_writes_only_into_the_working_copy(copy, article, tmp_path):
    outside = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir() if p != copy}
    ingest([article], copy, url=URL)
    ingest([article], copy)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.iterdir() if p != copy} == outside
    assert not [p for p in copy.iterdir() if p.name.startswith(".")]
    assert os.listdir(copy)
