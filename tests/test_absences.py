"""Expected-versus-observed messages on customary occasions, on a hand-made calendar and record."""
import pandas as pd
import pytest

import dprk_china
from dprk_china import absences
from fixtures import empty_exchanges, make_events, make_exchanges, make_occasions

OCCASIONS = [
    # Kim writes every 1 October from 2018.
    dict(occasion_id="natday", occasion_type="anniversary_state", month=10, day=1, base_year=1949,
         customary_direction="KP→CN", cadence="annual", first_year=2018),
    # Kim writes on round anniversaries of 1 July (1921): 2016 (95th), 2021 (100th).
    dict(occasion_id="partyday", occasion_type="anniversary_party", month=7, day=1, base_year=1921,
         customary_direction="KP→CN", cadence="round", first_year=2016),
    # Both write on round anniversaries of 6 October (1949): 2019 (70th).
    dict(occasion_id="ties", occasion_type="anniversary_relations", month=10, day=6, base_year=1949,
         customary_direction="both", cadence="round", first_year=2014),
    # Both write every New Year from 2019.
    dict(occasion_id="newyear", occasion_type="new_year", month=1, day=1, customary_direction="both",
         cadence="annual", first_year=2019),
    # Xi writes when Kim is elected, and on a WPK congress.
    dict(occasion_id="kimelect", occasion_type="election", marked_by="KP", customary_direction="CN→KP",
         cadence="on_event", first_year=2013),
    dict(occasion_id="wpkcongress", occasion_type="party_congress", marked_by="KP", customary_direction="CN→KP",
         cadence="on_event", first_year=2016),
]
EVENTS = [
    dict(date_start="2019-04-11", event_type="election", title="The SPA re-elects Kim Jong Un", participants="Kim Jong Un"),
    dict(date_start="2018-03-17", event_type="election", title="The NPC re-elects Xi Jinping"),
    dict(date_start="2021-01-05", date_end="2021-01-12", event_type="party_congress", title="8th WPK Congress"),
    # A plenum 8 days after the congress closes: the same instance (within 30 days).
    dict(date_start="2021-01-20", event_type="party_congress", title="Plenum of the WPK Central Committee"),
    # Names both sides: no occasion.
    dict(date_start="2020-05-01", event_type="election", title="Elections in the PRC and the DPRK", event_id="E-20200501"),
]
MESSAGES = [
    # 2019
    dict(date_sent="2019-09-30", direction="KP→CN", occasion_type="anniversary_state", occasion_id="natday", anniversary=70),
    dict(date_sent="2019-04-12", direction="CN→KP", occasion_type="election", occasion_id="kimelect"),
    dict(date_sent="2019-10-06", direction="KP→CN", occasion_type="anniversary_relations", occasion_id="ties", anniversary=70),
    dict(date_sent="2019-10-20", direction="CN→KP", occasion_type="anniversary_relations", occasion_id="ties", anniversary=70,
         in_reply_to="KX-20191006"),
    # 2020
    dict(date_sent="2020-10-09", direction="KP→CN", occasion_type="anniversary_state", occasion_id="natday", anniversary=71),
    dict(date_sent="2020-01-01", direction="KP→CN", occasion_type="new_year", occasion_id="newyear", date_precision="year",
         purpose="greeting"),
    dict(date_sent="2019-12-28", direction="CN→KP", occasion_type="new_year", occasion_id="newyear", purpose="greeting"),
    dict(date_sent="2020-07-01", direction="KP→CN", occasion_type="anniversary_party", occasion_id="partyday", anniversary=99),
    # 2021
    dict(date_sent="2021-07-02", direction="KP→CN", occasion_type="anniversary_party", anniversary=100),   # no occasion_id
    dict(date_sent="2021-01-10", direction="CN→KP", occasion_type="party_congress", occasion_id="wpkcongress"),
    dict(date_sent="2021-03-15", direction="CN→KP", occasion_type="party_congress", occasion_id="wpkcongress",
         medium="verbal_message"),
    dict(date_sent="2020-12-01", direction="CN→KP", occasion_type="new_year", occasion_id="newyear", date_precision="month",
         purpose="greeting", date_reported="2020-12-31"),
    dict(date_sent="2021-03-21", direction="KP→CN", occasion_type="other"),                                   # no occasion
    dict(date_sent="2021-08-01", direction="KP→CN", occasion_type="anniversary_state"),  # 61 days before 1 Oct: unmatched
]


