"""A real browser: the explorer served by Voila on 127.0.0.1, opened in headless Chromium, no internet.

Needs Debian's ``chromium`` (``make system-deps``), and ``voila`` and ``playwright`` in the Python
that runs the tests (Playwright drives the system Chromium; it downloads no browser). Without
chromium the test is skipped, unless the environment variable CI is set: then it fails.
Screenshots go to tests/artifacts/.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "04_explorer.ipynb"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
N_CHARTS = 4  # timeline, per year, occasion mix, reply lag

pytestmark = pytest.mark.slow

# Signatures of the rendered Vega views (the SVG's markup or the canvas's pixels), in page order.
CHART_SIGNATURES_JS = """
() => [...document.querySelectorAll('.vega-embed')].map(e => {
    const m = e.querySelector('svg.marks, canvas.marks, svg, canvas');
    if (!m) return null;
    const s = m.tagName.toLowerCase() === 'canvas' ? m.toDataURL() : m.outerHTML;
    let h = 5381; for (let i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) | 0;
    return m.tagName.toLowerCase() + ':' + (h >>> 0).toString(16) + ':' + s.length;
})
"""

# Marks every Vega view's SVG element; MARKED_VIEWS_JS then tells which views still show that element.
MARK_VIEWS_JS = "() => document.querySelectorAll('.vega-embed svg.marks').forEach(s => { s.dataset.drawnBefore = '1'; })"
MARKED_VIEWS_JS = ("() => [...document.querySelectorAll('.vega-embed')].map("
                   "e => e.querySelector('svg.marks')?.dataset.drawnBefore === '1')")
TITLES_JS = "() => [...document.querySelectorAll('.vega-embed svg.marks')].map(s => s.querySelector('.role-title')?.textContent ?? '')"


def _require(name: str):
    return pytest.importorskip(name, reason=f"{name} is not installed in this environment")


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        reason = "Debian chromium is not installed (apt-get install chromium, or make system-deps)"
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI is set, so the browser test may not be skipped")
        pytest.skip(reason)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> list[int]:
    """All descendant PIDs of ``pid`` (kernels run in sessions of their own)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    out, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            out.append(child)
            stack.append(child)
    return out


class VoilaServer:
    """``voila NOTEBOOK`` on 127.0.0.1:PORT; stop() ends it and the kernels it started, by PID."""

    def __init__(self, notebook: Path, log: Path, runtime_dir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime_dir), PYTHONUNBUFFERED="1")
        self.log = open(log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={self.port}",
             "--Voila.ip=127.0.0.1", "--show_tracebacks=True"],
            cwd=str(notebook.parent), env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.children: set[int] = set()

    def wait_ready(self, timeout: float = 60) -> None:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"voila exited with {self.proc.returncode}; see {self.log.name}")
            try:
                with opener.open(self.url + "voila/static/voila.js", timeout=2) as response:
                    if response.status < 500:
                        return
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"voila did not answer at {self.url} within {timeout} s")

    def remember_children(self) -> None:
        if self.proc.poll() is None:
            self.children.update(descendants(self.proc.pid))

    def stop(self) -> None:
        self.remember_children()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)     # voila shuts its kernels down on SIGTERM
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        for pid in sorted(self.children):
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.log.close()


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme not in ("http", "https", "ws", "wss") or parsed.hostname in ("127.0.0.1", "localhost")


def test_explorer_in_headless_chromium_redraws_after_a_filter_change(tmp_path):
    chromium = chromium_path()
    _require("voila")
    sync_api = _require("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    server = VoilaServer(NOTEBOOK, ARTIFACTS / "voila_explorer.log", tmp_path / "runtime")
    blocked: list[str] = []
    page_errors: list[str] = []
    try:
        server.wait_ready()
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_FLAGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.route("**/*", lambda route: route.continue_() if is_local(route.request.url)
                           else (blocked.append(route.request.url), route.abort()))
                page.on("pageerror", lambda error: page_errors.append(str(error)))
                # Voila streams its page: "load" never fires; wait for readyState, then for the charts.
                page.goto(server.url, wait_until="commit", timeout=90_000)
                page.wait_for_function("() => document.readyState !== 'loading'", timeout=90_000)
                page.wait_for_function(
                    f"() => document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length >= {N_CHARTS}",
                    timeout=120_000, polling=200)
                page.wait_for_selector(".widget-dropdown select", timeout=60_000)
                server.remember_children()
                before = page.evaluate(CHART_SIGNATURES_JS)
                assert len(before) >= N_CHARTS and all(before), before
                status_before = page.inner_text(".widget-html-content >> text=/messages match/")
                page.screenshot(path=str(ARTIFACTS / "explorer_1_loaded.png"), full_page=True)
                page.evaluate(MARK_VIEWS_JS)
                table_before = page.inner_text("table.dprk-table")

                page.select_option(".widget-dropdown select", label="Kim → Xi (KP→CN)")
                page.wait_for_function(
                    "(before) => { const now = (" + CHART_SIGNATURES_JS + ")();"
                    " return now.length === before.length && now.every((s, i) => s && s !== before[i]); }",
                    arg=before, timeout=30_000, polling=100)
                after = page.evaluate(CHART_SIGNATURES_JS)
                # the table is sent after the charts and may arrive after they have redrawn
                page.wait_for_function("(old) => document.querySelector('table.dprk-table')?.innerText !== old",
                                       arg=table_before, timeout=30_000, polling=100)
                status_after = page.inner_text(".widget-html-content >> text=/messages match/")
                page.screenshot(path=str(ARTIFACTS / "explorer_2_after_direction_change.png"), full_page=True)
                table_text = page.inner_text("table.dprk-table")
                kept_after_change = page.evaluate(MARKED_VIEWS_JS)
                titles_after_change = page.evaluate(TITLES_JS)

                # an empty selection draws the "no messages match" charts, a reset the charts again
                page.fill(".widget-text input", "no such words anywhere")
                page.keyboard.press("Enter")
                page.wait_for_function("() => [...document.querySelectorAll('.vega-embed')].every("
                                       "e => e.textContent.includes('No messages match'))", timeout=30_000, polling=100)
                page.click("button:has-text('Reset filters')")
                page.wait_for_function("() => [...document.querySelectorAll('.vega-embed')].every("
                                       "e => e.querySelector('svg.marks') && !e.textContent.includes('No messages match'))",
                                       timeout=30_000, polling=100)
                titles_after_reset = page.evaluate(TITLES_JS)
            finally:
                browser.close()
    finally:
        server.stop()
    assert all(a != b for a, b in zip(after, before)), "every chart should redraw after the filter change"
    assert status_before != status_after and "of" in status_after
    assert "KP→CN" in table_text and "CN→KP" not in table_text
    # a filter change updates the drawn Vega views in place (same SVG elements), titles included
    assert kept_after_change == [True] * len(before), kept_after_change
    matching = re.search(r"(\d+) of (\d+) messages", status_after).groups()
    assert all(f"{matching[0]} messages" in title for title in titles_after_change[:3]), titles_after_change
    assert all(f"{matching[1]} messages" in title for title in titles_after_reset[:3]), titles_after_reset
    assert not page_errors, page_errors
    # Voila asks a CDN for Font Awesome CSS; nothing the charts or widgets need leaves the machine.
    assert all("fontawesome" in url for url in blocked), blocked
