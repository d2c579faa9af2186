"""Shape, dtype and content tests of the loaders (in the manner of palmerpenguins' tests)."""
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import dprk_china
from dprk_china.metadata import TABLES, VOCABULARIES, field

LOADERS = {
    "exchanges": lambda: dprk_china.load_exchanges(derived=False),
    "reports": dprk_china.load_reports,
    "occasions": dprk_china.load_occasions,
    "events": dprk_china.load_events,
    "lexicon": dprk_china.load_lexicon,
    "message_phrases": dprk_china.load_message_phrases,
    "titles": dprk_china.load_titles,
}
SEEDS_GOLD = Path(__file__).parent / "seed_messages.jsonl"


@pytest.mark.parametrize("table", list(TABLES))
def test_columns_and_dtypes_follow_the_registry(table):
    frame = LOADERS[table]()
    assert list(frame.columns) == TABLES[table]["fields"]
    for name in frame.columns:
        spec = field(table, name)
        dtype = frame[name].dtype
        if spec["type"] == "date":
            assert dtype == "datetime64[ns]", name
        elif spec["type"] == "integer":
            assert dtype == "Int64", name
        elif "vocab" in spec:
            assert isinstance(dtype, pd.CategoricalDtype), name
            assert list(dtype.categories) == list(VOCABULARIES[spec["vocab"]]), name
        else:
            assert dtype == "string", name
        if spec.get("required"):
            assert frame[name].notna().all(), f"{table}.{name} has empty values"


def test_table_sizes():
    # Floors that only rise as the record grows (a shrinking table means rows were lost).
    assert len(dprk_china.load_exchanges()) >= 80
    assert len(dprk_china.load_reports()) >= 2 * 80
    assert len(dprk_china.load_events()) >= 25
    assert len(dprk_china.load_lexicon()) >= 30
    assert len(dprk_china.load_occasions()) >= 10
    assert dprk_china.load_exchanges()["message_id"].is_unique


def test_derived_columns():
    ex = dprk_china.load_exchanges()
    assert ex["year"].dtype == "Int64"
    assert (ex["year"] == ex["date_sent"].dt.year).all()
    assert ((ex["direction"] == "CN→KP") == (ex["sender"] == "Xi Jinping")).all()
    assert (ex["is_reply"] == ex["in_reply_to"].notna()).all()
    assert (ex["n_reports"] >= 1).all()
    assert (ex["reported_cn"] | ex["reported_kp"] | (ex["n_reports"] > 0)).all()
    lags = ex["reply_lag_days"].dropna()
    assert (lags >= 0).all()
    # A lag is given only where the reply and what it answers are both known to the day.
    assert ex.loc[ex["reply_lag_days"].notna(), "date_precision"].eq("day").all()
    assert ex.loc[~ex["is_reply"], "reply_lag_days"].isna().all()


def test_reply_lag_is_measured_from_the_message_answered():
    ex = dprk_china.load_exchanges().set_index("message_id")
    replies = ex[ex["reply_lag_days"].notna()]
    assert len(replies) > 0
    for mid, row in replies.iterrows():
        answered = [ex.loc[a, "date_sent"] for a in row["in_reply_to"].split(";")]
        assert row["reply_lag_days"] == (row["date_sent"] - max(answered)).days, mid


def test_reported_sides_match_the_reports_table():
    ex = dprk_china.load_exchanges().set_index("message_id")
    reports = dprk_china.load_reports()
    kp = set(reports.loc[reports["outlet_side"] == "KP", "message_id"])
    cn = set(reports.loc[reports["outlet_side"] == "CN", "message_id"])
    assert set(ex.index[ex["reported_kp"]]) == kp
    assert set(ex.index[ex["reported_cn"]]) == cn


def test_every_message_has_a_sourced_report_with_url():
    ex = dprk_china.load_exchanges()
    reports = dprk_china.load_reports()
    assert set(ex["message_id"]) <= set(reports["message_id"])
    assert reports["url"].str.match(r"^https?://").all()
    earliest = reports.groupby("message_id")["date"].min()
    assert (ex.set_index("message_id")["date_reported"] == earliest.reindex(ex["message_id"]).to_numpy()).all()


def _compatible(row, gold):
    if (row.sender, row.recipient) != (gold["sender"], gold["recipient"]):
        return False
    if gold["date_sent"] is None:
        return True
    wanted = pd.Timestamp(gold["date_sent"])
    if gold["date_precision"] == "day" and row.date_precision == "day":
        return abs((row.date_sent - wanted).days) <= 1
    return (row.date_sent.year, row.date_sent.month) == (wanted.year, wanted.month) or \
        abs((row.date_sent - wanted).days) <= 31


@pytest.mark.parametrize("gold", [json.loads(line) for line in SEEDS_GOLD.read_text().splitlines() if line.strip()],
                         ids=lambda g: f"{g['seed']}:{g['sender'][:3]}-{g['date_sent']}")
def test_messages_of_the_seed_articles_are_in_the_record(gold):
    """The five articles the project started from report 16 messages; each must be a sourced row."""
    ex = dprk_china.load_exchanges()
    year = int((gold["date_sent"] or gold["published"])[:4])
    candidates = ex[(ex["year"] >= year - 1) & (ex["year"] <= year)]
    assert any(_compatible(row, gold) and row.occasion_type == gold["occasion_type"]
               for row in candidates.itertuples()), gold


def test_codebook_lists_every_field_once():
    book = dprk_china.codebook()
    stored = book[~book["derived"]]
    assert len(stored) == sum(len(t["fields"]) for t in TABLES.values())
    assert not stored.duplicated(["table", "field"]).any()
    assert book["description"].str.len().gt(10).all()
    assert set(book.loc[book["derived"], "field"]) >= {"year", "direction", "reply_lag_days"}


@pytest.mark.parametrize("loader", ["load_exchanges", "load_reports", "load_occasions", "load_events",
                                    "load_lexicon", "load_message_phrases", "load_titles"])
def test_loader_docstrings_carry_the_data_dictionary(loader):
    doc = getattr(dprk_china, loader).__doc__
    assert "Columns" in doc
    table = loader.removeprefix("load_")
    for name in TABLES[table]["fields"]:
        assert f"    {name} :" in doc


def test_import_does_not_load_plotting_or_jupyter():
    code = ("import sys, dprk_china; dprk_china.load_exchanges(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'altair', 'ipywidgets', 'jupyter', "
            "'jupyter_client', 'IPython', 'vl_convert', 'matplotlib', 'frictionless'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_an_empty_working_copy_keeps_the_dtypes(tmp_path):
    from helpers_data import copy_data, read_csv, write_csv

    copy = copy_data(tmp_path / "data")
    for table in ("exchanges", "reports", "message_phrases"):
        header = list(read_csv(copy / f"{table}.csv")[0])
        write_csv(copy / f"{table}.csv", [], fieldnames=header)
    empty = dprk_china.load_exchanges(data_dir=copy)
    full = dprk_china.load_exchanges()
    assert len(empty) == 0
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()