@pytest.fixture(scope="module")
def tables():
    return make_exchanges(MESSAGES), make_occasions(OCCASIONS), make_events(EVENTS)


@pytest.fixture(scope="module")
def table(tables):
    ex, occ, ev = tables
    return absences.expected_vs_observed(ex, occ, ev, start_year=2019, end_year=2021, as_of="2021-12-31")


def row(table, occasion_id, year, direction):
    hit = table[(table["occasion_id"] == occasion_id) & (table["year"] == year) & (table["direction"] == direction)]
    assert len(hit) == 1, (occasion_id, year, direction)
    return hit.iloc[0]


def test_event_occasions(tables):
    _, occ, ev = tables
    out = absences.event_occasions(ev, occ).set_index("event_id")
    assert out.loc["E-20190411", ["side", "occasion_id"]].tolist() == ["KP", "kimelect"]
    assert out.loc["E-20180317", "side"] == "CN" and pd.isna(out.loc["E-20180317", "occasion_id"])  # no CN election occasion
    assert out.loc[["E-20210105", "E-20210120"], "occasion_id"].tolist() == ["wpkcongress", "wpkcongress"]
    assert pd.isna(out.loc["E-20200501", "side"]) and pd.isna(out.loc["E-20200501", "occasion_id"])


def test_the_slots_of_three_years(table):
    # 2019: New Year x2, kimelect, natday, ties x2 = 6; 2020: New Year x2, partyday (unexpected), natday = 4;
    # 2021: New Year x2, wpkcongress, partyday, natday = 5.  partyday 2019 (98th) is not round: no row.
    assert len(table) == 15
    assert table.groupby("year").size().tolist() == [6, 4, 5]
    assert table["year"].is_monotonic_increasing


def test_on_time_early_and_late(table):
    r = row(table, "natday", 2019, "KP→CN")        # sent 30 Sept: one day early is on time (3 days allowed)
    assert (r["status"], r["message_id"], r["lag_days"], r["anniversary"]) == ("on_time", "KX-20190930", -1, 70)
    assert r["is_round"] and r["is_tenth"] and r["expected"] and r["sender"] == "Kim Jong Un"
    r = row(table, "natday", 2020, "KP→CN")        # sent 9 Oct: 8 days after 1 Oct > 3 -> late by 8
    assert (r["status"], r["lag_days"], r["days_late"]) == ("late", 8, 8)
    assert not r["is_round"] and r["anniversary"] == 71
    r = row(table, "newyear", 2020, "CN→KP")       # 28 Dec 2019 for 1 Jan 2020: 4 days early > 3
    assert (r["status"], r["lag_days"], r["message_id"]) == ("early", -4, "XK-20191228")


def test_dates_known_only_to_the_month_or_year(table):
    r = row(table, "newyear", 2020, "KP→CN")       # year precision: any day of 2020
    assert (r["status"], r["message_id"]) == ("timing_unknown", "KX-20200101") and pd.isna(r["lag_days"])
    r = row(table, "newyear", 2021, "CN→KP")       # December 2020 (month precision) greets 2021 (nearest 1 Jan)
    assert (r["status"], r["message_id"]) == ("timing_unknown", "XK-20201201")


def test_absences(table):
    assert row(table, "newyear", 2019, "CN→KP")["status"] == "absent"
    assert row(table, "newyear", 2019, "KP→CN")["status"] == "absent"
    assert row(table, "newyear", 2021, "KP→CN")["status"] == "absent"
    r = row(table, "natday", 2021, "KP→CN")        # the 1 August message is 61 days away (> 45): no match
    assert r["status"] == "absent" and pd.isna(r["message_id"]) and r["n_messages"] == 0 and pd.isna(r["is_reply"])


def test_a_reply_fills_the_slot_of_an_occasion_both_sides_mark(table):
    # Ties, 70th (round): Kim wrote on the day; Xi only thanked him 14 days later.
    assert row(table, "ties", 2019, "KP→CN")["status"] == "on_time"
    r = row(table, "ties", 2019, "CN→KP")
    assert (r["status"], r["message_id"], r["is_reply"], r["days_late"]) == ("late", "XK-20191020", True, 14)


