"""Charts of the correspondence: functions that take data frames and return Altair charts.

They never display anything: show a chart by leaving it as a cell's last expression (after
:func:`dprk_china.render.enable` for offline and static display), save it with ``chart.save(...)``,
or hand the function to a filter panel (:mod:`dprk_china.widgets`), which redraws it in place.

Every chart is aggregated or per-message (far under Altair's 5,000-row limit), uses only plain marks
(bar, rect, rule, point, text, layers: the Vega-Lite library bundled with JupyterLab and Voila draws
them), names its params explicitly, keeps the colours of a vocabulary fixed across selections (the
scale domain is the whole vocabulary) and, for an empty selection, returns a chart saying
"No messages match the filters" instead of raising.

>>> import dprk_china
>>> from dprk_china import charts
>>> charts.timeline(dprk_china.load_exchanges(), events=dprk_china.load_events())   # doctest: +SKIP
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ._altair import alt
from .metadata import VOCABULARIES

DIRECTIONS = list(VOCABULARIES["direction"])
OCCASION_TYPES = list(VOCABULARIES["occasion_type"])
MEDIA = list(VOCABULARIES["medium"])

DIRECTION_LABELS = {"CN→KP": "Xi → Kim (CN→KP)", "KP→CN": "Kim → Xi (KP→CN)"}
DIRECTION_COLORS = ["#c0392b", "#2c6fbb"]  # CN→KP red, KP→CN blue, in DIRECTIONS order
OCCASION_SCHEME = "tableau20"

#: Cell statuses of the expected-vs-observed occasion grid, in legend order, with their colours.
STATUSES = {"on_time": "#2e8b57", "early": "#8fc98f", "late": "#f0a202", "timing_unknown": "#c9b458",
            "absent": "#c0392b", "pending": "#b9c7e6", "unexpected": "#7b4ea3", "not_expected": "#eeeeee"}
STATUS_LABELS = {"on_time": "sent on time", "early": "sent early", "late": "sent late",
                 "timing_unknown": "sent (timing unknown)", "absent": "absent: no message found",
                 "pending": "pending (window open)", "unexpected": "sent, not customary", "not_expected": "not expected"}

#: Bins of the reply-lag chart: (label, upper bound in days, inclusive).
LAG_BINS = [("same day", 0), ("1 day", 1), ("2–3 days", 3), ("4–7 days", 7), ("8–14 days", 14),
            ("15–30 days", 30), ("over 30 days", None)]

NO_MATCH = "No messages match the filters"
WIDTH = 560  # fits a JupyterLab output area at 1280 px with the legend beside


# --------------------------------------------------------------------------------------------------
# helpers

def _built_unchecked(func):
    """Build the chart without Altair's check of every schema object as it is made (its "debug
    mode"): the chart functions' specs are checked whole by ``to_dict()`` (and by the tests), and the
    object-by-object checks cost about a quarter of a redraw. Their output is the same."""
    @functools.wraps(func)
    def build(*args, **kwargs):
        with alt.utils.schemapi.debug_mode(False):
            return func(*args, **kwargs)
    return build


@_built_unchecked
def no_data(title: str, message: str = NO_MATCH, width: int = WIDTH, height: int = 120) -> alt.Chart:
    """A chart that says ``message`` (what a chart function returns for an empty selection)."""
    frame = pd.DataFrame({"message": [message]})
    return alt.Chart(_inline(frame), title=title).mark_text(fontSize=15, color="#666").encode(
        text=alt.Text("message:N")).properties(width=width, height=height)


def _direction_color(legend: bool = True) -> alt.Color:
    return alt.Color("direction:N", title="direction",
                     scale=alt.Scale(domain=DIRECTIONS, range=DIRECTION_COLORS),
                     legend=alt.Legend(orient="top", labelExpr=_label_expr(DIRECTION_LABELS)) if legend else None)


def _label_expr(labels: dict[str, str]) -> str:
    """A Vega expression mapping codes to legend labels."""
    parts = " : ".join(f"datum.label === '{code}' ? '{label}'" for code, label in labels.items())
    return f"{parts} : datum.label"


def _occasion_color(title: str = "occasion type") -> alt.Color:
    return alt.Color("occasion_type:N", title=title,
                     scale=alt.Scale(domain=OCCASION_TYPES, scheme=OCCASION_SCHEME))


def _date_label(dates: pd.Series, precision: pd.Series | None) -> list[str]:
    """ISO date at its precision: '2019-06-20', '2019-06' (month) or '2019' (year)."""
    precisions = precision.astype(str).tolist() if precision is not None else ["day"] * len(dates)
    out = []
    for date, prec in zip(dates.tolist(), precisions):
        if pd.isna(date):
            out.append("")
        elif prec == "year":
            out.append(f"{date:%Y}")
        elif prec == "month":
            out.append(f"{date:%Y-%m}")
        else:
            out.append(f"{date:%Y-%m-%d}")
    return out


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals and nullable dtypes as plain objects (clean JSON: None, not NaN)."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[column] = series
        else:
            values = series.astype(object)
            out[column] = values.where(series.notna(), None)
    return out.reset_index(drop=True)


def _inline(frame: pd.DataFrame) -> dict:
    """``frame`` as inline data for ``alt.Chart`` (``{"values": rows}``): the rows Altair makes of a
    DataFrame (ISO datetimes, "" for NaT, None for missing values and float infinities), made column
    by column. Altair's own conversion copies and checks the frame on every chart: several
    milliseconds a frame, on every redraw of a filter panel. The spec is the same either way."""
    columns = []
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_datetime64_any_dtype(series):
            columns.append(["" if pd.isna(value) else value.isoformat() for value in series.tolist()])
            continue
        values = series.to_numpy(dtype=object, na_value=None, copy=True)  # writable: infinities go next
        if isinstance(series.dtype, np.dtype) and series.dtype.kind == "f":
            values[np.isinf(series.to_numpy())] = None
        columns.append(values.tolist())
    names = [str(name) for name in frame.columns]
    return {"values": [dict(zip(names, row)) for row in zip(*columns)]}


def _directions_of(exchanges: pd.DataFrame) -> pd.Series:
    if "direction" in exchanges.columns:
        return exchanges["direction"].astype("string")
    return exchanges["sender"].astype("string").map({"Xi Jinping": "CN→KP", "Kim Jong Un": "KP→CN"})


def _years(exchanges: pd.DataFrame) -> pd.Series:
    if "year" in exchanges.columns:
        return exchanges["year"].astype("Int64")
    return exchanges["date_sent"].dt.year.astype("Int64")


def _year_range(years: pd.Series, start_year=None, end_year=None) -> list[int]:
    known = years.dropna()
    lo = int(start_year) if start_year is not None else (int(known.min()) if len(known) else None)
    hi = int(end_year) if end_year is not None else (int(known.max()) if len(known) else None)
    if lo is None or hi is None:
        return []
    return list(range(lo, hi + 1))


def _n_messages(n: int) -> str:
    return f"{n} message" + ("" if n == 1 else "s")


# --------------------------------------------------------------------------------------------------
# messages over time

@_built_unchecked
def timeline(exchanges: pd.DataFrame, events: pd.DataFrame | None = None, *,
             title: str = "Messages between Xi Jinping and Kim Jong Un", width: int = WIDTH) -> alt.Chart:
    """One point per message on a time axis, a row per direction, coloured by occasion type and
    shaped by medium; summits from ``events`` as dashed rules and party congresses as shaded bands.

    Tooltips give the date (at its precision), medium, occasion and message_id. Clicking an
    occasion type in the legend highlights it (param ``occasion_pick``). Events outside the span of
    the messages shown are left out.
    """
    if exchanges is None or len(exchanges) == 0:
        return no_data(title, width=width, height=140)
    data = pd.DataFrame({
        "message_id": exchanges["message_id"].astype("string"),
        "date_sent": exchanges["date_sent"],
        "date": _date_label(exchanges["date_sent"], exchanges.get("date_precision")),
        "direction": _directions_of(exchanges),
        "medium": exchanges["medium"].astype("string"),
        "purpose": exchanges["purpose"].astype("string"),
        "occasion_type": exchanges["occasion_type"].astype("string"),
        "occasion": exchanges["occasion"].astype("string"),
    })
    data = data.sort_values(["date_sent", "message_id"], kind="stable")
    points = alt.Chart().mark_point(size=90, filled=True, strokeWidth=1).encode(
        x=alt.X("date_sent:T", title="date sent", axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("direction:N", title=None, scale=alt.Scale(domain=DIRECTIONS),
                axis=alt.Axis(labelExpr=_label_expr(DIRECTION_LABELS))),
        color=_occasion_color(),
        shape=alt.Shape("medium:N", title="medium", scale=alt.Scale(domain=MEDIA)),
        # a condition object, not alt.condition(): the latter costs a schema lookup on every redraw
        opacity=alt.OpacityValue(0.12, condition={"param": "occasion_pick", "value": 0.85, "empty": True}),
        tooltip=[alt.Tooltip("date:N", title="date sent"), alt.Tooltip("direction:N"),
                 alt.Tooltip("medium:N"), alt.Tooltip("purpose:N"), alt.Tooltip("occasion_type:N", title="occasion type"),
                 alt.Tooltip("occasion:N"), alt.Tooltip("message_id:N", title="message_id")],
    ).properties(name="timeline_points")  # a fixed view name: stable specs run to run
    layers, layer_data = [], []
    if events is not None and len(events):
        lo = data["date_sent"].min() - pd.Timedelta(days=31)
        hi = data["date_sent"].max() + pd.Timedelta(days=31)
        shown = events[(events["date_end"] >= lo) & (events["date_start"] <= hi)]
        kinds = shown["event_type"].astype("string")
        congresses = shown[(kinds == "party_congress").to_numpy()]
        summits = shown[(kinds == "summit").to_numpy()]
        if len(congresses):
            layer_data.append(pd.DataFrame({
                "date_start": congresses["date_start"],
                "date_after": congresses["date_end"] + pd.Timedelta(days=1),
                "event": congresses["title"].astype("string"),
                "dates": [f"{s:%Y-%m-%d} – {e:%Y-%m-%d}" for s, e in zip(congresses["date_start"], congresses["date_end"])],
            }))
            layers.append(alt.Chart().mark_rect(color="#8e6c8a", opacity=0.25, stroke="#8e6c8a", strokeWidth=1).encode(
                x=alt.X("date_start:T"), x2=alt.X2("date_after:T"),
                tooltip=[alt.Tooltip("event:N", title="party congress"), alt.Tooltip("dates:N")]))
        if len(summits):
            layer_data.append(pd.DataFrame({
                "date_start": summits["date_start"],
                "event": summits["title"].astype("string"),
                "dates": [f"{s:%Y-%m-%d} – {e:%Y-%m-%d}" for s, e in zip(summits["date_start"], summits["date_end"])],
            }))
            layers.append(alt.Chart().mark_rule(color="#444", strokeDash=[4, 3], strokeWidth=1.2).encode(
                x=alt.X("date_start:T"), tooltip=[alt.Tooltip("event:N", title="summit"), alt.Tooltip("dates:N")]))
    subtitle = _n_messages(len(data)) + ("; dashed lines: summits, shaded: party congresses" if layers else "")
    chart = alt.layer(*layers, points, title=alt.Title(title, subtitle=subtitle), width=width, height=150)
    # The data and the legend selection are attached to the layer as alt.layer() would have placed
    # them: handed to alt.layer(), the rows would be deep-copied and the param validated and lifted
    # on every redraw (about half of this function's time).
    for view, frame in zip(chart.layer, [*layer_data, data]):
        view.data = _inline(frame)
    chart.params = [alt.TopLevelSelectionParameter(
        name="occasion_pick", select=alt.PointSelectionConfig(type="point", fields=["occasion_type"]),
        bind="legend", views=["timeline_points"])]
    return chart


@_built_unchecked
def per_year(exchanges: pd.DataFrame, *, start_year: int | None = None, end_year: int | None = None,
             title: str = "Messages per year", width: int = WIDTH) -> alt.Chart:
    """Bars of messages per year, stacked by direction; years without a message show as gaps at zero."""
    if exchanges is None or len(exchanges) == 0:
        return no_data(title, width=width)
    years = _years(exchanges)
    grid = pd.MultiIndex.from_product([_year_range(years, start_year, end_year), DIRECTIONS],
                                      names=["year", "direction"])
    counts = (pd.DataFrame({"year": years, "direction": _directions_of(exchanges)})
              .dropna().groupby(["year", "direction"]).size())
    counts.index = counts.index.set_levels(counts.index.levels[0].astype(int), level=0)
    table = counts.reindex(grid, fill_value=0).rename("messages").reset_index()
    table["year"] = table["year"].astype(int)
    table["messages"] = table["messages"].astype(int)
    return alt.Chart(_inline(table), title=alt.Title(title, subtitle=_n_messages(len(exchanges)))).mark_bar().encode(
        x=alt.X("year:O", title="year"),
        y=alt.Y("messages:Q", title="messages", axis=alt.Axis(tickMinStep=1)),
        color=_direction_color(),
        order=alt.Order("direction:N"),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("direction:N"), alt.Tooltip("messages:Q")],
    ).properties(width=width, height=220)


@_built_unchecked
def occasion_mix(exchanges: pd.DataFrame, *, share: bool = False, start_year: int | None = None,
                 end_year: int | None = None, title: str | None = None, width: int = WIDTH) -> alt.Chart:
    """Messages per year stacked by occasion type (``share=True``: each year's bar as shares of 100%)."""
    title = title or ("Occasion types per year (share of the year's messages)" if share
                      else "Occasion types per year")
    if exchanges is None or len(exchanges) == 0:
        return no_data(title, width=width)
    years = _years(exchanges)
    table = (pd.DataFrame({"year": years, "occasion_type": exchanges["occasion_type"].astype("string")})
             .dropna().groupby(["year", "occasion_type"]).size().rename("messages").reset_index())
    table["year"] = table["year"].astype(int)
    table["messages"] = table["messages"].astype(int)
    table["share"] = table["messages"] / table.groupby("year")["messages"].transform("sum")
    table["rank"] = table["occasion_type"].map({c: i for i, c in enumerate(OCCASION_TYPES)}).astype(int)
    return alt.Chart(_inline(table), title=alt.Title(title, subtitle=_n_messages(len(exchanges)))).mark_bar().encode(
        x=alt.X("year:O", title="year", scale=alt.Scale(domain=_year_range(years, start_year, end_year))),
        y=alt.Y("messages:Q", stack="normalize" if share else "zero",
                title="share of messages" if share else "messages",
                axis=alt.Axis(format="%" if share else "d", tickMinStep=alt.Undefined if share else 1)),
        color=_occasion_color(),
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("occasion_type:N", title="occasion type"),
                 alt.Tooltip("messages:Q"), alt.Tooltip("share:Q", format=".0%", title="share of the year")],
    ).properties(width=width, height=240)


