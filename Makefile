# `make run` and `make test` work on a fresh clone with only Python 3.11, pip, make and git.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install install-test run test lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/python bot.py

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy .

test: lint typecheck
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python bench/catalog.py
	$(BIN)/python bench/trivia.py
	$(BIN)/python bench/charts.py
	$(BIN)/python bench/announce.py
	$(BIN)/python bench/matching.py
	$(BIN)/python bench/airing.py --servers 2000 --window 120 --tick 1
	$(BIN)/python bench/cluster.py
	$(BIN)/python bench/shard_footprint.py
	$(BIN)/python bench/provider_clients.py
	$(BIN)/python bench/enrich.py
	$(BIN)/python bench/e2e.py

clean:
	rm -rf $(VENV) build *.egg-info
