# archdecide - two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

STAGED     := build/staged

.PHONY: run test lint stage bench bytecode trust lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

LOCK := requirements.lock

$(STAMP_RUN): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e .
	touch $@

$(STAMP_TEST): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[test]'
	touch $@ $(STAMP_RUN)

## Start the wizard on the bundled knowledge pack.
run: $(STAMP_RUN) bytecode
	$(BIN)/archdecide

## Install the test extras and run ruff, the import contracts and the whole test suite.
## Three workers on two cores: a third of the suite waits on a child (ptys, real tools), and
## work stealing keeps the last long tests from running alone (148 s -> 132 s, same machine).
test: lint bytecode
	$(BIN)/python -m pytest -n 3 --dist worksteal

## ruff, then the import contracts and mypy (strict on knowledge/ and decisions/).
lint: $(STAMP_TEST) stage
	$(BIN)/ruff check .
	cd $(STAGED) && $(CURDIR)/$(BIN)/lint-imports --config $(CURDIR)/pyproject.toml --no-cache
	cd $(STAGED) && $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/pyproject.toml archdecide

## import-linter and mypy read folders, not the setuptools mapping: check a copy laid out as
## installed, archdecide/ with knowledge/, decisions/ and tui/ inside it.
stage:
	rm -rf $(STAGED) && mkdir -p $(STAGED)/archdecide
	cp -r archdecide/*.py knowledge decisions tui $(STAGED)/archdecide/

bench: $(STAMP_TEST) bytecode
	$(BIN)/python -m bench

## Compile the project's bytecode, as pip does for an installed wheel: an editable install
## under PYTHONDONTWRITEBYTECODE=1 (set on this machine and in many CI images) would otherwise
## recompile every module at every start (~0.25 s of `decide`). Only changed files are redone.
bytecode: | $(BIN)/python
	$(BIN)/python -m compileall -q archdecide knowledge decisions tui >/dev/null

## After editing the bundled pack or knowledge/schema.py: let the compiled TOML parser read
## it again (its files' digests; tests/test_trusted_pack.py checks rtoml reads each exactly as
## tomllib does) and ship it pickled (knowledge/trusted_pack.pickle, loaded in ~4 ms instead
## of ~30; the test checks it is the pack its files give). A fixed hash seed keeps the pickle
## the same bytes from run to run.
trust: $(STAMP_RUN)
	PYTHONHASHSEED=0 $(BIN)/python -m archdecide.knowledge.trust_build

## After changing a dependency in pyproject.toml: the exact versions to install, from a new
## environment that resolves pyproject.toml alone (then make test, and commit both files).
lock:
	rm -rf build/lock && $(PYTHON) -m venv build/lock
	build/lock/bin/python -m pip install --quiet '.[test]'
	{ sed -n '1,3p' $(LOCK); build/lock/bin/python -m pip freeze --exclude-editable \
		| grep -v '^archdecide'; } > $(LOCK).new && mv $(LOCK).new $(LOCK)

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache .hypothesis build dist *.egg-info
