"""The filter panel: built headless, driven programmatically, charts and tables updated in place."""
import subprocess
import sys

import pandas as pd
import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("anywidget")

from dprk_china import charts, render, widgets  # noqa: E402
from fixtures import make_exchanges  # noqa: E402

ROWS = [
    dict(date_sent="2018-09-09", direction="CN→KP", occasion_type="anniversary_state", occasion="70th anniversary of the DPRK"),
    dict(date_sent="2018-09-15", direction="KP→CN", occasion_type="anniversary_state", in_reply_to="XK-20180909"),
    dict(date_sent="2019-01-01", direction="KP→CN", occasion_type="new_year", date_precision="year",
         medium="greeting_card", purpose="greeting", date_reported="2019-01-02"),
    dict(date_sent="2020-08-15", direction="KP→CN", occasion_type="disaster", occasion="Floods in Shanxi",
         medium="verbal_message", purpose="sympathy"),
    dict(date_sent="2021-10-10", direction="CN→KP", occasion_type="anniversary_party", occasion="76th anniversary of the WPK"),
]


@pytest.fixture
def ex():
    return make_exchanges(ROWS)


@pytest.fixture
def reports():
    return pd.DataFrame({"report_id": ["KX-20190101.r1"], "message_id": ["KX-20190101"],
                         "headline": ["Kim sends New Year card to Xi"]})


def per_year_counts(live):
    spec = live.spec
    rows = spec["datasets"][spec["data"]["name"]]
    return {(r["year"], r["direction"]): r["messages"] for r in rows}


def test_panel_builds_with_the_data_in_its_options(ex):
    panel = widgets.FilterPanel(ex)
    assert panel.date_range.options[0] == ("Sep 2018", "2018-09")
    assert panel.date_range.options[-1] == ("Oct 2021", "2021-10")
    assert panel.date_range.value == ("2018-09", "2021-10")
    assert panel.date_range.index == (0, len(panel.date_range.options) - 1)
    assert [code for _, code in panel.occasion_types.options] == [
        "disaster", "anniversary_party", "anniversary_state", "new_year"]      # vocabulary order, present only
    assert ("anniversary_state (2)", "anniversary_state") in panel.occasion_types.options
    assert panel.direction.value == "both"
    assert len(panel.filtered) == 5
    assert "<b>5</b> of 5" in panel.status.value


def test_changing_a_filter_updates_chart_and_table_in_place(ex):
    panel = widgets.FilterPanel(ex)
    live = panel.chart(charts.per_year)
    table = panel.table()
    assert isinstance(live, render.LiveChart)
    before_spec, before_table = live.spec, table.value
    assert sum(per_year_counts(live).values()) == 5
    panel.direction.value = "KP→CN"                         # as a user would, through the widget
    assert live.spec != before_spec
    counts = per_year_counts(live)
    assert sum(counts.values()) == 3
    assert all(n == 0 for (year, direction), n in counts.items() if direction == "CN→KP")
    assert table.value != before_table
    assert "KX-20200815" in table.value and "XK-20211010" not in table.value
    assert "<b>3</b> of 5" in panel.status.value
    assert isinstance(live.chart, type(charts.per_year(ex)))  # a new chart assigned, same widget


def test_every_control_filters(ex, reports):
    panel = widgets.FilterPanel(ex, reports=reports)
    panel.occasion_types.value = ("disaster", "new_year")
    assert list(panel.filtered["message_id"]) == ["KX-20190101", "KX-20200815"]
    panel.media.value = ("greeting_card",)
    assert list(panel.filtered["message_id"]) == ["KX-20190101"]
    panel.reset()
    panel.text.value = "card"                               # a headline, found through reports
    assert list(panel.filtered["message_id"]) == ["KX-20190101"]
    panel.reset()
    panel.date_range.value = ("2019-01", "2020-08")
    assert list(panel.filtered["message_id"]) == ["KX-20190101", "KX-20200815"]
    assert panel.values()["start"] == pd.Timestamp("2019-01-01")
    assert panel.values()["end"] == pd.Timestamp("2020-08-31")
    panel.reset()
    assert len(panel.filtered) == 5 and panel.values()["start"] is None and panel.values()["end"] is None


def test_no_match_shows_the_message_chart_and_an_empty_table(ex):
    panel = widgets.FilterPanel(ex)
    live = panel.chart(charts.timeline)
    table = panel.table()
    panel.text.value = "no such words anywhere"
    layer = live.spec["layer"][0] if "layer" in live.spec else live.spec
    assert layer["mark"]["type"] == "text"
    assert charts.NO_MATCH in str(live.spec["datasets"])
    assert "No messages match" in table.value and "No messages match" in panel.status.value
    panel.reset()
    assert "layer" in live.spec                              # back to the timeline


def test_set_changes_several_controls_with_one_redraw(ex):
    panel = widgets.FilterPanel(ex)
    calls = []
    panel.on_change(lambda frame: calls.append(len(frame)))
    panel.set(direction="CN→KP", occasion_types=["anniversary_party"])
    assert calls == [1]
    panel.reset()
    assert calls == [1, 5]
    with pytest.raises(TypeError):
        panel.set(colour="red")


def test_updates_never_display_new_outputs(ex, monkeypatch):
    import IPython.display

    panel = widgets.FilterPanel(ex)
    panel.chart(charts.per_year)
    panel.table()
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append(a))
    monkeypatch.setattr(IPython.display, "clear_output", lambda *a, **k: shown.append("clear"))
    panel.direction.value = "CN→KP"
    panel.text.value = "anniversary"
    assert shown == []


