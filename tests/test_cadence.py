"""Cadence functions on a hand-made fixture (every expected number is worked out in a comment)."""
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dprk_china
from dprk_china import cadence
from fixtures import empty_exchanges, make_exchanges

# Nine messages, 2018-2021 (none in 2019):
#  1 XK-20180909 CN→KP anniversary_state, day
#  2 KX-20180915 KP→CN reply to 1 (lag 6)
#  3 KX-20181001 KP→CN anniversary_state
#  4 XK-20181024 CN→KP reply to 3 (lag 23)
#  5 KX-20200101 KP→CN new_year, YEAR precision
#  6 XK-20201201 CN→KP new_year, MONTH precision (December 2020)
#  7 XK-20201210 CN→KP covid
#  8 KX-20201215 KP→CN reply to 7 (lag 5)
#  9 KX-20210301 KP→CN MONTH precision, reply to 6 (no exact lag: neither date is known to the day)
ROWS = [
    dict(date_sent="2018-09-09", direction="CN→KP", occasion_type="anniversary_state", anniversary=70),
    dict(date_sent="2018-09-15", direction="KP→CN", occasion_type="anniversary_state", anniversary=70,
         in_reply_to="XK-20180909"),
    dict(date_sent="2018-10-01", direction="KP→CN", occasion_type="anniversary_state", anniversary=69),
    dict(date_sent="2018-10-24", direction="CN→KP", occasion_type="anniversary_state", anniversary=69,
         in_reply_to="KX-20181001"),
    dict(date_sent="2020-01-01", direction="KP→CN", occasion_type="new_year", date_precision="year",
         purpose="greeting"),
    dict(date_sent="2020-12-01", direction="CN→KP", occasion_type="new_year", date_precision="month",
         purpose="greeting", date_reported="2020-12-31"),
    dict(date_sent="2020-12-10", direction="CN→KP", occasion_type="covid", purpose="sympathy"),
    dict(date_sent="2020-12-15", direction="KP→CN", occasion_type="covid", in_reply_to="XK-20201210"),
    dict(date_sent="2021-03-01", direction="KP→CN", occasion_type="new_year", date_precision="month",
         in_reply_to="XK-20201201"),
]


@pytest.fixture(scope="module")
def ex():
    return make_exchanges(ROWS)


def count_of(frame, **keys):
    mask = pd.Series(True, index=frame.index)
    for k, v in keys.items():
        mask &= frame[k] == v
    assert mask.sum() == 1, keys
    return int(frame.loc[mask, "n_messages"].iloc[0])


# ---------------------------------------------------------------------------------------------- counts

def test_counts_per_year_and_direction_fill_empty_years(ex):
    out = cadence.message_counts(ex, by="direction")
    # 4 years (2018-2021) x 2 directions
    assert len(out) == 8
    assert list(out.columns) == ["year", "period_start", "direction", "n_messages"]
    assert count_of(out, year=2018, direction="CN→KP") == 2   # 1, 4
    assert count_of(out, year=2018, direction="KP→CN") == 2   # 2, 3
    assert count_of(out, year=2019, direction="CN→KP") == 0   # the silent year is a row, not a hole
    assert count_of(out, year=2020, direction="CN→KP") == 2   # 6, 7
    assert count_of(out, year=2020, direction="KP→CN") == 2   # 5, 8
    assert count_of(out, year=2021, direction="KP→CN") == 1   # 9
    assert out["n_messages"].sum() == 9


def test_counts_by_direction_and_occasion_type_cover_the_whole_vocabulary(ex):
    out = cadence.message_counts(ex)
    assert len(out) == 4 * 2 * 14   # years x directions x occasion types
    assert count_of(out, year=2020, direction="CN→KP", occasion_type="new_year") == 1
    assert count_of(out, year=2020, direction="CN→KP", occasion_type="covid") == 1
    assert count_of(out, year=2020, direction="CN→KP", occasion_type="disaster") == 0
    assert out["occasion_type"].dtype == ex["occasion_type"].dtype


