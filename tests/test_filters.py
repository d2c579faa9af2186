"""filter_exchanges: the pure logic behind the notebooks' filter panel, on a hand-made fixture."""
import datetime as dt

import pandas as pd
import pytest

from dprk_china.filters import filter_exchanges
from fixtures import empty_exchanges, make_exchanges

# Six messages:
#  XK-20180909 CN→KP anniversary_state, message, notes mention "parade"
#  KX-20180915 KP→CN anniversary_state reply (thanks)
#  KX-20190101 KP→CN new_year, greeting_card, YEAR precision (stored 2019-01-01)
#  XK-20200201 CN→KP covid, letter, MONTH precision (stored 2020-02-01)
#  KX-20200815 KP→CN disaster, verbal_message, occasion "floods in Shanxi"
#  XK-20211010 CN→KP anniversary_party, message
ROWS = [
    dict(date_sent="2018-09-09", direction="CN→KP", occasion_type="anniversary_state",
         occasion="70th anniversary of the DPRK", anniversary=70, notes="Reported with the parade."),
    dict(date_sent="2018-09-15", direction="KP→CN", occasion_type="anniversary_state",
         occasion="70th anniversary of the DPRK", anniversary=70, in_reply_to="XK-20180909"),
    dict(date_sent="2019-01-01", direction="KP→CN", occasion_type="new_year", occasion="New Year 2019",
         medium="greeting_card", purpose="greeting", date_precision="year", date_reported="2019-01-02"),
    dict(date_sent="2020-02-01", direction="CN→KP", occasion_type="covid", occasion="COVID-19 outbreak",
         medium="letter", purpose="sympathy", date_precision="month", date_reported="2020-02-02"),
    dict(date_sent="2020-08-15", direction="KP→CN", occasion_type="disaster", occasion="Floods in Shanxi",
         medium="verbal_message", purpose="sympathy"),
    dict(date_sent="2021-10-10", direction="CN→KP", occasion_type="anniversary_party",
         occasion="76th anniversary of the WPK", anniversary=76),
]


@pytest.fixture(scope="module")
def ex():
    return make_exchanges(ROWS)


@pytest.fixture(scope="module")
def reports(ex):
    return pd.DataFrame({"report_id": ["XK-20211010.r1", "XK-20211010.r2", "KX-20190101.r1"],
                         "message_id": ["XK-20211010", "XK-20211010", "KX-20190101"],
                         "headline": ["Xi sends congratulatory message to Kim", None,
                                      "Kim sends New Year card to Xi Jinping"]})


def ids(frame):
    return list(frame["message_id"])


def test_no_filter_returns_everything_as_a_copy(ex):
    out = filter_exchanges(ex)
    assert ids(out) == ids(ex)
    assert list(out.columns) == list(ex.columns)
    assert (out.dtypes == ex.dtypes).all()
    out.loc[out.index[0], "occasion"] = "changed"
    assert ex["occasion"].iloc[0] != "changed"


def test_date_bounds_are_inclusive_and_accept_strings_dates_timestamps(ex):
    assert ids(filter_exchanges(ex, start="2018-09-15", end="2020-02-01")) == [
        "KX-20180915", "KX-20190101", "XK-20200201"]
    assert ids(filter_exchanges(ex, start=dt.date(2020, 8, 15))) == ["KX-20200815", "XK-20211010"]
    assert ids(filter_exchanges(ex, end=pd.Timestamp("2018-09-09"))) == ["XK-20180909"]


def test_month_and_year_precision_dates_are_filtered_by_their_stored_first_day(ex):
    # the year-precision card is stored on 2019-01-01, the month-precision letter on 2020-02-01
    assert ids(filter_exchanges(ex, start="2019-01-01", end="2019-01-01")) == ["KX-20190101"]
    assert ids(filter_exchanges(ex, start="2020-02-02", end="2020-02-29")) == []


