"""The registry is the one source of the schema: generated files match it, and it keeps DESIGN's vocabularies."""
import json
from pathlib import Path

import pytest

from dprk_china import datapackage
from dprk_china._io import package_data_dir
from dprk_china.metadata import FIELDS, TABLES, VOCABULARIES

DATA = Path(str(package_data_dir()))


def test_generated_files_are_up_to_date():
    assert datapackage.stale_files(DATA) == [], "run `dprk-china metadata --write` (make metadata)"


def test_every_field_is_described_once():
    used = {f for t in TABLES.values() for f in t["fields"]}
    assert used <= set(FIELDS)
    assert all(FIELDS[f]["description"] for f in used)
    assert all(FIELDS[f]["vocab"] in VOCABULARIES for f in used if "vocab" in FIELDS[f])


def test_design_vocabularies_are_kept():
    # ../shared/DESIGN.md is a contract with notebooks, users and the extraction scorer.
    assert list(VOCABULARIES["medium"]) == ["letter", "verbal_message", "message", "greeting_card", "other"]
    assert list(VOCABULARIES["purpose"]) == ["congratulation", "thanks", "sympathy", "condolence", "greeting",
                                             "briefing", "other"]
    assert list(VOCABULARIES["date_precision"]) == ["day", "month", "year"]
    assert list(VOCABULARIES["occasion_type"]) == [
        "covid", "disaster", "party_congress", "election", "anniversary_party", "anniversary_state",
        "anniversary_treaty", "anniversary_relations", "anniversary_war", "new_year", "birthday", "condolence",
        "summit", "other"]
    assert list(VOCABULARIES["person"]) == ["Xi Jinping", "Kim Jong Un"]
    assert list(VOCABULARIES["outlet_side"]) == ["CN", "KP", "other"]


def test_datapackage_describes_every_table():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == list(TABLES)
    for resource in descriptor["resources"]:
        assert (DATA / resource["path"]).exists()
        assert [f["name"] for f in resource["schema"]["fields"]] == TABLES[resource["name"]]["fields"]


def test_frictionless_accepts_the_package():
    import frictionless  # a test dependency (pyproject [test])
    report = frictionless.validate(str(DATA / "datapackage.json"))
    errors = [f"{task.name}: {e.type} {e.note}" for task in report.tasks for e in task.errors]
    assert report.valid, errors[:10]
