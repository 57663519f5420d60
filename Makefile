# archdecide - two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

IMPORTS    := build/import-graph

.PHONY: run test lint imports bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

## Start the wizard on the bundled knowledge pack.
run: $(STAMP_RUN)
	$(BIN)/archdecide

## Install the test extras and run ruff, the import contracts and the whole test suite.
test: lint
	$(BIN)/python -m pytest

lint: $(STAMP_TEST) imports
	$(BIN)/ruff check .

## The import contracts, checked on the package as it is installed: archdecide/ with knowledge/,
## decisions/ and tui/ inside it (import-linter reads folders, not the setuptools mapping).
imports: $(STAMP_TEST)
	rm -rf $(IMPORTS) && mkdir -p $(IMPORTS)/archdecide
	cp -r archdecide/*.py knowledge decisions tui $(IMPORTS)/archdecide/
	cd $(IMPORTS) && $(CURDIR)/$(BIN)/lint-imports --config $(CURDIR)/pyproject.toml --no-cache

bench: $(STAMP_TEST)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache .hypothesis build dist *.egg-info
