"""Showing Altair charts with no internet, and where no JavaScript runs.

Altair's default renderer loads Vega from a CDN (blank offline) and Altair 6's ``mimetype`` renderer
uses a MIME type that JupyterLab and Voila do not bundle. This module gives every chart a MIME bundle
that works everywhere:

- ``application/vnd.vegalite.v5+json``: the spec, drawn by the Vega-Lite renderer that JupyterLab and
  Voila ship (offline; the v5 library draws the plain bar/line/rule/rect/text/point/layer charts of
  :mod:`dprk_china.charts`);
- ``image/svg+xml``: a static picture made by vl-convert in the kernel, for GitHub, nbviewer and
  exported notebooks;
- ``text/plain``: the chart's title.

>>> from dprk_china import render
>>> render.enable()          # every Altair chart shown in this kernel gets that bundle  # doctest: +SKIP

Interactive panels use :class:`LiveChart`, an ``alt.JupyterChart`` loaded offline (its JavaScript
is bundled by vl-convert, not fetched from a CDN) whose display carries the same static fallbacks and
whose browser side updates a drawn chart in place when only its data changed.

This module imports Altair; ``import dprk_china`` does not import it.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

import traitlets

from ._altair import alt

#: The Vega-Lite MIME type that JupyterLab 4 and Voila render with their bundled library.
VEGALITE_V5_MIME = "application/vnd.vegalite.v5+json"
SVG_MIME = "image/svg+xml"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
RENDERER_NAME = "dprk_china"


def _vl_version() -> str:
    # vl-convert names versions like 'v6_4' (Altair's SCHEMA_VERSION is 'v6.4.1')
    return "_".join(alt.SCHEMA_VERSION.split(".")[:2])


def to_spec(chart) -> dict:
    """The Vega-Lite spec of ``chart`` (a chart or an already made spec dict)."""
    if isinstance(chart, dict):
        return chart
    return chart.to_dict()


#: The static SVG's font. vl-convert lays text out with the widths of the font it has and the SVG
#: keeps the text as text, drawn later in the viewer's font: with plain "sans-serif" (laid out in
#: vl-convert's Liberation Sans, drawn in DejaVu Sans by a Linux browser) long axis labels ran off the
#: edge and legend entries overlapped. Liberation Sans, Arimo, Arial and Helvetica share one set of
#: widths; vl-convert has Liberation Sans built in (a font it must look up makes a chart ~5x slower).
STATIC_FONT = "Liberation Sans, Arimo, Arial, Helvetica, sans-serif"


def to_svg(chart) -> str:
    """A static SVG of ``chart`` (or of a spec dict), rendered by vl-convert without a browser or network,
    in :data:`STATIC_FONT` unless the chart sets its own font."""
    import vl_convert as vlc

    spec = to_spec(chart)
    config = spec.get("config") or {}
    if "font" not in config:
        spec = {**spec, "config": {**config, "font": STATIC_FONT}}
    return vlc.vegalite_to_svg(spec, vl_version=_vl_version())


def _title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title) if title else "chart"


def static_bundle(chart, svg: bool = True) -> dict[str, Any]:
    """The offline MIME bundle of a chart: Vega-Lite spec (v5 MIME type), static SVG, plain text."""
    spec = to_spec(chart)
    bundle: dict[str, Any] = {VEGALITE_V5_MIME: spec, "text/plain": f"<Altair chart: {_title(spec)}>"}
    if svg:
        bundle[SVG_MIME] = to_svg(spec)
    return bundle


def renderer(spec: dict, **metadata) -> tuple[dict, dict]:
    """An Altair renderer (``alt.renderers``) that returns :func:`static_bundle` of the spec."""
    bundle = static_bundle(spec)
    return bundle, ({VEGALITE_V5_MIME: metadata} if metadata else {})


def enable(offline_widgets: bool = False) -> None:
    """Make every Altair chart displayed in this kernel render offline and statically.

    Registers and enables the ``"dprk_china"`` Altair renderer. With ``offline_widgets=True`` also
    switches ``alt.JupyterChart`` to its offline JavaScript (:func:`enable_offline_widgets`).
    """
    if RENDERER_NAME not in alt.renderers.names():
        alt.renderers.register(RENDERER_NAME, renderer)
    alt.renderers.enable(RENDERER_NAME)
    if offline_widgets:
        enable_offline_widgets()


def enable_offline_widgets() -> None:
    """Load ``alt.JupyterChart``'s JavaScript from vl-convert instead of a CDN.

    vl-convert bundles it (~0.9 MB) in about 2 s, in every new kernel; the bundle is kept in
    :func:`offline_bundle_path` and reused while Altair, its JavaScript and vl-convert stay the same.
    The bundle travels in the widget's state: strip widget state when saving notebooks
    (``scripts/execute_notebooks.py`` does).
    """
    chart_class = alt.JupyterChart
    if chart_class._is_offline:
        return
    cached = _read_bundle(offline_bundle_path())
    if cached:
        # What Altair's enable_offline() sets, without bundling again.
        chart_class._esm, chart_class._is_offline = cached, True
        return
    chart_class.enable_offline()
    _write_bundle(offline_bundle_path(), chart_class._esm)


def _read_bundle(path: Path) -> str:
    """A cached bundle's text, or '' when there is none (an empty file counts as none)."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _write_bundle(path: Path, text: str) -> None:
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    try:  # a cache that cannot be written only costs the 2 s next time
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)  # atomic: another kernel never reads half a bundle
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)  # no half-written file left behind