def test_quarterly_counts_keep_year_precision_messages_apart(ex):
    out = cadence.message_counts(ex, freq="quarter", by=())
    # 4 years x 4 quarters + one row for 2020's year-precision card (message 5)
    assert len(out) == 17
    assert count_of(out, year=2018, quarter=3) == 2   # Sep 9, Sep 15
    assert count_of(out, year=2018, quarter=4) == 2   # Oct 1, Oct 24
    assert count_of(out, year=2020, quarter=1) == 0   # message 5 is NOT put in Q1
    assert count_of(out, year=2020, quarter=4) == 3   # Dec (month precision), Dec 10, Dec 15
    assert count_of(out, year=2021, quarter=1) == 1   # Mar (month precision)
    undated = out[out["quarter"].isna()]
    assert undated[["year", "n_messages"]].values.tolist() == [[2020, 1]]
    assert pd.isna(undated["period_start"].iloc[0])
    assert out.loc[(out["year"] == 2018) & (out["quarter"] == 4), "period_start"].iloc[0] == pd.Timestamp("2018-10-01")
    assert out["n_messages"].sum() == 9


def test_counts_on_a_filtered_subset_with_a_wider_year_range(ex):
    kim = ex[ex["direction"] == "KP→CN"]
    out = cadence.message_counts(kim, by="direction", start_year=2017, end_year=2021)
    assert len(out) == 5 * 2
    assert count_of(out, year=2017, direction="KP→CN") == 0
    assert count_of(out, year=2018, direction="KP→CN") == 2
    assert out.loc[out["direction"] == "CN→KP", "n_messages"].sum() == 0


def test_counts_by_named_period(ex):
    out = cadence.message_counts(ex, by="period")
    # 1-4 are in the summitry period (2018-03-25 .. 2020-01-21), as is 5 (stored 2020-01-01);
    # 6-9 are in the pandemic period.
    totals = out.groupby("period", observed=False)["n_messages"].sum()
    assert totals["summitry"] == 5 and totals["pandemic"] == 4 and totals["cool_period"] == 0


def test_counts_accept_a_frame_without_derived_columns(ex):
    plain = make_exchanges(ROWS, derived=False)
    pd.testing.assert_frame_equal(cadence.message_counts(plain), cadence.message_counts(ex))


# --------------------------------------------------------------------------------------- initiation

def test_initiation_share_per_year(ex):
    out = cadence.initiation_share(ex)
    assert list(out.columns) == ["year", "direction", "n_initiating", "n_replies", "n_initiating_total", "share"]
    row = out.set_index(["year", "direction"])
    # 2018: initiating 1 (Xi) and 3 (Kim): 1 of 2 each; replies 4 (Xi) and 2 (Kim).
    assert row.loc[(2018, "CN→KP"), "share"] == 0.5 and row.loc[(2018, "KP→CN"), "share"] == 0.5
    assert row.loc[(2018, "CN→KP"), "n_replies"] == 1
    # 2019: no message at all -> a row with NaN share, not a missing row.
    assert pd.isna(row.loc[(2019, "CN→KP"), "share"]) and row.loc[(2019, "CN→KP"), "n_initiating_total"] == 0
    # 2020: initiating 5 (Kim), 6 and 7 (Xi): Xi 2/3, Kim 1/3.
    assert row.loc[(2020, "CN→KP"), "share"] == pytest.approx(2 / 3)
    assert row.loc[(2020, "KP→CN"), "share"] == pytest.approx(1 / 3)
    # 2021: only a reply -> nobody initiated.
    assert row.loc[(2021, "KP→CN"), "n_replies"] == 1 and pd.isna(row.loc[(2021, "KP→CN"), "share"])


def test_initiation_share_overall_and_on_a_subset(ex):
    out = cadence.initiation_share(ex, by=None).set_index("direction")
    # initiating: Xi 1, 6, 7 = 3; Kim 3, 5 = 2; of 5.  replies: Xi 4; Kim 2, 8, 9.
    assert out.loc["CN→KP", "share"] == pytest.approx(3 / 5)
    assert out.loc["KP→CN", "share"] == pytest.approx(2 / 5)
    assert out.loc["KP→CN", "n_replies"] == 3
    only_2018 = cadence.initiation_share(ex[ex["year"] == 2018], by="occasion_type")
    assert only_2018["occasion_type"].astype(str).unique().tolist() == ["anniversary_state"]
    assert only_2018["share"].tolist() == [0.5, 0.5]


# ------------------------------------------------------------------------------------------- gaps

