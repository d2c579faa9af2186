"""A user's edited copy with a defect gives one clear error naming file, row, column and problem."""
import subprocess
import sys

import pytest

import dprk_china
from dprk_china import DataError
from dprk_china.validate import ValidationError, problems, validate

from helpers_data import copy_data, edit_cell, read_csv, write_csv


def test_shipped_data_is_valid():
    assert problems() == []
    validate()


@pytest.fixture
def copy(tmp_path):
    return copy_data(tmp_path / "data")


def assert_error(exc: DataError, file: str, column: str | None, words: str, row: int | None = None):
    assert exc.file.endswith(file)
    assert exc.column == column
    assert words in exc.problem
    if row is not None:
        assert exc.row == row
    text = str(exc)
    assert file in text and words in text
    if column:
        assert repr(column) in text


def test_bad_date(copy):
    edit_cell(copy / "exchanges.csv", 3, "date_sent", "2020-02-30")
    with pytest.raises(DataError) as info:
        dprk_china.load_exchanges(data_dir=copy)
    assert_error(info.value, "exchanges.csv", "date_sent", "not a valid calendar date", row=3)
    assert "line 4" in str(info.value)


def test_date_in_another_format(copy):
    edit_cell(copy / "reports.csv", 5, "date", "09/05/2020")
    with pytest.raises(DataError) as info:
        dprk_china.load_reports(data_dir=copy)
    assert_error(info.value, "reports.csv", "date", "not a date in the form YYYY-MM-DD", row=5)


def test_unknown_occasion(copy):
    edit_cell(copy / "exchanges.csv", 2, "occasion_type", "anniversary")
    with pytest.raises(DataError) as info:
        dprk_china.load_exchanges(data_dir=copy)
    assert_error(info.value, "exchanges.csv", "occasion_type", "unknown value 'anniversary'", row=2)
    assert "anniversary_state" in info.value.problem  # the message lists what is allowed


def test_missing_column(copy):
    rows = read_csv(copy / "reports.csv")
    for row in rows:
        del row["outlet_side"]
    write_csv(copy / "reports.csv", rows)
    with pytest.raises(DataError) as info:
        dprk_china.load_reports(data_dir=copy)
    assert_error(info.value, "reports.csv", "outlet_side", "missing column")


def test_broken_quoting(copy):
    path = copy / "exchanges.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(",", ",\"", 1)  # an opening quote that is never closed
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as info:
        dprk_china.load_exchanges(data_dir=copy)
    assert info.value.file.endswith("exchanges.csv")
    assert info.value.row == 4
    assert "quot" in info.value.problem


def test_unquoted_comma_adds_a_field(copy):
    path = copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ",extra\n"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as info:
        dprk_china.load_events(data_dir=copy)
    assert_error(info.value, "events.csv", None, "fields but the header has", row=2)


def test_duplicate_id(copy):
    rows = read_csv(copy / "exchanges.csv")
    edit_cell(copy / "exchanges.csv", 7, "message_id", rows[1]["message_id"])
    with pytest.raises(DataError) as info:
        dprk_china.load_exchanges(data_dir=copy)
    assert_error(info.value, "exchanges.csv", "message_id", "duplicate id", row=7)
    assert "row 2" in info.value.problem


def test_dangling_report_reference(copy):
    edit_cell(copy / "reports.csv", 4, "message_id", "XK-19990101")
    errors = problems(copy)
    assert any(e.file == "reports.csv" and e.row == 4 and e.column == "message_id"
               and "not a message_id" in e.problem for e in errors)
    with pytest.raises(ValidationError) as info:
        validate(copy)
    assert "reports.csv, row 4, column 'message_id'" in str(info.value)


def test_dangling_reply(copy):
    rows = read_csv(copy / "exchanges.csv")
    i = next(n for n, r in enumerate(rows, start=1) if r["in_reply_to"])
    edit_cell(copy / "exchanges.csv", i, "in_reply_to", "KX-19990101")
    [error] = [e for e in problems(copy) if e.column == "in_reply_to"]
    assert (error.file, error.row) == ("exchanges.csv", i)
    assert "not a message_id" in error.problem


def test_sent_after_reported(copy):
    rows = read_csv(copy / "exchanges.csv")
    i = next(n for n, r in enumerate(rows, start=1) if r["date_precision"] == "day" and r["date_sent"] > "2014")
    edit_cell(copy / "exchanges.csv", i, "date_reported", "2013-12-31")
    assert any(e.row == i and e.column == "date_reported" and "before it was sent" in e.problem
               for e in problems(copy))


def test_title_must_fit_the_date(copy):
    rows = read_csv(copy / "exchanges.csv")
    i = next(n for n, r in enumerate(rows, start=1) if r["date_sent"] >= "2022" and r["sender"] == "Kim Jong Un")
    edit_cell(copy / "exchanges.csv", i, "sender_title", "Chairman of the WPK; Chairman of the DPRK State Affairs Commission")
    [error] = [e for e in problems(copy) if e.column == "sender_title"]
    assert error.row == i and "was not held" in error.problem


def test_message_without_report(copy):
    rows = read_csv(copy / "reports.csv")
    first = rows[0]["message_id"]
    write_csv(copy / "reports.csv", [r for r in rows if r["message_id"] != first])
    assert any(e.column == "message_id" and "has no report" in e.problem for e in problems(copy))


def test_month_precision_is_stored_as_first_of_month(copy):
    rows = read_csv(copy / "exchanges.csv")
    i = next(n for n, r in enumerate(rows, start=1) if r["date_precision"] == "month")
    edit_cell(copy / "exchanges.csv", i, "date_sent", rows[i - 1]["date_sent"][:8] + "15")
    assert any(e.row == i and "1st of the month" in e.problem for e in problems(copy))


def test_not_utf8(copy):
    (copy / "lexicon.csv").write_bytes(b"concept_id,category\n\xff\xfe,x\n")
    with pytest.raises(DataError) as info:
        dprk_china.load_lexicon(data_dir=copy)
    assert "not UTF-8" in info.value.problem


def test_cli_validate(copy):
    ok = subprocess.run([sys.executable, "-m", "dprk_china", "validate", str(copy)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    edit_cell(copy / "reports.csv", 2, "outlet_side", "NK")
    bad = subprocess.run([sys.executable, "-m", "dprk_china", "validate", str(copy)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "reports.csv, row 2 (line 3), column 'outlet_side': unknown value 'NK'" in bad.stderr