def test_direction_filter_string_or_list(ex):
    assert ids(filter_exchanges(ex, directions="KP→CN")) == ["KX-20180915", "KX-20190101", "KX-20200815"]
    assert ids(filter_exchanges(ex, directions=["CN→KP"])) == ["XK-20180909", "XK-20200201", "XK-20211010"]
    assert len(filter_exchanges(ex, directions=["CN→KP", "KP→CN"])) == 6


def test_direction_works_without_derived_columns():
    raw = make_exchanges(ROWS, derived=False)
    assert "direction" not in raw.columns
    assert ids(filter_exchanges(raw, directions="KP→CN")) == ["KX-20180915", "KX-20190101", "KX-20200815"]


def test_occasion_types_and_media(ex):
    assert ids(filter_exchanges(ex, occasion_types=["covid", "disaster"])) == ["XK-20200201", "KX-20200815"]
    assert ids(filter_exchanges(ex, media="letter")) == ["XK-20200201"]
    assert ids(filter_exchanges(ex, occasion_types=["anniversary_state"], directions="KP→CN")) == ["KX-20180915"]


def test_empty_list_matches_nothing_none_matches_all(ex):
    assert filter_exchanges(ex, occasion_types=[]).empty
    assert filter_exchanges(ex, media=[]).empty
    assert len(filter_exchanges(ex, occasion_types=None, media=None)) == 6


def test_unknown_codes_raise_instead_of_matching_nothing(ex):
    with pytest.raises(ValueError, match="occasion_types.*annivresary_state"):
        filter_exchanges(ex, occasion_types=["annivresary_state"])
    with pytest.raises(ValueError, match="directions"):
        filter_exchanges(ex, directions="CN->KP")
    with pytest.raises(ValueError, match="media"):
        filter_exchanges(ex, media=["fax"])
    with pytest.raises(ValueError, match="start"):
        filter_exchanges(ex, start="not a date")


def test_text_search_occasion_and_notes_case_insensitive(ex):
    assert ids(filter_exchanges(ex, text="FLOODS")) == ["KX-20200815"]
    assert ids(filter_exchanges(ex, text="parade")) == ["XK-20180909"]          # in notes only
    assert ids(filter_exchanges(ex, text="70th dprk")) == ["XK-20180909", "KX-20180915"]  # every word
    assert ids(filter_exchanges(ex, text="70th shanxi")) == []
    assert len(filter_exchanges(ex, text="   ")) == 6                             # blank: no filter


def test_text_search_headlines_need_reports(ex, reports):
    assert ids(filter_exchanges(ex, text="card")) == []
    assert ids(filter_exchanges(ex, text="card", reports=reports)) == ["KX-20190101"]
    assert ids(filter_exchanges(ex, text="congratulatory", reports=reports)) == ["XK-20211010"]


def test_text_is_not_a_regex(ex):
    assert filter_exchanges(ex, text="(").empty
    assert filter_exchanges(ex, text=".*").empty


def test_all_filters_combine(ex, reports):
    out = filter_exchanges(ex, start="2018-01-01", end="2021-12-31", directions=["CN→KP"],
                           occasion_types=["anniversary_state", "anniversary_party"], media=["message"],
                           text="anniversary", reports=reports)
    assert ids(out) == ["XK-20180909", "XK-20211010"]


def test_index_is_kept(ex):
    out = filter_exchanges(ex, directions="KP→CN")
    assert list(out.index) == [1, 2, 4]


def test_empty_input_gives_empty_output():
    empty = empty_exchanges()
    out = filter_exchanges(empty, start="2018-01-01", directions="CN→KP", text="x")
    assert out.empty and list(out.columns) == list(empty.columns)


def test_real_data_filters_consistently():
    import dprk_china

    ex = dprk_china.load_exchanges()
    reports = dprk_china.load_reports()
    both = filter_exchanges(ex, directions=["CN→KP"]), filter_exchanges(ex, directions=["KP→CN"])
    assert len(both[0]) + len(both[1]) == len(ex)
    searched = filter_exchanges(ex, text="anniversary", reports=reports)
    assert set(searched["message_id"]) >= set(filter_exchanges(ex, text="anniversary")["message_id"])