def test_round_cadence_and_unexpected_messages(table):
    r = row(table, "partyday", 2020, "KP→CN")      # 99th: not round, not customary, but Kim wrote
    assert not r["expected"] and r["message_id"] == "KX-20200701" and r["status"] == "on_time"
    r = row(table, "partyday", 2021, "KP→CN")      # 100th: round, matched without occasion_id by type and date
    assert r["expected"] and r["is_tenth"] and (r["status"], r["lag_days"], r["match"]) == ("on_time", 1, "date_window")
    assert "KX-20210321" not in set(table["message_id"].dropna())   # an 'other' message is no occasion's


def test_on_event_occasions(table):
    r = row(table, "kimelect", 2019, "CN→KP")
    assert (r["status"], r["lag_days"], r["event_id"]) == ("on_time", 1, "E-20190411")
    r = row(table, "wpkcongress", 2021, "CN→KP")
    # Congress 5-12 Jan and plenum 20 Jan are one instance: window 5 Jan .. due 20 Jan; 10 Jan is inside it
    # (lag from the due date: 10 - 20 = -10). The March verbal message is a second message of the slot.
    assert r["event_id"] == "E-20210105;E-20210120"
    assert (r["window_start"], r["due_date"]) == (pd.Timestamp("2021-01-05"), pd.Timestamp("2021-01-20"))
    assert (r["status"], r["lag_days"], r["n_messages"], r["other_message_ids"]) == ("on_time", -10, 2, "XK-20210315")


def test_tolerances_are_parameters(tables):
    ex, occ, ev = tables
    loose = absences.expected_vs_observed(ex, occ, ev, 2019, 2021, as_of="2021-12-31", early_days=7, tolerance_days=10)
    assert row(loose, "newyear", 2020, "CN→KP")["status"] == "on_time"   # -4 within 7
    assert row(loose, "natday", 2020, "KP→CN")["status"] == "on_time"    # +8 within 10
    wide = absences.expected_vs_observed(ex, occ, ev, 2019, 2021, as_of="2021-12-31", match_days=90)
    r = row(wide, "natday", 2021, "KP→CN")                               # 1 Aug now matches: 61 days early
    assert (r["status"], r["lag_days"], r["match"]) == ("early", -61, "date_window")


def test_as_of_makes_open_slots_pending_and_leaves_future_ones_out(tables):
    ex, occ, ev = tables
    early_oct = absences.expected_vs_observed(ex, occ, ev, 2021, 2021, as_of="2021-10-02")
    assert row(early_oct, "natday", 2021, "KP→CN")["status"] == "pending"   # window 28 Sept .. 4 Oct is open
    september = absences.expected_vs_observed(ex, occ, ev, 2021, 2021, as_of="2021-09-01")
    assert "natday" not in set(september["occasion_id"])                     # window opens 28 Sept: no row yet


def test_overriding_event_links(tables):
    ex, occ, ev = tables
    out = absences.expected_vs_observed(ex, occ, ev, 2019, 2019, as_of="2021-12-31", event_links={"E-20190411": None})
    r = row(out, "kimelect", 2019, "CN→KP")   # without its event the message is linked to no instance
    assert not r["expected"] and r["status"] == "timing_unknown" and pd.isna(r["due_date"])
    no_events = absences.expected_vs_observed(ex, occ, None, 2019, 2021, as_of="2021-12-31")
    assert not no_events["occasion_id"].isin(["kimelect", "wpkcongress"]).any()


def test_a_direction_subset_does_not_change_that_directions_rows(tables, table):
    ex, occ, ev = tables
    kim = absences.expected_vs_observed(ex[ex["direction"] == "KP→CN"], occ, ev, 2019, 2021, as_of="2021-12-31")
    mine = kim[kim["direction"] == "KP→CN"].reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, table[table["direction"] == "KP→CN"].reset_index(drop=True))
    # ... while Xi's slots, whose messages were filtered out, read as absences (documented: filter after).
    assert (kim.loc[kim["direction"] == "CN→KP", "status"] == "absent").all()


