"""The filter panel every notebook uses: date range, direction, occasion types, medium, text search.

>>> import dprk_china
>>> from dprk_china import charts, widgets
>>> panel = widgets.FilterPanel(dprk_china.load_exchanges(), reports=dprk_china.load_reports())
>>> panel                                      # the controls                      # doctest: +SKIP
>>> panel.chart(charts.per_year)               # a chart redrawn in place          # doctest: +SKIP
>>> panel.table()                              # the matching messages             # doctest: +SKIP

When a control changes, the panel filters the exchanges once (:func:`dprk_china.filters.filter_exchanges`)
and updates what it drives *in place*: each chart by assigning ``live_chart.chart = new_chart`` (an
offline ``alt.JupyterChart``), each table and text by setting an HTML widget's value, and any callback
registered with :meth:`FilterPanel.on_change`. Nothing is re-displayed, no output is cleared (no
flicker; and no ``widgets.Output``/``@interact``, which stall headless execution).

Every displayed piece also carries a static fallback (the chart's SVG, the table's HTML) for viewers
without a kernel (GitHub, nbviewer, a saved notebook opened in JupyterLab).
"""
from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as W
import pandas as pd

from . import render
from .filters import filter_exchanges
from .metadata import VOCABULARIES

ALL_DIRECTIONS = "both"
DIRECTION_OPTIONS = [("both directions", ALL_DIRECTIONS), ("Xi → Kim (CN→KP)", "CN→KP"),
                     ("Kim → Xi (KP→CN)", "KP→CN")]

#: Columns of the message table, in order, with their headers.
TABLE_COLUMNS = {"date": "date sent", "direction": "direction", "medium": "medium",
                 "occasion_type": "occasion type", "occasion": "occasion", "message_id": "message_id",
                 "n_reports": "reports"}

_TABLE_STYLE = ("<style>.dprk-table{border-collapse:collapse;font-size:12px;width:100%}"
                ".dprk-table th,.dprk-table td{border-bottom:1px solid #ddd;padding:2px 6px;text-align:left;"
                "vertical-align:top}.dprk-table th{background:#f3f3f3}</style>")


def _month_options(dates: pd.Series) -> list[str]:
    known = dates.dropna()
    if known.empty:
        return ["(no dates)"]
    months = pd.period_range(known.min().to_period("M"), known.max().to_period("M"), freq="M")
    return [str(m) for m in months]


def _counted_options(values: pd.Series, vocabulary: str) -> list[tuple[str, str]]:
    """(label with count, code) for the codes of ``vocabulary`` present in ``values``."""
    counts = values.astype("string").value_counts()
    return [(f"{code} ({int(counts[code])})", code) for code in VOCABULARIES[vocabulary] if code in counts.index]


def _date_labels(exchanges: pd.DataFrame) -> list[str]:
    """date_sent at its precision: '2019-06-20', '2019-06' or '2019'."""
    precisions = (exchanges["date_precision"].astype(str).tolist() if "date_precision" in exchanges
                  else ["day"] * len(exchanges))
    out = []
    for date, p in zip(exchanges["date_sent"].tolist(), precisions):
        out.append("" if pd.isna(date) else f"{date:%Y}" if p == "year" else f"{date:%Y-%m}" if p == "month"
                   else f"{date:%Y-%m-%d}")
    return out