@_built_unchecked
def reply_lag(exchanges: pd.DataFrame, *, title: str = "How long until the reply",
              width: int = WIDTH) -> alt.Chart:
    """Replies by days between the (latest) message answered and the reply, binned, stacked by the
    direction of the reply. Only replies whose lag is known to the day (``reply_lag_days``) count."""
    if exchanges is None or len(exchanges) == 0:
        return no_data(title, width=width)
    lags = exchanges["reply_lag_days"] if "reply_lag_days" in exchanges.columns else pd.Series(dtype="Int64")
    known = lags.notna().to_numpy()
    if not known.any():
        return no_data(title, message="No replies with a known lag among the messages shown", width=width)
    frame = pd.DataFrame({"lag": lags[known].astype(int).to_numpy(),
                          "direction": _directions_of(exchanges)[known].to_numpy()})
    labels = [label for label, _ in LAG_BINS]

    def bin_of(days: int) -> str:
        for label, upper in LAG_BINS:
            if upper is None or days <= upper:
                return label
        return labels[-1]

    frame["lag_bin"] = [bin_of(d) for d in frame["lag"]]
    table = frame.groupby(["lag_bin", "direction"]).agg(replies=("lag", "size"), median_days=("lag", "median"),
                                                       min_days=("lag", "min"), max_days=("lag", "max")).reset_index()
    table["replies"] = table["replies"].astype(int)
    medians = frame.groupby("direction")["lag"].median()
    parts = [f"median {medians[d]:g} days for {DIRECTION_LABELS[d]}" for d in DIRECTIONS if d in medians.index]
    subtitle = f"{len(frame)} replies with a known lag; " + ", ".join(parts)
    return alt.Chart(_inline(table), title=alt.Title(title, subtitle=subtitle)).mark_bar().encode(
        x=alt.X("lag_bin:O", title="days from the message answered to the reply", sort=labels,
                scale=alt.Scale(domain=labels)),
        y=alt.Y("replies:Q", title="replies", axis=alt.Axis(tickMinStep=1)),
        color=_direction_color(),
        order=alt.Order("direction:N"),
        tooltip=[alt.Tooltip("lag_bin:O", title="lag"), alt.Tooltip("direction:N", title="reply direction"),
                 alt.Tooltip("replies:Q"), alt.Tooltip("min_days:Q", title="shortest (days)"),
                 alt.Tooltip("max_days:Q", title="longest (days)")],
    ).properties(width=width, height=220)


