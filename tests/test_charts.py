"""Charts, tested through their Vega-Lite specs (``chart.to_dict()``): encodings, data, titles."""
import json
import re

import pandas as pd
import pytest

alt = pytest.importorskip("altair")

import dprk_china  # noqa: E402
from dprk_china import cadence, charts, render  # noqa: E402
from fixtures import empty_exchanges, make_events, make_exchanges  # noqa: E402

PLAIN_MARKS = {"bar", "line", "rule", "rect", "text", "point"}

# Eight messages 2018-2021, none in 2019:
#  XK-20180909 CN→KP anniversary_state (summit band/rule tests use 2018 events)
#  KX-20180915 KP→CN reply to it, lag 6
#  KX-20181001 KP→CN anniversary_state
#  XK-20181024 CN→KP reply, lag 23
#  KX-20200101 KP→CN new_year, greeting_card, YEAR precision
#  XK-20200501 CN→KP covid, letter, MONTH precision
#  XK-20201210 CN→KP covid
#  KX-20210101 KP→CN reply to XK-20201210, lag 22
ROWS = [
    dict(date_sent="2018-09-09", direction="CN→KP", occasion_type="anniversary_state", anniversary=70,
         occasion="70th anniversary of the DPRK"),
    dict(date_sent="2018-09-15", direction="KP→CN", occasion_type="anniversary_state", anniversary=70,
         in_reply_to="XK-20180909"),
    dict(date_sent="2018-10-01", direction="KP→CN", occasion_type="anniversary_state", anniversary=69),
    dict(date_sent="2018-10-24", direction="CN→KP", occasion_type="anniversary_state", anniversary=69,
         in_reply_to="KX-20181001"),
    dict(date_sent="2020-01-01", direction="KP→CN", occasion_type="new_year", date_precision="year",
         medium="greeting_card", purpose="greeting"),
    dict(date_sent="2020-05-01", direction="CN→KP", occasion_type="covid", date_precision="month", medium="letter",
         purpose="sympathy", date_reported="2020-05-09"),
    dict(date_sent="2020-12-10", direction="CN→KP", occasion_type="covid", purpose="sympathy"),
    dict(date_sent="2021-01-01", direction="KP→CN", occasion_type="covid", in_reply_to="XK-20201210"),
]
EVENTS = [
    dict(date_start="2019-06-20", date_end="2019-06-21", event_type="summit", title="Xi in Pyongyang"),
    dict(date_start="2018-03-25", date_end="2018-03-28", event_type="summit", title="First visit"),
    dict(date_start="2016-05-06", date_end="2016-05-09", event_type="party_congress", title="7th WPK Congress"),
    dict(date_start="2021-01-05", date_end="2021-01-12", event_type="party_congress", title="8th WPK Congress"),
    dict(date_start="2019-01-07", date_end="2019-01-10", event_type="envoy_visit", title="An envoy"),
]


@pytest.fixture(scope="module")
def ex():
    return make_exchanges(ROWS)


@pytest.fixture(scope="module")
def events():
    return make_events(EVENTS)


def layers(spec):
    return spec["layer"] if "layer" in spec else [spec]


def data_of(spec, view):
    """The records a (layer) view draws."""
    data = view.get("data", spec.get("data"))
    if "values" in data:
        return data["values"]
    return spec["datasets"][data["name"]]


