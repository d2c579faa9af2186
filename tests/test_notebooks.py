"""The committed notebooks: numbered, each opening with its question, executed, small, readable without
JavaScript (every chart also as SVG), no widget state saved. (nbval re-runs them: see the Makefile.)"""
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
EXPECTED = ["01_cadence", "02_occasions", "03_rhetoric", "04_explorer", "05_ingest_article"]
MAX_BYTES = 1_000_000
VEGALITE = "application/vnd.vegalite.v5+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def outputs(nb: dict):
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            yield from cell.get("outputs", [])


def test_the_numbered_notebooks_are_all_there():
    assert [p.stem for p in PATHS] == EXPECTED


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_first_cell_is_a_markdown_question(path):
    first = load(path)["cells"][0]
    assert first["cell_type"] == "markdown"
    text = "".join(first["source"])
    assert re.match(r"#\s*\d+\.", text), "starts with a numbered title"
    assert "**Question:" in text and "?" in text


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_small_and_without_widget_state(path):
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size / 1e6:.2f} MB"
    nb = load(path)
    assert "widgets" not in nb["metadata"], "strip widget state (scripts/execute_notebooks.py does)"
    for output in outputs(nb):
        assert "application/vnd.jupyter.widget-state+json" not in output.get("data", {})


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_committed_executed_without_errors(path):
    nb = load(path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c["execution_count"] is not None for c in code), "commit the notebook executed"
    assert not [o for o in outputs(nb) if o["output_type"] == "error"]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_every_chart_and_widget_has_a_static_form(path):
    for output in outputs(load(path)):
        data = output.get("data", {})
        if VEGALITE in data:
            svg = "".join(data.get("image/svg+xml", ""))   # nbformat stores long strings as lists of lines
            assert svg.lstrip().startswith("<svg"), "a chart without its SVG"
        if WIDGET_VIEW in data:
            assert "text/html" in data or "image/svg+xml" in data, "a widget without a static fallback"
        assert not re.search(r"at 0x[0-9a-f]+", "".join(data.get("text/plain", ""))), "memory address in output"


@pytest.mark.parametrize("stem", ["01_cadence", "02_occasions", "03_rhetoric"])
def test_analysis_notebooks_check_their_printed_summaries(stem):
    nb = load(NOTEBOOKS / f"{stem}.ipynb")
    checked = [c for c in nb["cells"] if "NBVAL_CHECK_OUTPUT" in c.get("metadata", {}).get("tags", [])]
    assert len(checked) >= 2
    for cell in checked:
        assert any(o["output_type"] == "stream" for o in cell["outputs"]), "a checked cell prints its summary"


def test_explorer_has_the_panel_charts_and_table():
    nb = load(NOTEBOOKS / "04_explorer.ipynb")
    source = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "widgets.FilterPanel(" in source and "panel.table(" in source
    assert source.count("panel.chart(") >= 4


def test_execute_script_strips_widget_state():
    import importlib.util

    import nbformat

    spec = importlib.util.spec_from_file_location("execute_notebooks", NOTEBOOKS.parent / "scripts" / "execute_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    nb.cells[0].outputs = [nbformat.v4.new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0, "model_id": "ab12" * 8},
        "text/plain": "<widget>"})]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"x": "y" * 1000}}}
    nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    module.strip_widget_state(nb)
    assert "widgets" not in nb.metadata and "execution" not in nb.cells[0].metadata
    assert nb.cells[0].outputs[0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] == "unsaved-0-0"