def messages_html(exchanges: pd.DataFrame, max_rows: int = 60, columns: dict[str, str] | None = None) -> str:
    """An HTML table of messages (newest first), at most ``max_rows`` rows, with a count line."""
    columns = columns or TABLE_COLUMNS
    n = len(exchanges)
    if n == 0:
        return "<p><b>No messages match the filters.</b></p>"
    frame = exchanges.sort_values(["date_sent", "message_id"], ascending=False, kind="stable").head(max_rows)
    cells_by_column = []
    for column in columns:                       # whole columns at once: a redraw should cost milliseconds
        if column == "date":
            values = _date_labels(frame)
        elif column in frame.columns:
            series = frame[column]
            values = series.astype(object).where(series.notna(), None).tolist()
        else:
            values = [None] * len(frame)
        cells_by_column.append(["<td></td>" if v is None else f"<td>{html.escape(str(v))}</td>" for v in values])
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    rows = ["<tr>" + "".join(cells) + "</tr>" for cells in zip(*cells_by_column)]
    shown = f"{n} message{'s' if n != 1 else ''}" + (f"; the newest {max_rows} shown" if n > max_rows else "")
    return (f"{_TABLE_STYLE}<p>{shown}</p><div style='max-height:480px;overflow-y:auto'>"
            f"<table class='dprk-table'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


class LiveHTML(W.HTML):
    """An HTML widget whose display carries its current HTML as a static fallback."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: live HTML; a static copy is saved with the notebook>"

    def _repr_mimebundle_(self, **kwargs):
        return render.widget_bundle(self, fallback_html=self.value, text=repr(self))


class FilterPanel:
    """Filter controls over the exchanges table that redraw charts and tables in place.

    Parameters
    ----------
    exchanges : DataFrame
        From :func:`dprk_china.load_exchanges`.
    reports : DataFrame, optional
        From :func:`dprk_china.load_reports`: the text search then also looks in headlines.

    Attributes
    ----------
    date_range, direction, occasion_types, media, text, reset_button : ipywidgets
        The controls. An empty occasion-type or medium selection means all of them.
    status : ipywidgets.HTML
        "N of M messages".
    filtered : DataFrame
        The rows that currently pass the filters.
    """

    def __init__(self, exchanges: pd.DataFrame, reports: pd.DataFrame | None = None):
        self.exchanges = exchanges
        self.reports = reports
        self._months = _month_options(exchanges["date_sent"])
        style = {"description_width": "90px"}
        labels = [pd.Period(m, freq="M").strftime("%b %Y") if m[:1].isdigit() else m for m in self._months]
        self.date_range = W.SelectionRangeSlider(
            options=list(zip(labels, self._months)), index=(0, len(self._months) - 1), description="sent between",
            continuous_update=False, style=style, layout=W.Layout(width="560px"))
        self.direction = W.Dropdown(options=DIRECTION_OPTIONS, value=ALL_DIRECTIONS, description="direction",
                                    style=style, layout=W.Layout(width="300px"))
        self.occasion_types = W.SelectMultiple(
            options=_counted_options(exchanges["occasion_type"], "occasion_type"), value=(), rows=7,
            description="occasion", style=style, layout=W.Layout(width="330px"))
        self.media = W.SelectMultiple(options=_counted_options(exchanges["medium"], "medium"), value=(), rows=5,
                                      description="medium", style=style, layout=W.Layout(width="260px"))
        self.text = W.Text(value="", placeholder="words in occasion, notes or headlines", description="search",
                           continuous_update=False, style=style, layout=W.Layout(width="400px"))
        self.reset_button = W.Button(description="Reset filters", layout=W.Layout(width="120px"))
        self.status = LiveHTML()
        self._charts: list[tuple[render.LiveChart, Callable, dict]] = []
        self._callbacks: list[Callable[[pd.DataFrame], None]] = []
        self._holding = False
        self.filtered = self._filter()
        self.status.value = self._status_html()
        for control in self.controls:
            control.observe(self._on_change, names="value")
        self.reset_button.on_click(lambda _: self.reset())
        hint = W.HTML("<small>No occasion or medium selected means all of them; ctrl/cmd-click to choose "
                      "several.</small>")
        self.box = W.VBox([
            W.HBox([self.date_range, self.direction]),
            W.HBox([self.occasion_types, self.media]),
            W.HBox([self.text, self.reset_button]),
            hint, self.status,
        ], layout=W.Layout(border="1px solid #ddd", padding="6px"))

    # ---------------------------------------------------------------------------------------------
    @property
    def controls(self) -> list[W.Widget]:
        return [self.date_range, self.direction, self.occasion_types, self.media, self.text]

    def values(self) -> dict:
        """The current filters as keyword arguments of :func:`dprk_china.filters.filter_exchanges`."""
        lo, hi = self.date_range.value
        start = end = None
        if lo != self._months[0]:
            start = pd.Period(lo, freq="M").start_time
        if hi != self._months[-1]:
            end = pd.Period(hi, freq="M").end_time.normalize()
        direction = self.direction.value
        return {
            "start": start, "end": end,
            "directions": None if direction == ALL_DIRECTIONS else [direction],
            "occasion_types": list(self.occasion_types.value) or None,
            "media": list(self.media.value) or None,
            "text": self.text.value.strip() or None,
        }

    def _filter(self) -> pd.DataFrame:
        return filter_exchanges(self.exchanges, reports=self.reports, **self.values())

    def _status_html(self) -> str:
        n, total = len(self.filtered), len(self.exchanges)
        if n == 0:
            return "<b>No messages match the filters.</b>"
        return f"<b>{n}</b> of {total} messages match the filters."

    # ---------------------------------------------------------------------------------------------
    def chart(self, func: Callable[..., object], **kwargs) -> render.LiveChart:
        """A live chart of ``func(filtered_exchanges, **kwargs)`` (a function of :mod:`dprk_china.charts`
        or your own), redrawn in place whenever the filters change. Display the returned widget."""
        live = render.LiveChart(func(self.filtered, **kwargs))
        self._charts.append((live, func, kwargs))
        return live

    def table(self, max_rows: int = 60, columns: dict[str, str] | None = None) -> LiveHTML:
        """An HTML table of the matching messages (newest first), updated in place."""
        widget = LiveHTML(value=messages_html(self.filtered, max_rows, columns))
        self.on_change(lambda frame: setattr(widget, "value", messages_html(frame, max_rows, columns)))
        return widget

    def html(self, func: Callable[[pd.DataFrame], str]) -> LiveHTML:
        """An HTML widget showing ``func(filtered_exchanges)`` (a string of HTML), updated in place."""
        widget = LiveHTML(value=func(self.filtered))
        self.on_change(lambda frame: setattr(widget, "value", func(frame)))
        return widget

    def on_change(self, callback: Callable[[pd.DataFrame], None]) -> None:
        """Call ``callback(filtered_exchanges)`` after every change of the filters."""
        self._callbacks.append(callback)

    def set(self, **values) -> None:
        """Set several controls at once with one redraw, e.g. ``panel.set(direction="KP→CN", text="flood")``.

        Keys: ``date_range`` (a pair of 'YYYY-MM'), ``direction`` ('both', 'CN→KP', 'KP→CN'),
        ``occasion_types`` and ``media`` (lists of codes), ``text``.
        """
        unknown = set(values) - {"date_range", "direction", "occasion_types", "media", "text"}
        if unknown:
            raise TypeError(f"unknown control(s): {sorted(unknown)}")
        self._holding = True
        try:
            for name, value in values.items():
                widget = getattr(self, name)
                widget.value = tuple(value) if name in ("date_range", "occasion_types", "media") else value
        finally:
            self._holding = False
        self.refresh()

    def reset(self) -> None:
        """All filters off (one redraw)."""
        self.set(date_range=(self._months[0], self._months[-1]), direction=ALL_DIRECTIONS, occasion_types=(),
                 media=(), text="")

    def refresh(self) -> None:
        """Filter again and update every chart, table and callback in place."""
        self.filtered = self._filter()
        self.status.value = self._status_html()
        for live, func, kwargs in self._charts:
            live.chart = func(self.filtered, **kwargs)
        for callback in self._callbacks:
            callback(self.filtered)

    def _on_change(self, change) -> None:
        if not self._holding:
            self.refresh()

    # ---------------------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"<FilterPanel: {len(self.filtered)} of {len(self.exchanges)} messages>"

    def _repr_mimebundle_(self, **kwargs):
        fallback = ("<p><i>Filter panel (date range, direction, occasion types, medium, search): it needs a "
                    "running kernel. Run the notebook to use it.</i></p>")
        return render.widget_bundle(self.box, fallback_html=fallback, text=repr(self))


# -------------------------------------------------------------------------------------------------
# Pasting an article

#: Columns of the extracted-records table, with their headers.
RECORD_COLUMNS = {"direction": "direction", "date_sent": "date sent", "date_precision": "precision",
                  "medium": "medium", "purpose": "purpose", "occasion_type": "occasion type",
                  "is_reply": "reply", "mentioned_in_passing": "in passing", "phrases": "stock phrases",
                  "evidence": "evidence"}


def records_frame(records: list[dict]) -> pd.DataFrame:
    """The records of :func:`dprk_china.extract_messages` as a table, one row per proposed message,
    with a ``direction`` column (CN→KP / KP→CN) and phrases joined by ';'."""
    directions = {"Xi Jinping": "CN→KP", "Kim Jong Un": "KP→CN"}
    rows = []
    for record in records:
        row = {column: record.get(column) for column in RECORD_COLUMNS}
        row["direction"] = directions.get(record.get("sender"), f"{record.get('sender')} → {record.get('recipient')}")
        if isinstance(row["phrases"], (list, tuple)):
            row["phrases"] = "; ".join(map(str, row["phrases"]))
        rows.append(row)
    return pd.DataFrame(rows, columns=list(RECORD_COLUMNS))


def records_html(records: list[dict], max_evidence: int = 240) -> str:
    """An HTML table of extracted records (or a line saying the text reports no message)."""
    if not records:
        return "<p><b>No Xi–Kim message found in the text.</b></p>"
    frame = records_frame(records)
    head = "".join(f"<th>{html.escape(label)}</th>" for label in RECORD_COLUMNS.values())
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(RECORD_COLUMNS, row):
            text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
            if column == "evidence" and len(text) > max_evidence:
                text = text[:max_evidence] + "…"
            cells.append(f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    n = len(records)
    return (f"{_TABLE_STYLE}<p>{n} message{'s' if n != 1 else ''} found.</p><table class='dprk-table'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


class ArticleBox:
    """Paste an article, press *Extract*: the proposed message records appear as a table (in place).

    ``extract`` defaults to :func:`dprk_china.extract_messages`; ``text`` and ``published`` pre-fill
    the box (the table then shows their records at once).
    """

    def __init__(self, text: str = "", published: str | None = None, extract: Callable | None = None):
        if extract is None:
            from . import extract_messages as extract
        self._extract = extract
        self.text = W.Textarea(value=text, placeholder="Paste the text of a news article (Xinhua, KCNA, Yonhap, ...)",
                               layout=W.Layout(width="760px", height="180px"))
        self.published = W.Text(value=published or "", placeholder="YYYY-MM-DD", description="published",
                                layout=W.Layout(width="260px"))
        self.button = W.Button(description="Extract", button_style="primary")
        self.result = LiveHTML()
        self.records: list[dict] = []
        self.button.on_click(lambda _: self.run())
        self.box = W.VBox([self.text, W.HBox([self.published, self.button])])
        if text:
            self.run()

    def run(self) -> list[dict]:
        """Extract from the current text and update the table."""
        self.records = self._extract(self.text.value, published=self.published.value.strip() or None)
        self.result.value = records_html(self.records)
        return self.records

    def frame(self) -> pd.DataFrame:
        """The current records as a DataFrame (:func:`records_frame`)."""
        return records_frame(self.records)

    def __repr__(self) -> str:
        return f"<ArticleBox: {len(self.records)} records>"

    def _repr_mimebundle_(self, **kwargs):
        fallback = "<p><i>Article box: paste a text and press Extract (needs a running kernel).</i></p>"
        return render.widget_bundle(self.box, fallback_html=fallback, text=repr(self))