def test_summary(table):
    s = absences.absence_summary(table).set_index("occasion_id")
    cols = ["expected", "sent", "on_time", "early", "late", "timing_unknown", "absent", "pending", "unexpected"]
    # natday: 2019 on time, 2020 late, 2021 absent
    assert s.loc["natday", cols].tolist() == [3, 2, 1, 0, 1, 0, 1, 0, 0]
    assert s.loc["natday", "share_sent"] == pytest.approx(2 / 3)
    # newyear: 6 slots; sent: early (2020 Xi), timing unknown (2020 Kim, 2021 Xi); 3 absent
    assert s.loc["newyear", cols].tolist() == [6, 3, 0, 1, 0, 2, 3, 0, 0]
    assert s.loc["ties", cols].tolist() == [2, 2, 1, 0, 1, 0, 0, 0, 0]
    assert s.loc["partyday", cols].tolist() == [1, 1, 1, 0, 0, 0, 0, 0, 1]
    assert s.loc["kimelect", "sent"] == 1 and s.loc["wpkcongress", "on_time"] == 1
    assert s.loc["natday", "name"] == "an occasion"
    by_direction = absences.absence_summary(table, by=("direction",)).set_index("direction")
    # Kim: natday 3 + newyear 3 + ties 1 + partyday 1 = 8 expected; Xi: newyear 3 + ties 1 + kimelect 1 + wpk 1 = 6
    assert by_direction["expected"].tolist() == [6, 8]


def test_empty_inputs(tables, table):
    ex, occ, ev = tables
    none = absences.expected_vs_observed(empty_exchanges(), occ, ev, as_of="2021-12-31")
    assert none.empty and list(none.columns) == list(table.columns)
    assert none.dtypes.astype(str).tolist() == table.dtypes.astype(str).tolist()
    # Nothing sent in 2019 with the years given: every expected slot is absent
    # (New Year x2, kimelect, natday, ties x2).
    silent = absences.expected_vs_observed(empty_exchanges(), occ, ev, 2019, 2019, as_of="2021-12-31")
    assert len(silent) == 6 and (silent["status"] == "absent").all()
    assert absences.expected_vs_observed(ex, occ.iloc[0:0], ev, 2019, 2021).empty
    assert absences.expected_vs_observed(ex[ex["year"] == 1999], occ, ev).empty
    summary = absences.absence_summary(none)
    assert summary.empty and "share_sent" in summary
    assert absences.event_occasions(ev.iloc[0:0], occ).empty


def test_invariants_on_the_shipped_data():
    ex, occ, ev = dprk_china.load_exchanges(), dprk_china.load_occasions(), dprk_china.load_events()
    table = absences.expected_vs_observed(ex, occ, ev, as_of="2100-01-01")
    assert table["status"].isin(absences.STATUSES).all()
    assert not table["status"].eq("pending").any()
    sent = table["message_id"].dropna()
    assert sent.is_unique                                          # a message fills one slot at most
    assert sent.isin(ex["message_id"]).all()
    assert (table.loc[table["message_id"].isna(), "status"] == "absent").all()
    # Only round years expected for round occasions.
    assert table.loc[table["expected"] & (table["cadence"] == "round"), "is_round"].all()
    summary = absences.absence_summary(table)
    assert (summary["sent"] + summary["absent"] + summary["pending"] == summary["expected"]).all()
    assert (summary[["on_time", "early", "late", "timing_unknown"]].sum(axis=1) == summary["sent"]).all()
    # Every non-reply message linked to a calendar occasion in range shows up in some row.
    shown = set(sent) | {m for v in table["other_message_ids"].dropna() for m in v.split(";")}
    linked = ex[ex["occasion_id"].notna() & ~ex["is_reply"]]
    assert set(linked["message_id"]) <= shown


def test_as_of_defaults_to_the_newest_report_so_unsearched_months_are_not_absences():
    ex, occ, ev = dprk_china.load_exchanges(), dprk_china.load_occasions(), dprk_china.load_events()
    newest = ex["date_reported"].max()
    default = absences.expected_vs_observed(ex, occ, ev)
    pd.testing.assert_frame_equal(default, absences.expected_vs_observed(ex, occ, ev, as_of=newest))
    assert (default["due_date"].dropna() <= newest + pd.Timedelta(days=45)).all()
    # The treaty's 65th anniversary (11 July 2026) lies after the record's end: no row by default, an
    # absence only for someone who says the record is complete to December.
    late_2026 = absences.expected_vs_observed(ex, occ, ev, as_of="2026-12-01")
    treaty_2026 = late_2026[(late_2026["occasion_id"] == "treaty") & (late_2026["year"] == 2026)]
    assert len(treaty_2026) and (treaty_2026["status"] == "absent").all()
    assert not ((default["occasion_id"] == "treaty") & (default["year"] == 2026)).any()
