"""In a real browser: milliseconds from a filter change to the redrawn charts of the explorer.

Serves notebooks/04_explorer.ipynb with Voila on 127.0.0.1, opens it in headless Debian Chromium
(Playwright, outside requests blocked), then flips the direction dropdown back and forth. Each change
is made and timed inside the page: ``performance.now()`` just before the ``change`` event is
dispatched, then a MutationObserver on every Vega view records when each view's SVG first reaches
the content it settles on (so a half-drawn view does not count). That covers the whole round trip:
widget message to the kernel, filtering and chart building there, the new spec back over the
websocket, and Vega's re-render.

Target: <= 150 ms for a chart to redraw (median of the first view to redraw); also reported: each
chart's median and the time until all four have redrawn.

    python benchmarks/browser_redraw.py [--changes 20]

Writes benchmarks/results/browser_redraw.json and prints a summary. Needs chromium, voila, playwright.
"""
from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from test_browser import CHROMIUM_FLAGS, N_CHARTS, NOTEBOOK, VoilaServer, is_local  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "browser_redraw.json"
TARGET_MS = 150.0
LABELS = ["Kim → Xi (KP→CN)", "Xi → Kim (CN→KP)", "both directions"]

# One change, timed in the page. Resolves with {times: [ms per view or null], total_ms}.
MEASURE_JS = """
async ({label, quietMs, timeoutMs}) => {
  const views = [...document.querySelectorAll('.vega-embed')];
  const sig = (e) => { const m = e.querySelector('svg.marks, svg, canvas');
    if (!m) return null; return m.tagName.toLowerCase() === 'canvas' ? m.toDataURL() : m.outerHTML; };
  const before = views.map(sig);
  const log = views.map(() => []);            // [time, signature] on every mutation of a view
  let last = performance.now();
  const observers = views.map((view, i) => { const o = new MutationObserver(() => {
      const now = performance.now(); last = now; log[i].push([now, sig(view)]); });
    o.observe(view, {childList: true, subtree: true, attributes: true, characterData: true}); return o; });
  const select = document.querySelector('.widget-dropdown select');
  const option = [...select.options].find(o => o.textContent.replace(/\u00a0/g, ' ').trim() === label);  // ipywidgets shows spaces as NBSP
  if (!option) throw new Error('no option ' + label + ' in ' + JSON.stringify([...select.options].map(o => o.textContent)));
  const t0 = performance.now();
  select.value = option.value;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  // wait until every view changed and nothing moved for quietMs (or the timeout)
  await new Promise(resolve => { const tick = () => {
      const now = performance.now();
      const allChanged = log.every((l, i) => l.length && l[l.length - 1][1] !== before[i]);
      if ((allChanged && now - last > quietMs) || now - t0 > timeoutMs) resolve(); else setTimeout(tick, 10); };
    tick(); });
  observers.forEach(o => o.disconnect());
  const times = views.map((view, i) => { const final = sig(view);
    if (final === before[i]) return null;
    const hit = log[i].find(([t, s]) => s === final); return hit ? hit[0] - t0 : null; });
  return {times, settled_ms: last - t0};
}
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=20, help="filter changes to time (after 2 warm-ups)")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="browser_redraw_"))
    server = VoilaServer(NOTEBOOK, tmp / "voila.log", tmp / "runtime")
    samples = []
    try:
        server.wait_ready()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
                start = time.perf_counter()
                page.goto(server.url, wait_until="commit", timeout=90_000)
                page.wait_for_function("() => document.readyState !== 'loading'", timeout=90_000)
                page.wait_for_function(
                    f"() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= {N_CHARTS}",
                    timeout=120_000, polling=100)
                page.wait_for_selector(".widget-dropdown select", timeout=60_000)
                first_chart_s = time.perf_counter() - start
                page.wait_for_timeout(2000)   # let the first renders settle
                server.remember_children()
                for i in range(args.changes + 2):
                    label = LABELS[i % len(LABELS)]
                    result = page.evaluate(MEASURE_JS, {"label": label, "quietMs": 300, "timeoutMs": 10_000})
                    if i >= 2:
                        samples.append({"to": label, **result})
            finally:
                browser.close()
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    def stats(values):
        values = sorted(v for v in values if v is not None)
        if not values:
            return None
        return {"median": round(statistics.median(values), 1), "min": round(values[0], 1),
                "p90": round(values[min(len(values) - 1, int(0.9 * len(values)))], 1), "n": len(values)}

    names = ["timeline", "per_year", "occasion_mix", "reply_lag"]
    per_chart = {names[i] if i < len(names) else f"view_{i}": stats([s["times"][i] for s in samples])
                 for i in range(len(samples[0]["times"]))}
    first = stats([min(t for t in s["times"] if t is not None) for s in samples if any(s["times"])])
    every = stats([max(s["times"]) if all(t is not None for t in s["times"]) else None for s in samples])
    result = {"first_chart_redrawn_ms": first, "all_charts_redrawn_ms": every, "per_chart_ms": per_chart,
              "changes": len(samples), "target_ms": TARGET_MS,
              "meets_target": bool(first and first["median"] <= TARGET_MS),
              "page_first_load_s": round(first_chart_s, 2), "samples": samples,
              "python": platform.python_version(), "machine": platform.machine()}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"filter change -> redrawn chart, median over {len(samples)} changes (target <= {TARGET_MS:.0f} ms):")
    print(f"  first chart redrawn: {first['median']} ms (p90 {first['p90']})")
    for name, value in per_chart.items():
        print(f"  {name:13s} {value['median'] if value else 'n/a'} ms")
    if every:
        print(f"  all {len(per_chart)} charts redrawn: {every['median']} ms (p90 {every['p90']})")
    print(f"  page load to first charts: {first_chart_s:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