def _cache_dir() -> Path:
    base = os.environ.get("DPRK_CHINA_CACHE")
    if not base:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dprk_china"
    return Path(base)


def offline_bundle_path() -> Path:
    """Where the offline JupyterChart bundle is cached: ``$DPRK_CHINA_CACHE`` or the user's cache
    folder (``$XDG_CACHE_HOME`` or ``~/.cache``) under ``dprk_china/``, named by what it is made from."""
    import vl_convert as vlc
    from altair.jupyter.jupyter_chart import load_js_src

    made_from = f"{alt.__version__} {vlc.__version__} {load_js_src()}".encode()
    return _cache_dir() / f"jupyterchart-{hashlib.sha256(made_from).hexdigest()[:16]}.js"


#: The browser side of :class:`LiveChart` (Altair's JupyterChart front end, updating views in place).
LIVE_CHART_JS = Path(__file__).with_name("livechart.js")


def live_chart_bundle_path() -> Path:
    """Where the offline bundle of :data:`LIVE_CHART_JS` is cached (next to :func:`offline_bundle_path`),
    named by what it is made from."""
    import vl_convert as vlc

    made_from = f"{_vl_version()} {vlc.__version__} {LIVE_CHART_JS.read_text(encoding='utf-8')}".encode()
    return _cache_dir() / f"livechart-{hashlib.sha256(made_from).hexdigest()[:16]}.js"


def live_chart_bundle() -> str:
    """:data:`LIVE_CHART_JS` bundled by vl-convert with Vega, Vega-Lite and vega-embed (no CDN):
    made once (about 2 s) and then read from :func:`live_chart_bundle_path`."""
    path = live_chart_bundle_path()
    cached = _read_bundle(path)
    if cached:
        return cached
    import vl_convert as vlc

    bundle = vlc.javascript_bundle(LIVE_CHART_JS.read_text(encoding="utf-8"), vl_version=_vl_version())
    _write_bundle(path, bundle)
    return bundle


class LiveChart(alt.JupyterChart):
    """An offline ``alt.JupyterChart`` that a filter panel updates in place (``live.chart = new_chart``).

    Its display carries, besides the widget view, the static bundle of the chart it was displayed
    with: the Vega-Lite spec (drawn by JupyterLab from a saved notebook without a kernel) and an SVG
    (GitHub, nbviewer). With a live kernel, JupyterLab and Voila show the widget.

    Its browser side (:data:`LIVE_CHART_JS`) is Altair's, except that a new chart differing from the
    drawn one only in data rows, title text or literal scale domains (a filter change) updates the
    drawn Vega view in place instead of embedding the chart again: faster, and a legend selection the
    reader made stays. (Altair's VegaFusion data transformer is not supported by it.)
    """

    def __init__(self, chart, **kwargs):
        enable_offline_widgets()
        if "_esm" not in LiveChart.__dict__:  # read (or made) once per kernel; anywidget sends it
            LiveChart._esm = live_chart_bundle()
        kwargs.setdefault("embed_options", {"actions": False})
        super().__init__(chart, **kwargs)

    @traitlets.observe("chart")
    def _on_change_chart(self, change):
        # A filter change gives a chart of the same function with other data: same params, new spec.
        # Altair's handler validates the whole spec against the Vega-Lite schema on every assignment,
        # ~40% of a redraw; the chart functions' specs are validated by the tests and on first display.
        old, new = change.old, change.new
        if old is not None and new is not None and _param_names(old) == _param_names(new):
            self.spec = new.to_dict(validate=False)
            return
        alt.JupyterChart._on_change_chart(self, change)  # first chart, or params changed: rebuild them

    def __repr__(self) -> str:
        # a stable text (the default shows a memory address)
        return f"<LiveChart: {_title(self.spec or {})}>"

    def _repr_mimebundle_(self, **kwargs):
        data, metadata = super()._repr_mimebundle_(**kwargs)
        if self.spec:
            data.update(static_bundle(self.spec))
            data["text/plain"] = repr(self)
        return data, metadata


def _param_names(chart) -> list[str]:
    """Names of a chart's params, its layers' included (the selections a JupyterChart tracks)."""
    names = []
    for part in [chart, *(getattr(chart, "layer", None) or [])]:
        params = getattr(part, "params", alt.Undefined)
        if params is not alt.Undefined:
            names.extend(str(getattr(p, "name", p)) for p in params)
    return sorted(names)


def widget_bundle(widget, fallback_html: str | None = None, text: str | None = None) -> dict[str, Any]:
    """A display bundle of an ipywidget with static fallbacks (for :func:`IPython.display.display` with
    ``raw=True``): viewers without the widget's state show ``fallback_html`` or ``text``."""
    data = {WIDGET_MIME: {"version_major": 2, "version_minor": 0, "model_id": widget.model_id},
            "text/plain": text or f"<{type(widget).__name__} widget: needs a live kernel>"}
    if fallback_html is not None:
        data["text/html"] = fallback_html
    return data