def test_longest_gaps(ex):
    out = cadence.longest_gaps(ex, n=3)
    # 2018-10-24 -> 2020-01-01: 365 (to 2019-10-24) + 7 + 30 + 31 + 1 = 434, inexact (year precision)
    # 2020-01-01 -> 2020-12-01: 335 (leap year: 31+29+31+30+31+30+31+31+30+31+30), inexact
    # 2020-12-15 -> 2021-03-01: 16 + 31 + 28 + 1 = 76, inexact (month precision)
    assert out["gap_days"].tolist() == [434, 335, 76]
    assert out["before_message_id"].tolist() == ["XK-20181024", "KX-20200101", "KX-20201215"]
    assert out["after_message_id"].tolist() == ["KX-20200101", "XK-20201201", "KX-20210301"]
    assert not out["exact"].any() and not out["open"].any()
    everything = cadence.longest_gaps(ex, n=None)
    assert len(everything) == 8
    assert everything["gap_days"].sum() == (pd.Timestamp("2021-03-01") - pd.Timestamp("2018-09-09")).days
    # The one exact gap of 23 days: 2018-10-01 -> 2018-10-24.
    assert everything.loc[everything["gap_days"] == 23, "exact"].tolist() == [True]


def test_open_gap_until_a_date(ex):
    out = cadence.longest_gaps(ex, n=None, until="2021-03-31")
    tail = out[out["open"]]
    assert len(tail) == 1 and tail["gap_days"].iloc[0] == 30   # 2021-03-01 -> 2021-03-31
    assert pd.isna(tail["after_message_id"].iloc[0]) and tail["before_message_id"].iloc[0] == "KX-20210301"
    assert cadence.longest_gaps(ex, until="2020-01-01")["open"].sum() == 0  # `until` before the last message


def test_gaps_of_one_side(ex):
    xi = cadence.longest_gaps(ex[ex["direction"] == "CN→KP"], n=1)
    # Xi's messages: 2018-09-09, 2018-10-24, 2020-12-01, 2020-12-10 -> longest 2018-10-24 -> 2020-12-01
    # = 434 (to 2020-01-01) + 335 (to 2020-12-01) = 769
    assert xi["gap_days"].tolist() == [769]


# ----------------------------------------------------------------------------------------- bursts

def test_bursts(ex):
    out = cadence.bursts(ex)
    # Runs with gaps <= 14 days: [Sep 9, Sep 15], [Oct 1], [Oct 24], [2020-01-01], [Dec 1, Dec 10, Dec 15], [Mar 1]
    # Only the December run has >= 3 messages.
    assert len(out) == 1
    b = out.iloc[0]
    assert (b["start_date"], b["end_date"], b["span_days"]) == (pd.Timestamp("2020-12-01"), pd.Timestamp("2020-12-15"), 14)
    assert (b["n_messages"], b["n_cn_kp"], b["n_kp_cn"]) == (3, 2, 1)
    assert b["message_ids"] == "XK-20201201;XK-20201210;KX-20201215"
    assert b["occasion_types"] == "new_year;covid"
    assert not b["exact"]   # XK-20201201 is month precision
    pairs = cadence.bursts(ex, min_messages=2)
    assert pairs["n_messages"].tolist() == [2, 3] and pairs["burst_id"].tolist() == [1, 2]
    # A 16-day window joins Oct 1 (16 days after Sep 15) to the first pair: 22 days, 3 messages.
    wide = cadence.bursts(ex, max_gap_days=16)
    assert wide["span_days"].tolist() == [22, 14]


# ----------------------------------------------------------------------------------------- reply lags

def test_reply_lags(ex):
    out = cadence.reply_lags(ex)
    assert out["message_id"].tolist() == ["KX-20180915", "XK-20181024", "KX-20201215", "KX-20210301"]
    assert out["reply_lag_days"].tolist()[:3] == [6, 23, 5]
    assert pd.isna(out["reply_lag_days"].iloc[3]) and out["exact"].tolist() == [True, True, True, False]


def test_reply_lags_survive_filtering_out_the_answered_messages(ex):
    kim = cadence.reply_lags(ex[ex["direction"] == "KP→CN"])
    assert kim["reply_lag_days"].tolist()[:2] == [6, 5]


