# Two entry points for a fresh machine: `make seeds` (set up, build the seed, write the
# exports) and `make test` (set up, run the tests). Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: seeds test test-fast lint exports evaluate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

seeds: $(STAMP)
	$(BIN)/kg build seeds
	$(BIN)/python scripts/make_exports.py
	$(BIN)/kg evaluate seeds/*.gold.json

exports: $(STAMP)
	$(BIN)/python scripts/make_exports.py

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check kg tests scripts benchmarks
	$(BIN)/ruff format --check kg tests scripts benchmarks
	$(BIN)/mypy kg

evaluate: $(STAMP)
	$(BIN)/kg evaluate seeds/*.gold.json tests/data/dev/*.gold.json

clean:
	rm -rf $(VENV) kg-store .pytest_cache .mypy_cache .ruff_cache
