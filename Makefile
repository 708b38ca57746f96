# The two set-up commands (see README): `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test lint bench system

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

## run: install and serve the bundled seed article's graph on the embedded store
run: $(VENV)/.installed
	$(BIN)/newskg serve --host $(HOST) --port $(PORT)

## test: install system and test dependencies, then run the whole test suite
test: system $(VENV)/.installed-test
	PATH="$(CURDIR)/$(BIN):$$PATH" scripts/run-tests

system:
	scripts/install-system-deps

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.server