def test_reply_lag_summary_by_direction(ex):
    out = cadence.reply_lag_summary(ex, by="direction").set_index("direction")
    # Xi: one reply, 23 days.  Kim: three replies, two exact (6, 5): median = mean = 5.5.
    assert out.loc["CN→KP", ["n_replies", "n_exact", "median_days", "min_days", "max_days"]].tolist() == [1, 1, 23.0, 23, 23]
    assert out.loc["KP→CN", ["n_replies", "n_exact"]].tolist() == [3, 2]
    assert out.loc["KP→CN", "median_days"] == 5.5 and out.loc["KP→CN", "mean_days"] == 5.5
    assert (out.loc["KP→CN", "min_days"], out.loc["KP→CN", "max_days"]) == (5, 6)


def test_reply_lag_summary_default_groups_report_inexact_groups(ex):
    out = cadence.reply_lag_summary(ex)
    new_year = out[(out["direction"] == "KP→CN") & (out["occasion_type"] == "new_year")].iloc[0]
    assert (new_year["n_replies"], new_year["n_exact"]) == (1, 0)
    assert pd.isna(new_year["median_days"]) and pd.isna(new_year["min_days"])
    assert len(out) == 4   # only groups with replies
    overall = cadence.reply_lag_summary(ex, by=())
    assert overall[["n_replies", "n_exact"]].values.tolist() == [[4, 3]]
    assert overall["median_days"].iloc[0] == 6.0   # median of 5, 6, 23


# ----------------------------------------------------------------------------------------- empty input

@pytest.mark.parametrize("call", [
    lambda e: cadence.message_counts(e),
    lambda e: cadence.message_counts(e, freq="quarter"),
    lambda e: cadence.initiation_share(e),
    lambda e: cadence.initiation_share(e, by="period"),
    lambda e: cadence.initiation_share(e, by=None),
    lambda e: cadence.longest_gaps(e, until="2026-01-01"),
    lambda e: cadence.bursts(e),
    lambda e: cadence.reply_lags(e),
    lambda e: cadence.reply_lag_summary(e),
])
def test_empty_input_gives_an_empty_frame_with_the_same_columns_and_dtypes(ex, call):
    full, empty = call(ex), call(empty_exchanges())
    assert empty.empty
    assert list(empty.columns) == list(full.columns)
    assert empty.dtypes.astype(str).tolist() == full.dtypes.astype(str).tolist()


def test_a_filter_that_matches_nothing(ex):
    nothing = ex[ex["occasion_type"] == "birthday"]
    assert cadence.message_counts(nothing).empty
    assert cadence.message_counts(nothing, by="direction", start_year=2020, end_year=2020)["n_messages"].tolist() == [0, 0]
    assert cadence.longest_gaps(ex.head(1)).empty   # one message: no gap between messages


def test_unknown_grouping_column_is_a_clear_error(ex):
    with pytest.raises(KeyError, match="no column 'colour'"):
        cadence.message_counts(ex, by="colour")


# ------------------------------------------------------------------------- invariants on the shipped data

def test_invariants_on_the_shipped_data():
    ex = dprk_china.load_exchanges()
    assert cadence.message_counts(ex)["n_messages"].sum() == len(ex)
    assert cadence.message_counts(ex, freq="quarter")["n_messages"].sum() == len(ex)
    shares = cadence.initiation_share(ex).dropna(subset=["share"])
    assert shares.groupby("year")["share"].sum().round(9).eq(1).all()
    gaps = cadence.longest_gaps(ex, n=None)
    assert len(gaps) == len(ex) - 1 and (gaps["gap_days"] >= 0).all()
    assert gaps["gap_days"].sum() == (ex["date_sent"].max() - ex["date_sent"].min()).days
    assert len(cadence.reply_lags(ex)) == ex["is_reply"].sum()
    assert cadence.bursts(ex, min_messages=1)["n_messages"].sum() == len(ex)


# ------------------------------------------------------------------------- any subset of the shipped data

SHIPPED = dprk_china.load_exchanges()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.booleans(), min_size=len(SHIPPED), max_size=len(SHIPPED)))
def test_any_subset_keeps_the_totals(keep):
    sub = SHIPPED[keep]
    assert cadence.message_counts(sub)["n_messages"].sum() == len(sub)
    assert cadence.bursts(sub, min_messages=1)["n_messages"].sum() == len(sub)
    gaps = cadence.longest_gaps(sub, n=None)
    assert len(gaps) == max(len(sub) - 1, 0)
    if len(sub):
        assert gaps["gap_days"].sum() == (sub["date_sent"].max() - sub["date_sent"].min()).days
    share = cadence.initiation_share(sub, by=None)
    assert share["n_initiating"].sum() + share["n_replies"].sum() == len(sub)