def test_html_and_callbacks_follow_the_filters(ex):
    panel = widgets.FilterPanel(ex)
    summary = panel.html(lambda frame: f"<p>{len(frame)} rows</p>")
    panel.direction.value = "CN→KP"
    assert summary.value == "<p>2 rows</p>"


def test_displays_carry_static_fallbacks(ex):
    panel = widgets.FilterPanel(ex)
    live = panel.chart(charts.per_year)
    table = panel.table()
    data = panel._repr_mimebundle_()
    assert data[render.WIDGET_MIME]["model_id"] == panel.box.model_id
    assert "needs a running kernel" in data["text/html"]
    data, _ = live._repr_mimebundle_()
    assert data[render.WIDGET_MIME]["model_id"] == live.model_id
    assert data[render.VEGALITE_V5_MIME] == live.spec
    assert data[render.SVG_MIME].lstrip().startswith("<svg")
    assert "0x" not in data["text/plain"]                   # no memory address in saved outputs
    data = table._repr_mimebundle_()
    assert "<table" in data["text/html"] and data[render.WIDGET_MIME]["model_id"] == table.model_id


def test_live_chart_is_offline():
    import altair as alt

    live = render.LiveChart(charts.no_data("x"))
    assert alt.JupyterChart._is_offline
    assert "esm.sh" not in live._esm                         # the instance's JavaScript is the bundled one
    assert len(live._esm) > 100_000


def test_live_chart_runs_the_in_place_front_end_offline():
    live = render.LiveChart(charts.no_data("x"))
    assert live._esm == render.live_chart_bundle()           # dprk_china/livechart.js, bundled
    assert "dprk_live_" in live._esm and "updateInPlace" in live._esm
    assert "esm.sh" not in live._esm and 'from"http' not in live._esm.replace(" ", "")  # nothing fetched
    assert len(live._esm) > 100_000                           # vega-embed, Vega and Vega-Lite inside


def test_live_chart_bundle_is_made_once_and_reused(tmp_path, monkeypatch):
    import vl_convert

    monkeypatch.setenv("DPRK_CHINA_CACHE", str(tmp_path))
    made = render.live_chart_bundle()
    path = render.live_chart_bundle_path()
    assert path.parent == tmp_path and path.read_text(encoding="utf-8") == made
    assert list(tmp_path.iterdir()) == [path]                 # no partial file left behind

    def no_bundling(*args, **kwargs):
        raise AssertionError("bundled again")

    monkeypatch.setattr(vl_convert, "javascript_bundle", no_bundling)
    assert render.live_chart_bundle() == made                 # read back, not bundled


@pytest.fixture
def online_again():
    """JupyterChart as a new kernel finds it (not yet offline), restored afterwards."""
    import altair as alt

    saved = alt.JupyterChart._esm, alt.JupyterChart._is_offline
    alt.JupyterChart._is_offline = False
    yield alt.JupyterChart
    alt.JupyterChart._esm, alt.JupyterChart._is_offline = saved


def test_offline_bundle_is_made_once_and_reused(online_again, tmp_path, monkeypatch):
    monkeypatch.setenv("DPRK_CHINA_CACHE", str(tmp_path))
    render.enable_offline_widgets()
    path = render.offline_bundle_path()
    assert path.parent == tmp_path and path.read_text(encoding="utf-8") == online_again._esm
    assert list(tmp_path.iterdir()) == [path]                 # no partial file left behind
    made = online_again._esm
    online_again._is_offline, online_again._esm = False, "online"
    calls = []
    monkeypatch.setattr(online_again, "enable_offline", classmethod(lambda cls: calls.append(1)))
    render.enable_offline_widgets()                            # a new kernel: read back, not bundled
    assert calls == [] and online_again._is_offline and online_again._esm == made


def test_offline_bundle_without_a_usable_cache(online_again, tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("DPRK_CHINA_CACHE", str(blocked))      # the cache cannot be made
    render.enable_offline_widgets()
    assert online_again._is_offline and "esm.sh" not in online_again._esm
    monkeypatch.setenv("DPRK_CHINA_CACHE", str(tmp_path))
    render.offline_bundle_path().write_text("")                # an empty cache file is not used
    online_again._is_offline = False
    render.enable_offline_widgets()
    assert len(online_again._esm) > 100_000


def test_render_enable_registers_the_offline_renderer():
    import altair as alt

    previous = alt.renderers.active
    try:
        render.enable()
        assert alt.renderers.active == render.RENDERER_NAME
        bundle = charts.per_year(make_exchanges(ROWS))._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        assert set(data) == {render.VEGALITE_V5_MIME, render.SVG_MIME, "text/plain"}
        assert data["text/plain"] == "<Altair chart: Messages per year>"
    finally:
        alt.renderers.enable(previous)


def test_the_pure_modules_do_not_import_altair_or_ipywidgets():
    code = ("import sys, dprk_china, dprk_china.filters; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'altair', 'ipywidgets', 'anywidget', 'vl_convert'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_redraw_gives_the_spec_altair_would_and_keeps_or_rebuilds_selections(ex):
    panel = widgets.FilterPanel(ex)
    live = panel.chart(charts.timeline)
    assert "occasion_pick" in live.selections.trait_names()
    panel.set(direction="KP→CN")                            # same params: the quick path
    assert live.spec == charts.timeline(panel.filtered).to_dict()  # what Altair's own handler would set
    panel.text.value = "no such words anywhere"              # the no-match chart has no params
    assert "occasion_pick" not in live.selections.trait_names()
    panel.reset()                                            # params back: rebuilt by Altair's handler
    assert "occasion_pick" in live.selections.trait_names()
    assert live.spec == charts.timeline(panel.filtered).to_dict()
