# Two commands on a fresh machine (Python 3.11+): `make lab` and `make test`.
# Both create the virtual environment in .venv the first time (pip install -e '.[dev]').
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to run as root without this flag (containers, CI machines).
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root,)
PYTEST_NOTEBOOKS := --nbval-lax --nbval-current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg

.PHONY: env lab test test-fast system-deps notebooks bench metadata clean

env: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Open the notebooks in JupyterLab.
lab: env
	$(BIN)/jupyter lab notebooks/ $(LAB_FLAGS)

## Run the whole test suite: unit tests, notebooks under nbval, the browser test.
test: env system-deps
	$(BIN)/python -m pytest tests notebooks $(PYTEST_NOTEBOOKS)

## Unit tests only (no notebooks, no browser).
test-fast: env
	$(BIN)/python -m pytest tests -m "not slow"

## Debian's chromium and CJK fonts for the browser test (needs root or sudo; skipped when present).
system-deps:
	sh scripts/install-system-deps.sh

## Re-execute the notebooks in place (commit them executed).
notebooks: env
	$(BIN)/python scripts/execute_notebooks.py notebooks/*.ipynb

## Regenerate data/datapackage.json and data/CODEBOOK.md from the field registry.
metadata: env
	$(BIN)/dprk-china metadata --write

bench: env
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
