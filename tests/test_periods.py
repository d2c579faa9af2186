"""The named periodisation: table shape, boundary days, custom tables, empty and missing input."""
import pandas as pd

import dprk_china
from dprk_china.periods import PERIODS, add_period, assign_period, period_dtype, periods_table
from fixtures import empty_exchanges


def test_table_has_a_reason_for_every_boundary_and_no_gaps():
    table = periods_table()
    assert list(table.columns) == ["period_id", "label", "start", "end", "boundary", "description"]
    assert list(table["period_id"]) == ["cool_period", "summitry", "pandemic", "renewed_alignment"]
    assert table["boundary"].str.len().gt(20).all()
    # Each period ends the day before the next starts; the last is open.
    assert (table["end"].iloc[:-1].to_numpy() == (table["start"].iloc[1:] - pd.Timedelta(days=1)).to_numpy()).all()
    assert pd.isna(table["end"].iloc[-1])
    assert table["start"].iloc[0] == pd.Timestamp("2012-11-15")


def test_boundary_days_belong_to_the_period_they_open():
    dates = ["2018-03-24", "2018-03-25", "2020-01-21", "2020-01-22", "2023-07-25", "2023-07-26", "2030-01-01"]
    assert assign_period(dates).tolist() == ["cool_period", "summitry", "summitry", "pandemic", "pandemic",
                                             "renewed_alignment", "renewed_alignment"]


def test_dates_before_the_first_period_and_missing_dates_get_na():
    result = assign_period(pd.Series(pd.to_datetime(["2012-11-14", None, "2012-11-15"]), index=[10, 11, 12]))
    assert list(result.index) == [10, 11, 12]  # aligned with the input
    assert result.isna().tolist() == [True, True, False]
    assert result.dtype == period_dtype() and result.dtype.ordered


def test_a_scalar_and_an_empty_input():
    assert assign_period("2019-06-20").tolist() == ["summitry"]
    empty = assign_period(pd.Series([], dtype="datetime64[ns]"))
    assert len(empty) == 0 and empty.dtype == period_dtype()


def test_a_users_own_periodisation():
    mine = [{"period_id": "after", "start": "2018-01-01"}, {"period_id": "before", "start": "2010-01-01"}]
    table = periods_table(mine)
    assert list(table["period_id"]) == ["before", "after"]  # sorted by start
    assert table["end"].iloc[0] == pd.Timestamp("2017-12-31")
    assert assign_period(["2017-12-31", "2018-01-01"], mine).tolist() == ["before", "after"]
    assert periods_table([]).empty


def test_add_period_to_an_empty_frame_keeps_the_columns():
    out = add_period(empty_exchanges())
    assert "period" in out and out.empty and out["period"].dtype == period_dtype()


def test_every_shipped_message_falls_in_a_period():
    ex = dprk_china.load_exchanges()
    assert assign_period(ex["date_sent"]).notna().all()
    assert len(PERIODS) == 4