def mark_type(view):
    mark = view["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def title_text(spec):
    title = spec["title"]
    return title["text"] if isinstance(title, dict) else title


def subtitle_text(spec):
    title = spec["title"]
    return title.get("subtitle", "") if isinstance(title, dict) else ""


def the_layer(spec, mark):
    found = [v for v in layers(spec) if mark_type(v) == mark]
    assert len(found) == 1, [mark_type(v) for v in layers(spec)]
    return found[0]


def assert_no_message(spec, title):
    view = layers(spec)[0]
    assert mark_type(view) == "text"
    assert view["encoding"]["text"]["field"] == "message"
    assert data_of(spec, view) == [{"message": charts.NO_MATCH}]
    assert title_text(spec) == title


# --------------------------------------------------------------------------------------------------
# timeline

def test_timeline_points_encodings_and_tooltips(ex, events):
    spec = charts.timeline(ex, events=events).to_dict()
    points = the_layer(spec, "point")
    enc = points["encoding"]
    assert enc["x"]["field"] == "date_sent" and enc["x"]["type"] == "temporal"
    assert enc["y"]["field"] == "direction" and enc["y"]["scale"]["domain"] == ["CN→KP", "KP→CN"]
    assert enc["color"]["field"] == "occasion_type"
    assert enc["color"]["scale"]["domain"] == charts.OCCASION_TYPES  # colours stable across selections
    assert enc["shape"]["field"] == "medium" and enc["shape"]["scale"]["domain"] == charts.MEDIA
    tooltip_fields = [t["field"] for t in enc["tooltip"]]
    for field in ("date", "medium", "occasion", "message_id", "direction", "occasion_type"):
        assert field in tooltip_fields
    assert title_text(spec) == "Messages between Xi Jinping and Kim Jong Un"
    assert subtitle_text(spec).startswith("8 messages")


def test_timeline_data_one_row_per_message_with_dates_at_their_precision(ex, events):
    spec = charts.timeline(ex, events=events).to_dict()
    rows = data_of(spec, the_layer(spec, "point"))
    assert [r["message_id"] for r in rows] == list(ex.sort_values("date_sent")["message_id"])
    by_id = {r["message_id"]: r for r in rows}
    assert by_id["KX-20200101"]["date"] == "2020"            # year precision
    assert by_id["XK-20200501"]["date"] == "2020-05"         # month precision
    assert by_id["XK-20201210"]["date"] == "2020-12-10"
    assert by_id["XK-20180909"]["occasion"] == "70th anniversary of the DPRK"
    assert by_id["KX-20180915"]["direction"] == "KP→CN"


def test_timeline_events_summits_as_rules_congresses_as_bands_within_the_span(ex, events):
    spec = charts.timeline(ex, events=events).to_dict()
    rule = the_layer(spec, "rule")
    assert [r["event"] for r in data_of(spec, rule)] == ["Xi in Pyongyang"]   # the March 2018 summit is before the span
    assert rule["encoding"]["x"]["field"] == "date_start"
    band = the_layer(spec, "rect")
    bands = data_of(spec, band)
    # the 2016 congress is before the first message shown; the envoy visit is neither summit nor congress
    assert [r["event"] for r in bands] == ["8th WPK Congress"]
    assert band["encoding"]["x2"]["field"] == "date_after"
    assert bands[0]["date_after"].startswith("2021-01-13")    # the band covers the last day
    assert "summits" in subtitle_text(spec)


def test_timeline_without_events_is_the_points_alone(ex):
    spec = charts.timeline(ex).to_dict()
    assert [mark_type(v) for v in layers(spec)] == ["point"]


def test_timeline_legend_selection_has_an_explicit_name(ex, events):
    spec = charts.timeline(ex, events=events).to_dict()
    names = [p["name"] for p in spec.get("params", [])] + [
        p["name"] for v in layers(spec) for p in v.get("params", [])]
    assert names == ["occasion_pick"]
    text = json.dumps(spec)
    assert not re.search(r"\b(param|view)_\d+", text), "auto-named params/views shift between runs"
    assert "timeline_points" in text


# --------------------------------------------------------------------------------------------------
# per year, occasion mix

def test_per_year_counts_match_cadence_and_show_empty_years(ex):
    spec = charts.per_year(ex).to_dict()
    view = layers(spec)[0]
    assert mark_type(view) == "bar"
    assert view["encoding"]["x"]["field"] == "year" and view["encoding"]["x"]["type"] == "ordinal"
    assert view["encoding"]["y"]["field"] == "messages"
    assert view["encoding"]["color"]["field"] == "direction"
    rows = data_of(spec, view)
    got = {(r["year"], r["direction"]): r["messages"] for r in rows}
    assert got[(2019, "CN→KP")] == 0 and got[(2019, "KP→CN")] == 0      # the silent year is there
    expected = cadence.message_counts(ex, by="direction")
    assert got == {(int(y), str(d)): int(n) for y, d, n in
                   zip(expected["year"], expected["direction"], expected["n_messages"])}
    assert sum(got.values()) == len(ex)
    assert title_text(spec) == "Messages per year"


def test_per_year_year_range_can_be_widened(ex):
    rows = data_of(*(lambda s: (s, layers(s)[0]))(charts.per_year(ex, start_year=2016, end_year=2022).to_dict()))
    assert sorted({r["year"] for r in rows}) == list(range(2016, 2023))


def test_occasion_mix_counts_and_share(ex):
    spec = charts.occasion_mix(ex).to_dict()
    view = layers(spec)[0]
    rows = data_of(spec, view)
    got = {(r["year"], r["occasion_type"]): r["messages"] for r in rows}
    assert got == {(2018, "anniversary_state"): 4, (2020, "new_year"): 1, (2020, "covid"): 2,
                   (2021, "covid"): 1}
    assert view["encoding"]["x"]["scale"]["domain"] == [2018, 2019, 2020, 2021]
    assert view["encoding"]["color"]["scale"]["domain"] == charts.OCCASION_TYPES
    assert sorted(r["share"] for r in rows if r["year"] == 2020) == pytest.approx([1 / 3, 2 / 3])
    tips = [t["field"] for t in view["encoding"]["tooltip"]]
    assert {"year", "occasion_type", "messages", "share"} <= set(tips)
    share = charts.occasion_mix(ex, share=True).to_dict()
    assert layers(share)[0]["encoding"]["y"]["stack"] == "normalize"
    assert "share" in title_text(share)


# --------------------------------------------------------------------------------------------------
# reply lag

def test_reply_lag_bins_and_medians(ex):
    spec = charts.reply_lag(ex).to_dict()
    view = layers(spec)[0]
    assert mark_type(view) == "bar"
    assert view["encoding"]["x"]["field"] == "lag_bin"
    assert view["encoding"]["x"]["scale"]["domain"] == [label for label, _ in charts.LAG_BINS]
    rows = data_of(spec, view)
    got = {(r["lag_bin"], r["direction"]): r["replies"] for r in rows}
    # lags: KP→CN 6 (4–7 days) and 22 (15–30 days); CN→KP 23 (15–30 days)
    assert got == {("4–7 days", "KP→CN"): 1, ("15–30 days", "KP→CN"): 1, ("15–30 days", "CN→KP"): 1}
    assert "3 replies with a known lag" in subtitle_text(spec)
    assert "median 23 days for Xi → Kim" in subtitle_text(spec)
    assert "median 14 days for Kim → Xi" in subtitle_text(spec)


def test_reply_lag_without_replies_says_so(ex):
    no_replies = ex[~ex["is_reply"]]
    spec = charts.reply_lag(no_replies).to_dict()
    view = layers(spec)[0]
    assert mark_type(view) == "text"
    assert "No replies" in data_of(spec, view)[0]["message"]


# --------------------------------------------------------------------------------------------------
# empty selections

@pytest.mark.parametrize("func, title", [
    (charts.timeline, "Messages between Xi Jinping and Kim Jong Un"),
    (charts.per_year, "Messages per year"),
    (charts.occasion_mix, "Occasion types per year"),
    (charts.reply_lag, "How long until the reply"),
])
def test_empty_selection_gives_a_no_messages_chart(func, title):
    spec = func(empty_exchanges()).to_dict()
    assert_no_message(spec, title)
    assert "<svg" in render.to_svg(spec)


def test_empty_tables_give_a_message_chart():
    for chart in (charts.occasion_grid(pd.DataFrame(columns=["name", "direction", "year", "status"])),
                  charts.phrase_heatmap(pd.DataFrame(columns=["label", "period", "rate", "n", "N"])),
                  charts.keyness_bars(pd.DataFrame(columns=["label", "log_ratio"]))):
        view = layers(chart.to_dict())[0]
        assert mark_type(view) == "text"


# --------------------------------------------------------------------------------------------------
# occasions grid

def grid_table():
    """Rows shaped like absences.expected_vs_observed: PRC founding (Kim writes, annual) 2013-2015,
    the treaty (both write, round: 2016 only), and an unexpected treaty message in 2014."""
    rows = [
        ("prc_founding", "PRC founding", "annual", 2013, "KP→CN", True, "on_time", "KX-20130930", "2013-09-30", "2013-10-01", -1),
        ("prc_founding", "PRC founding", "annual", 2014, "KP→CN", True, "late", "KX-20141010", "2014-10-10", "2014-10-01", 9),
        ("prc_founding", "PRC founding", "annual", 2015, "KP→CN", True, "absent", None, None, "2015-10-01", None),
        ("treaty", "Treaty", "round", 2014, "CN→KP", False, "on_time", "XK-20140711", "2014-07-11", "2014-07-11", 0),
        ("treaty", "Treaty", "round", 2016, "CN→KP", True, "timing_unknown", "XK-20160701", "2016-07-01", "2016-07-11", None),
        ("treaty", "Treaty", "round", 2016, "KP→CN", True, "absent", None, None, "2016-07-11", None),
    ]
    table = pd.DataFrame(rows, columns=["occasion_id", "name", "cadence", "year", "direction", "expected", "status",
                                        "message_id", "date_sent", "due_date", "lag_days"])
    for column in ("date_sent", "due_date"):
        table[column] = pd.to_datetime(table[column])
    table["year"] = table["year"].astype("Int64")
    table["lag_days"] = table["lag_days"].astype("Int64")
    return table


def test_occasion_cells_fill_the_grid_in_calendar_order():
    cells = charts.occasion_cells(grid_table())
    # calendar order: the treaty (11 July) before PRC founding (1 October); CN→KP before KP→CN
    assert list(dict.fromkeys(cells["row"])) == ["Xi → Kim · Treaty", "Kim → Xi · Treaty", "Kim → Xi · PRC founding"]
    assert sorted(set(cells["year"])) == [2013, 2014, 2015, 2016]
    assert len(cells) == 3 * 4
    status = {(r, y): s for r, y, s in zip(cells["row"], cells["year"], cells["status"])}
    assert status[("Kim → Xi · PRC founding", 2014)] == "late"
    assert status[("Kim → Xi · PRC founding", 2015)] == "absent"
    assert status[("Kim → Xi · PRC founding", 2016)] == "not_expected"      # no row: not expected
    assert status[("Xi → Kim · Treaty", 2014)] == "unexpected"              # sent where custom expects none
    assert status[("Xi → Kim · Treaty", 2015)] == "not_expected"
    assert status[("Xi → Kim · Treaty", 2016)] == "timing_unknown"
    late = cells[(cells["row"] == "Kim → Xi · PRC founding") & (cells["year"] == 2014)].iloc[0]
    assert (late["message_id"], late["date_sent"], late["due_date"], late["lag_days"]) == (
        "KX-20141010", "2014-10-10", "2014-10-01", "9")


def test_occasion_grid_cells_colours_and_tooltips():
    spec = charts.occasion_grid(grid_table()).to_dict()
    squares = the_layer(spec, "rect")
    enc = squares["encoding"]
    assert enc["x"]["field"] == "year" and enc["y"]["field"] == "row"
    assert enc["color"]["field"] == "status"
    assert enc["color"]["scale"]["domain"] == list(charts.STATUSES)
    assert enc["color"]["scale"]["range"] == list(charts.STATUSES.values())
    assert {"on_time", "late", "absent", "not_expected"} <= set(charts.STATUSES)
    tips = [t["field"] for t in enc["tooltip"]]
    assert {"occasion", "direction", "year", "status_label", "message_id", "date_sent", "due_date"} <= set(tips)
    assert len(data_of(spec, squares)) == 12
    crosses = the_layer(spec, "text")
    assert crosses["transform"] == [{"filter": {"field": "status", "equal": "absent"}}]
    assert subtitle_text(spec).startswith("3 of 5 expected messages sent (1 on time, 0 early, 1 late, "
                                          "1 timing unknown); 2 absent; 1 sent where custom expects none")


def test_occasion_grid_rejects_unknown_statuses():
    with pytest.raises(ValueError, match="missing"):
        charts.occasion_grid(grid_table().assign(status="missing"))


def test_occasion_grid_on_the_real_absences_table():
    absences = pytest.importorskip("dprk_china.absences")
    ex = dprk_china.load_exchanges()
    table = absences.expected_vs_observed(ex, dprk_china.load_occasions(), dprk_china.load_events(),
                                          as_of=dprk_china.load_reports()["date"].max())
    cells = charts.occasion_cells(table)
    expected = table[table["expected"]]
    assert int((cells["status"] == "absent").sum()) == int((expected["status"] == "absent").sum())
    spec = charts.occasion_grid(table).to_dict()
    assert len(data_of(spec, the_layer(spec, "rect"))) == len(cells) < 5000


# --------------------------------------------------------------------------------------------------
# rhetoric

def rates_table():
    """Shaped like rhetoric.presence_rates(by='period', lexicon=...): (period, concept) rows with n, N, rate."""
    return pd.DataFrame({
        "period": pd.Categorical(["cool_period"] * 3 + ["summitry"] * 3, categories=["cool_period", "summitry"],
                                 ordered=True),
        "concept_id": ["friendship", "blood", "unused"] * 2, "category": ["friendship"] * 6,
        "label": ["traditional friendship", "sealed in blood", "never quoted"] * 2,
        "n": [9, 2, 0, 5, 0, 0], "N": [10, 10, 10, 8, 8, 8], "rate": [0.9, 0.2, 0.0, 0.625, 0.0, 0.0],
    })


def test_phrase_heatmap_rates_and_counts():
    spec = charts.phrase_heatmap(rates_table()).to_dict()
    cells = the_layer(spec, "rect")
    enc = cells["encoding"]
    assert enc["x"]["field"] == "group" and enc["y"]["field"] == "concept"
    assert enc["x"]["sort"] == ["Cool period (n=10)", "Summitry (n=8)"]          # periods in time order
    assert enc["y"]["sort"] == ["traditional friendship", "sealed in blood"]    # most quoted first; unused left out
    assert enc["color"]["field"] == "rate" and enc["color"]["scale"]["domain"] == [0, 1]
    tips = [t["field"] for t in enc["tooltip"]]
    assert {"rate", "n", "N", "category"} <= set(tips)
    rows = data_of(spec, cells)
    assert [(r["concept"], r["group"], r["rate_text"], r["n"], r["N"]) for r in rows] == [
        ("traditional friendship", "Cool period (n=10)", "90%", 9, 10),
        ("sealed in blood", "Cool period (n=10)", "20%", 2, 10),
        ("traditional friendship", "Summitry (n=8)", "62%", 5, 8),
        ("sealed in blood", "Summitry (n=8)", "0%", 0, 8)]
    assert the_layer(spec, "text")["encoding"]["text"]["field"] == "rate_text"


def test_phrase_heatmap_top_and_direction_groups():
    rates = rates_table().rename(columns={"period": "direction"})
    rates["direction"] = ["CN→KP"] * 3 + ["KP→CN"] * 3
    spec = charts.phrase_heatmap(rates, group="direction", top=1).to_dict()
    enc = the_layer(spec, "rect")["encoding"]
    assert enc["x"]["sort"] == ["Xi → Kim (n=10)", "Kim → Xi (n=8)"]
    assert enc["y"]["sort"] == ["traditional friendship"]


def keyness_table():
    """Shaped like rhetoric.keyness(by='direction', a='CN→KP', b='KP→CN'): sorted by g2."""
    return pd.DataFrame({
        "concept_id": ["mountains", "comrades", "friendship"], "label": ["mountains and rivers", "comrades-in-arms",
                                                                           "traditional friendship"],
        "group_a": ["CN→KP"] * 3, "group_b": ["KP→CN"] * 3,
        "n_a": [13, 0, 8], "N_a": [46] * 3, "n_b": [1, 8, 8], "N_b": [55] * 3,
        "g2": [16.5, 10.3, 0.1], "p_value": [0.00005, 0.0013, 0.75], "log_ratio": [3.42, -3.83, 0.25],
    })


def test_keyness_bars_sorted_by_score_with_raw_counts_in_tooltips():
    spec = charts.keyness_bars(keyness_table()).to_dict()
    view = layers(spec)[0]
    assert mark_type(view) == "bar"
    assert view["encoding"]["x"]["field"] == "score"
    assert view["encoding"]["y"]["sort"] == ["mountains and rivers", "traditional friendship", "comrades-in-arms"]
    tips = [t["field"] for t in view["encoding"]["tooltip"]]
    assert {"n_a", "N_a", "n_b", "N_b", "g2", "p_value", "score"} <= set(tips)
    rows = data_of(spec, view)
    assert [(r["concept"], r["typical_of"], r["n_a"], r["n_b"]) for r in rows] == [
        ("mountains and rivers", "Xi → Kim (CN→KP)", 13, 1), ("traditional friendship", "Xi → Kim (CN→KP)", 8, 8),
        ("comrades-in-arms", "Kim → Xi (KP→CN)", 0, 8)]
    assert title_text(spec) == "Phrases typical of Xi → Kim (CN→KP) vs Kim → Xi (KP→CN)"


def test_keyness_bars_top_keeps_the_highest_g2():
    spec = charts.keyness_bars(keyness_table(), top=2).to_dict()
    assert {r["concept"] for r in data_of(spec, layers(spec)[0])} == {"mountains and rivers", "comrades-in-arms"}


def test_rhetoric_wrappers_on_real_data_and_empty_selections():
    pytest.importorskip("dprk_china.rhetoric")
    ex = dprk_china.load_exchanges()
    mp, lx = dprk_china.load_message_phrases(), dprk_china.load_lexicon()
    heat = charts.phrase_presence(ex, mp, lx, by="direction", top=10).to_dict()
    assert len(the_layer(heat, "rect")["encoding"]["y"]["sort"]) == 10
    keys = charts.phrase_keyness(ex, mp, lx).to_dict()
    assert mark_type(layers(keys)[0]) == "bar"
    for chart in (charts.phrase_presence(empty_exchanges(), mp, lx), charts.phrase_keyness(empty_exchanges(), mp, lx)):
        assert mark_type(layers(chart.to_dict())[0]) == "text"


# --------------------------------------------------------------------------------------------------
# the real data

def real_charts():
    ex = dprk_china.load_exchanges()
    events = dprk_china.load_events()
    out = {"timeline": charts.timeline(ex, events=events), "per_year": charts.per_year(ex),
           "occasion_mix": charts.occasion_mix(ex), "share": charts.occasion_mix(ex, share=True),
           "reply_lag": charts.reply_lag(ex)}
    try:
        from dprk_china import absences, rhetoric  # noqa: F401  (written in parallel; optional here)
    except ImportError:
        return out
    mp, lx = dprk_china.load_message_phrases(), dprk_china.load_lexicon()
    table = absences.expected_vs_observed(ex, dprk_china.load_occasions(), events,
                                          as_of=dprk_china.load_reports()["date"].max())
    out.update({"occasion_grid": charts.occasion_grid(table), "presence": charts.phrase_presence(ex, mp, lx),
                "keyness": charts.phrase_keyness(ex, mp, lx)})
    return out


def test_real_data_charts_are_plain_small_and_render_offline():
    for name, chart in real_charts().items():
        spec = chart.to_dict()
        assert {mark_type(v) for v in layers(spec)} <= PLAIN_MARKS, name
        for view in layers(spec):
            assert len(data_of(spec, view)) < 5000, name
        assert not re.search(r"\b(param|view)_\d+", json.dumps(spec)), name
        bundle = render.static_bundle(chart)
        assert bundle[render.VEGALITE_V5_MIME] == spec
        assert bundle[render.SVG_MIME].lstrip().startswith("<svg"), name


def test_charts_are_deterministic():
    first = {k: json.dumps(c.to_dict(), sort_keys=True) for k, c in real_charts().items()}
    second = {k: json.dumps(c.to_dict(), sort_keys=True) for k, c in real_charts().items()}
    assert first == second


def test_static_svg_is_laid_out_in_a_font_viewers_have_at_the_same_widths():
    spec = charts.per_year(make_exchanges(ROWS)).to_dict()
    svg = render.to_svg(spec)
    assert f'font-family="{render.STATIC_FONT}"' in svg and 'font-family="sans-serif"' not in svg
    assert "font" not in spec.get("config", {})              # the chart itself is not changed
    own = {**spec, "config": {**spec.get("config", {}), "font": "Georgia, serif"}}
    assert 'font-family="Georgia, serif"' in render.to_svg(own)


def test_altair_is_imported_without_jsonschemas_iri_parsers_and_nothing_else_changes():
    import subprocess
    import sys

    code = ("import sys; from dprk_china import charts; "
            "print('rfc3987_syntax' in sys.modules); "
            "import importlib.util; print(importlib.util.find_spec('rfc3987_syntax') is not None or 'absent'); "
            "print(charts.per_year.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False"          # jsonschema's optional parsers were not built ...
    assert out[1] in ("True", "absent")  # ... and the module is importable again (when installed) afterwards
    assert out[2] == "per_year"
    # With jsonschema already imported (by someone else), it is left as it is.
    code = "import jsonschema, sys; from dprk_china import charts; print(charts.alt.__name__)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "altair"


def test_inline_rows_are_the_rows_altair_makes_of_the_frame():
    from altair.utils.data import to_values

    frame = pd.DataFrame({
        "when": pd.to_datetime(["2019-06-20T00:00", None, "2021-01-01T12:30"]),
        "text": pd.array(["a", None, "c"], dtype="string"),
        "category": pd.Categorical(["x", None, "y"]),
        "count": [1, 2, 3],
        "nullable": pd.array([1, None, 3], dtype="Int64"),
        "ratio": [0.5, float("nan"), float("inf")],
        "flag": [True, False, True],
        "mixed": ["s", 4, None],
    })
    assert charts._inline(frame)["values"] == to_values(frame)["values"]
    assert json.dumps(charts._inline(frame))                  # plain JSON: no numpy or pandas scalars left
    assert charts._inline(frame.iloc[:0])["values"] == []


def test_timeline_spec_is_the_one_alt_layer_makes_of_its_views():
    ex, events = make_exchanges(ROWS), make_events(EVENTS)
    chart = charts.timeline(ex, events=events)
    spec = chart.to_dict()
    views = [alt.Chart.from_dict({**view, "data": {"values": spec["datasets"][view["data"]["name"]]}})
             for view in spec["layer"]]
    points = views[-1].add_params(alt.selection_point(name="occasion_pick", fields=["occasion_type"], bind="legend"))
    layered = alt.layer(*views[:-1], points, title=spec["title"], width=spec["width"], height=spec["height"])
    assert layered.to_dict() == spec
    assert [p.name for p in chart.params] == ["occasion_pick"]   # what a JupyterChart reads


def test_building_a_chart_leaves_altairs_debug_mode_as_it_was():
    before = alt.utils.schemapi.DEBUG_MODE
    charts.timeline(make_exchanges(ROWS))
    with pytest.raises(Exception):
        charts.per_year(pd.DataFrame({"nothing": [1]}))       # an error while building
    assert alt.utils.schemapi.DEBUG_MODE == before