# --------------------------------------------------------------------------------------------------
# occasions: expected vs observed

SHORT_DIRECTIONS = {"CN→KP": "Xi → Kim", "KP→CN": "Kim → Xi"}
_STATUS_PRIORITY = ["absent", "late", "timing_unknown", "early", "on_time", "pending", "unexpected"]


def occasion_cells(table: pd.DataFrame, start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """The cells of :func:`occasion_grid`: one row per (occasion and direction, year).

    ``table`` is :func:`dprk_china.absences.expected_vs_observed`'s table (columns ``name``,
    ``direction``, ``year``, ``status``, ``expected`` and, when present, ``message_id``, ``due_date``,
    ``date_sent``, ``date_precision``, ``lag_days``, ``cadence``). A row with ``expected`` False (a
    message custom did not call for) gives the status ``unexpected``; a year with no row gives
    ``not_expected``. Several rows in one cell (rare: two events of one kind in a year) keep the
    most telling status (absent, late, timing unknown, early, on time, pending, unexpected) and
    list all their messages.
    """
    columns = ["row", "occasion", "direction", "year", "status", "status_label", "message_id", "date_sent",
               "due_date", "lag_days", "order"]
    if table is None or len(table) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    t = table.copy()
    expected = t["expected"].astype(bool) if "expected" in t else pd.Series(True, index=t.index)
    t["cell_status"] = t["status"].astype("string").where(expected.to_numpy(), "unexpected")
    bad = sorted(set(t["cell_status"].dropna()) - set(STATUSES))
    if bad:
        raise ValueError(f"unknown status value(s) {bad}; expected {list(STATUSES)}")
    t["direction"] = t["direction"].astype("string")
    # direction first: a long occasion name is truncated on the axis, the direction stays readable
    t["row"] = t["direction"].map(SHORT_DIRECTIONS).astype("string") + " · " + t["name"].astype("string")
    # calendar order (by the day of the year the occasion falls due), occasions following events last
    due = t["due_date"] if "due_date" in t else pd.Series(pd.NaT, index=t.index)
    on_event = (t["cadence"].astype("string") == "on_event").fillna(False) if "cadence" in t else \
        pd.Series(False, index=t.index)
    t["order"] = [(1 if ev else 0, 0 if pd.isna(d) else d.month * 100 + d.day, str(n), str(dr))
                  for ev, d, n, dr in zip(on_event, due, t["name"], t["direction"])]
    order = t.groupby("row")["order"].min().sort_values()
    rows_in_order = list(order.index)
    years = _year_range(t["year"].astype("Int64"), start_year, end_year)
    by_cell: dict[tuple, list] = {}
    for i, (row, year) in enumerate(zip(t["row"], t["year"])):
        if not pd.isna(year):
            by_cell.setdefault((row, int(year)), []).append(i)
    info = {row: (t["name"].iloc[i], t["direction"].iloc[i]) for i, row in enumerate(t["row"])}

    def text_of(column: str, indices: list[int], fmt=None) -> str:
        if column not in t:
            return ""
        values = [t[column].iloc[i] for i in indices]
        return "; ".join((fmt(v) if fmt else str(v)) for v in values if not pd.isna(v))

    day = lambda d: f"{d:%Y-%m-%d}"  # noqa: E731
    out = []
    for row in rows_in_order:
        name, direction = info[row]
        for year in years:
            indices = by_cell.get((row, year), [])
            if indices:
                statuses = [t["cell_status"].iloc[i] for i in indices]
                status = min(statuses, key=_STATUS_PRIORITY.index)
            else:
                status = "not_expected"
            out.append({"row": row, "occasion": name, "direction": direction, "year": year, "status": status,
                        "status_label": STATUS_LABELS[status],
                        "message_id": text_of("message_id", indices), "date_sent": text_of("date_sent", indices, day),
                        "due_date": text_of("due_date", indices, day), "lag_days": text_of("lag_days", indices),
                        "order": rows_in_order.index(row)})
    return pd.DataFrame(out, columns=columns)


@_built_unchecked
def occasion_grid(table: pd.DataFrame, *, start_year: int | None = None, end_year: int | None = None,
                  title: str = "Customary occasions: was the expected message sent?",
                  width: int | None = None) -> alt.LayerChart | alt.Chart:
    """A grid of (occasion, direction) × year cells coloured by what happened: sent on time, early,
    late, timing unknown, absent, pending, a message custom did not call for, or not expected.

    ``table`` is the expected-vs-observed table of :func:`dprk_china.absences.expected_vs_observed`
    (see :func:`occasion_cells` for the columns used). Absent cells carry a cross so the grid reads
    in grey scale too; tooltips give the message, its date, the due date and the lag.
    """
    cells = occasion_cells(table, start_year, end_year)
    if cells.empty:
        return no_data(title, message="No customary occasions in the selection", width=width or WIDTH)
    rows = list(dict.fromkeys(cells["row"]))
    years = sorted(set(int(y) for y in cells["year"]))
    width = width or max(300, 30 * len(years))
    data = _plain(cells)
    base = alt.Chart(_inline(data)).encode(
        x=alt.X("year:O", title=None, scale=alt.Scale(domain=years), axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("row:N", title=None, sort=rows, scale=alt.Scale(domain=rows), axis=alt.Axis(labelLimit=280)),
    )
    tips = [alt.Tooltip("occasion:N"), alt.Tooltip("direction:N"), alt.Tooltip("year:O"),
            alt.Tooltip("status_label:N", title="status"), alt.Tooltip("message_id:N", title="message_id"),
            alt.Tooltip("date_sent:N", title="sent"), alt.Tooltip("due_date:N", title="due"),
            alt.Tooltip("lag_days:N", title="days after due date")]
    squares = base.mark_rect(stroke="white", strokeWidth=1.5).encode(
        color=alt.Color("status:N", title=None,
                        scale=alt.Scale(domain=list(STATUSES), range=list(STATUSES.values())),
                        legend=alt.Legend(orient="bottom", columns=4, labelExpr=_label_expr(STATUS_LABELS))),
        tooltip=tips,
    )
    crosses = base.transform_filter(alt.FieldEqualPredicate(field="status", equal="absent")).mark_text(
        text="✕", color="white", fontSize=12).encode(tooltip=tips)
    counts = cells["status"].value_counts()
    n = lambda s: int(counts.get(s, 0))  # noqa: E731
    due = sum(n(s) for s in ("on_time", "early", "late", "timing_unknown", "absent"))
    sent = due - n("absent")
    subtitle = (f"{sent} of {due} expected messages sent ({n('on_time')} on time, {n('early')} early, "
                f"{n('late')} late, {n('timing_unknown')} timing unknown); {n('absent')} absent; "
                f"{n('unexpected')} sent where custom expects none")
    return alt.layer(squares, crosses, title=alt.Title(title, subtitle=subtitle), width=width,
                     height=max(80, 20 * len(rows)))


# --------------------------------------------------------------------------------------------------
# rhetoric

def _group_labels(group: str) -> dict[str, str]:
    """Readable labels of a grouping column's values (periods, directions); others as they are."""
    if group == "period":
        from .periods import periods_table

        table = periods_table()
        return dict(zip(table["period_id"].astype(str), table["label"].astype(str)))
    if group == "direction":
        return dict(DIRECTION_LABELS)
    return {}


@_built_unchecked
def phrase_heatmap(rates: pd.DataFrame, *, group: str = "period", concept: str = "label", rate: str = "rate",
                   n: str = "n", N: str = "N", top: int | None = None, concept_order: list | None = None,
                   title: str = "How often the messages quote each stock phrase",
                   width: int | None = None) -> alt.LayerChart | alt.Chart:
    """Heatmap of phrase presence rates: concept × group (period, direction, ...), the share of the
    group's messages quoting the concept as colour and printed percentage; tooltips give the raw
    counts (``n`` of ``N`` messages).

    ``rates`` is :func:`dprk_china.rhetoric.presence_rates`'s table (one row per group and concept;
    columns ``label`` or ``concept_id``, the ``group`` column, ``n``, ``N``, ``rate``). ``top`` keeps
    the concepts quoted by the most messages overall (default all, in the table's order); concepts
    no message quotes are left out.
    """
    if rates is None or len(rates) == 0:
        return no_data(title, width=width or WIDTH)
    if concept not in rates.columns:
        concept = "concept_id"
    labels = _group_labels(group)
    data = pd.DataFrame({
        "concept": rates[concept].astype("string"),
        # short column headers ("Summitry", "Xi → Kim"); the full label is in the tooltip
        "group": rates[group].astype("string").map(lambda g: labels.get(g, g).split(" (")[0]),
        "rate": rates[rate].astype("float"),
        "n": rates[n].astype("Int64") if n in rates.columns else pd.NA,
        "N": rates[N].astype("Int64") if N in rates.columns else pd.NA,
    })
    if "category" in rates.columns:
        data["category"] = rates["category"].astype("string")
    # column headers: the group's label and its number of messages
    sizes = data.drop_duplicates("group").set_index("group")["N"]
    data["group"] = [f"{g} (n={int(sizes[g])})" if not pd.isna(sizes.get(g, pd.NA)) else g for g in data["group"]]
    groups = list(dict.fromkeys(data["group"].dropna()))       # the table's order (periods in time order)
    if "n" in rates.columns and data["n"].notna().any():
        used = data.groupby("concept", sort=False)["n"].sum()
        used = used[used > 0]
        ranked = list(used.sort_values(ascending=False, kind="stable").index)
        keep = ranked[:top] if top else ranked
        data = data[data["concept"].isin(keep)]
        concepts = concept_order or [c for c in dict.fromkeys(data["concept"])]
        if top and not concept_order:
            concepts = keep
    else:
        concepts = concept_order or list(dict.fromkeys(data["concept"]))
    if data.empty:
        return no_data(title, message="No message in the selection quotes a stock phrase", width=width or WIDTH)
    data = _plain(data)
    data["rate_text"] = [("" if pd.isna(r) else f"{r:.0%}") for r in data["rate"]]
    width = width or max(220, 110 * len(groups))
    tips = [alt.Tooltip("concept:N", title="phrase"), alt.Tooltip("group:N", title=group),
            alt.Tooltip("rate:Q", format=".0%", title="share of messages"),
            alt.Tooltip("n:Q", title="messages quoting it"), alt.Tooltip("N:Q", title="messages in the group")]
    if "category" in data:
        tips.insert(1, alt.Tooltip("category:N"))
    base = alt.Chart(_inline(data)).encode(
        x=alt.X("group:N", title=None, sort=groups, scale=alt.Scale(domain=groups),
                axis=alt.Axis(labelAngle=-20, labelAlign="left", orient="top", labelLimit=240)),
        y=alt.Y("concept:N", title=None, sort=concepts, scale=alt.Scale(domain=concepts),
                axis=alt.Axis(labelLimit=270)),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("rate:Q", title="share of messages", scale=alt.Scale(domain=[0, 1], scheme="blues"),
                        legend=alt.Legend(format="%", orient="right")),
        tooltip=tips,
    )
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text("rate_text:N"),
        color=alt.ColorValue("black", condition={"test": "datum.rate > 0.55", "value": "white"}),
        tooltip=tips,
    )
    return alt.layer(cells, text, title=title, width=width, height=max(80, 18 * len(concepts)))


@_built_unchecked
def keyness_bars(keyness: pd.DataFrame, *, score: str = "log_ratio", top: int | None = 15, concept: str = "label",
                 label_a: str | None = None, label_b: str | None = None, title: str | None = None,
                 width: int = 460) -> alt.Chart:
    """Bars of keyness: which phrases set group a apart from group b. The bar is ``score`` (default
    the binary log ratio of the two rates: +1 means twice as common in a), coloured by the group the
    phrase is typical of; tooltips carry the raw counts (``n_a`` of ``N_a``, ``n_b`` of ``N_b``), G²
    and its p-value.

    ``keyness`` is :func:`dprk_china.rhetoric.keyness`'s table (sorted by G², highest first); ``top``
    keeps its first rows. Group names come from ``group_a``/``group_b`` unless given.
    """
    if keyness is None or len(keyness) == 0:
        return no_data(title or "Phrases typical of one group", width=width)
    if concept not in keyness.columns:
        concept = "concept_id"
    table = keyness.head(top) if top else keyness
    label_a = label_a or (str(table["group_a"].iloc[0]) if "group_a" in table else "a")
    label_b = label_b or (str(table["group_b"].iloc[0]) if "group_b" in table else "b")
    pretty = {**_group_labels("period"), **DIRECTION_LABELS}
    label_a, label_b = pretty.get(label_a, label_a), pretty.get(label_b, label_b)
    title = title or f"Phrases typical of {label_a} vs {label_b}"
    data = pd.DataFrame({"concept": table[concept].astype("string"), "score": table[score].astype("float")})
    for column in ("n_a", "N_a", "n_b", "N_b"):
        if column in table.columns:
            data[column] = table[column].astype("Int64")
    for column in ("g2", "p_value"):
        if column in table.columns:
            data[column] = table[column].astype("float")
    data = data.sort_values("score", ascending=False, kind="stable")
    data["typical_of"] = [label_a if v > 0 else label_b if v < 0 else "neither" for v in data["score"]]
    data = _plain(data)
    order = list(data["concept"])
    tips = [alt.Tooltip("concept:N", title="phrase"), alt.Tooltip("score:Q", format=".2f", title=score),
            alt.Tooltip("typical_of:N", title="typical of")]
    for column, text in (("n_a", f"messages quoting it: {label_a}"), ("N_a", f"messages of {label_a}"),
                         ("n_b", f"messages quoting it: {label_b}"), ("N_b", f"messages of {label_b}")):
        if column in data:
            tips.append(alt.Tooltip(f"{column}:Q", title=text))
    if "g2" in data:
        tips += [alt.Tooltip("g2:Q", format=".2f", title="G²"), alt.Tooltip("p_value:Q", format=".3f", title="p")]
    axis_title = "log₂ ratio of the rates" if score == "log_ratio" else score
    return alt.Chart(_inline(data), title=title).mark_bar().encode(
        x=alt.X("score:Q", title=f"{axis_title} (→ {label_a}, ← {label_b})"),
        y=alt.Y("concept:N", title=None, sort=order, axis=alt.Axis(labelLimit=300)),
        color=alt.Color("typical_of:N", title="typical of",
                        scale=alt.Scale(domain=[label_a, label_b, "neither"], range=["#c0392b", "#2c6fbb", "#999999"]),
                        legend=alt.Legend(orient="top")),
        tooltip=tips,
    ).properties(width=width, height=max(60, 18 * len(order)))


def phrase_presence(exchanges: pd.DataFrame, message_phrases: pd.DataFrame, lexicon: pd.DataFrame | None = None,
                    *, by: str = "period", top: int | None = 20, quoted_only: bool = False, **kwargs):
    """:func:`phrase_heatmap` of :func:`dprk_china.rhetoric.presence_rates` for the messages given
    (a filter panel passes its selection)."""
    title = kwargs.get("title", "How often the messages quote each stock phrase")
    if exchanges is None or len(exchanges) == 0:
        return no_data(title, width=kwargs.get("width") or WIDTH)
    from .rhetoric import presence_rates

    rates = presence_rates(exchanges, message_phrases, by=by, lexicon=lexicon, quoted_only=quoted_only)
    return phrase_heatmap(rates, group=by, top=top, **kwargs)


def phrase_keyness(exchanges: pd.DataFrame, message_phrases: pd.DataFrame, lexicon: pd.DataFrame | None = None,
                   *, by: str = "direction", a="CN→KP", b="KP→CN", top: int | None = 15, **kwargs):
    """:func:`keyness_bars` of :func:`dprk_china.rhetoric.keyness` (group ``a`` vs ``b`` of ``by``) for
    the messages given."""
    if exchanges is None or len(exchanges) == 0:
        return no_data(kwargs.get("title") or "Phrases typical of one group", width=kwargs.get("width", 460))
    from .rhetoric import keyness

    table = keyness(exchanges, message_phrases, by=by, a=a, b=b, lexicon=lexicon)
    return keyness_bars(table, top=top, **kwargs)
